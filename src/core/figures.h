/* figures.h: the figures of docs/figures.md (指标), as of any day, by project, building,
 * steward and group.
 *
 * Every figure has one definition, written in docs/figures.md and computed here from
 * the summaries of migration 010 (fig_total, fig_day, fig_unit, which the books keep by
 * trigger and `wuye check` proves) and from the collection tables.  The work is split:
 *   figures.c        periods, the pure arithmetic (rates, percentiles), the sums per
 *                    building and their roll-up to projects, stewards and groups
 *   figures_more.c   aging, reasons, channels, the weekly review, the units behind a figure
 *   figures_target.c targets (收费指标) and their progress
 *   figures_check.c  the proof of the summaries for `wuye check`
 *
 * A rate is an int64 in hundredths of a percent (62.57% = 6257), rounded half-up; FIG_NA
 * when its base is zero.  Money is fen.  `today` is the "as of" day: the books as they
 * stand now, dated by business day, with everything after `today` left out.
 */
#ifndef WUYE_FIGURES_H
#define WUYE_FIGURES_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "core/account.h"
#include "store/db.h"

#define FIG_NA INT64_MIN

/* A period: a month "2026-07" or a year "2026". */
struct fig_period {
	char key[9];
	int ps, pe;  /* first and last day */
};

/* Parses "YYYY-MM" or "YYYY"; -1 on anything else. */
int fig_period_parse(const char *s, struct fig_period *p);
/* The month containing day. */
void fig_period_month(int day, struct fig_period *p);

/* num ÷ den in hundredths of a percent, half-up; FIG_NA when den <= 0. */
int64_t fig_rate(int64_t num, int64_t den);
/* A rate as text: "61.88%", "-0.25%", or "—" for FIG_NA; out holds at least 32 bytes. */
void fig_pct_text(char *out, size_t len, int64_t bp);
/* The nearest-rank percentile (1..100) of n values, which it sorts; -1 when n is 0. */
int fig_percentile(int *v, size_t n, int pct);

enum fig_by { FIG_BY_PROJECT, FIG_BY_BUILDING, FIG_BY_STAFF, FIG_BY_GROUP };
/* "project", "building", "staff", "group"; -1 for anything else. */
int fig_by_parse(const char *s, enum fig_by *by);

/* The sums of one slice (a building, or a roll-up of buildings) for a period, as of a day. */
struct fig_sums {
	/* this period's bills: due in [ps, min(pe, today)] */
	int64_t billed, waived, paid;
	/* arrears: bills due before ps; open at the end of ps-1, and what was paid and waived
	 * on them during [ps, min(pe, today)] */
	int64_t open_start, arrears_paid, arrears_waived;
	/* households (户): units with this period's bills due by today, net of waivers > 0 */
	int64_t hh, hh_paid, hh_proactive;
	/* collection work in [ps, min(pe, today)] */
	int64_t contacts, promises_kept, promises_broken, plans_kept, plans_broken;
	/* days from the last due day to settlement, one per household settled */
	int *cycle;
	size_t ncycle, acycle;
};

/* The figures derived from sums, each by its one definition. */
struct fig_rates {
	int64_t rate_amount;    /* 当期收缴率 by amount: paid ÷ (billed − waived) */
	int64_t rate_hh;        /* 户数收缴率: hh_paid ÷ hh */
	int64_t recovery;       /* 清欠率: arrears_paid ÷ open_start */
	int64_t overall;        /* 综合收缴率: (paid + arrears_paid) ÷ (billed − waived + open_start) */
	int64_t proactive;      /* 主动缴费率: hh_proactive ÷ hh */
	int64_t arrears_rate;   /* 欠费率: what is still open ÷ (billed − waived + open_start) */
	int64_t promise_kept;   /* kept ÷ (kept + broken) */
	int64_t plan_kept;
	int64_t collected;      /* paid + arrears_paid: money collected for the period */
	int64_t outstanding;    /* billed − waived − paid + open_start − arrears_paid − arrears_waived */
	int cycle_median, cycle_p90; /* -1 when no household settled */
};
/* Pure; sorts s->cycle. */
void fig_derive(struct fig_sums *s, struct fig_rates *r);

/* One row of a report: a project, building, steward or group. */
struct fig_row {
	int64_t id;            /* project, building, staff or group id; 0 for "no steward" */
	int64_t project_id;
	char key[64];          /* code or login */
	char name[128];
	struct fig_sums s;
	struct fig_rates r;
};

struct fig_rows {
	struct fig_row *v;
	size_t n, alloc;
};
void fig_rows_free(struct fig_rows *rows);

/* The scope of a report: one project, or (project_id 0) every project. */
struct fig_scope {
	int64_t project_id;
	struct fig_period period;
	int today;
	enum fig_by by;
};

/* Sums per building, then rolled up by scope->by; rows are sorted by key.  Stewards are
 * each building's steward on `today` (the latest assignment on or before it); a group is
 * the buildings of its members; buildings without a steward make a row with id 0. */
int fig_compute(struct db *db, const struct fig_scope *scope, struct fig_rows *rows, struct buf *err);

/* The dashboard's rate figures: one project's (or with project_id 0 the company's) rates
 * for the month of `today`, as of today.  out->s.cycle is freed (the cycle's figures are
 * in out->r). */
int fig_dashboard(struct db *db, int64_t project_id, int today, struct fig_row *out, struct buf *err);
/* Adds the sums s to d (the collection cycles too). */
void fig_sums_add(struct fig_sums *d, const struct fig_sums *s);
void fig_sums_free(struct fig_sums *s);

/* One month of the trend of 当期收缴率: the month's figures as of its last day (the month
 * of `today`: as of today), the money ones only (no households). */
struct fig_trend_point {
	struct fig_period period;
	int asof;
	int64_t net, paid;        /* B − W and C */
	int64_t open_start, arrears_paid;
	int64_t rate_amount, recovery;
};
/* The `months` months ending with today's, oldest first, of the projects (n 0: all). */
int fig_trend(struct db *db, const int64_t *project_ids, size_t n, int today, int months,
	      struct fig_trend_point *out, struct buf *err);

/* ---- figures_more.c ---- */

/* Aging of what is open as of today on bills due before it, by days overdue. */
/* The buckets are account.h's (AGING_BUCKETS, aging_names, aging_bucket()). */
struct fig_aging_row {
	int64_t id;
	char key[64], name[128];
	int64_t fen[AGING_BUCKETS], total;
};
int fig_aging(struct db *db, const struct fig_scope *scope, struct fig_aging_row **rows, size_t *n,
	      struct buf *err);

/* Reasons: households of the period not settled as of today, by the reason last recorded
 * for the unit on or before today ('' when none). */
struct fig_reason_row {
	int64_t id;
	char key[64], name[128];
	char reason[32];
	int64_t households;
};
int fig_reasons(struct db *db, const struct fig_scope *scope, struct fig_reason_row **rows, size_t *n,
		struct buf *err);

/* Channel effectiveness: contacts in the period (up to today) by channel, and how many
 * were followed by a payment (not reversed) for the unit within 7 and within 30 days
 * (and by today). */
struct fig_channel_row {
	int64_t id;
	char key[64], name[128];
	char channel[16];
	int64_t contacts, paid7, paid30;
	int64_t rate7, rate30;
};
int fig_channels(struct db *db, const struct fig_scope *scope, struct fig_channel_row **rows, size_t *n,
		 struct buf *err);

/* The weekly review (周例会讲评) for the week ending today: stewards and groups ranked by
 * the rate of today's month, with last week's figures (as of today − 7, for that day's
 * month). */
struct fig_weekly_row {
	int64_t id;
	int group;               /* 0 a person, 1 a group */
	char key[64], name[128];
	int rank, rank_before;   /* 1-based; 0 when there was no figure */
	int64_t rate, rate_before;                 /* 当期收缴率 by amount */
	int64_t recovered, recovered_before;       /* arrears recovered in the week */
	int64_t contacts, contacts_before;         /* contacts made in the week */
	int64_t promises_kept, promises_kept_before; /* promises kept in the week */
};
int fig_weekly(struct db *db, int64_t project_id, int today, struct fig_weekly_row **rows, size_t *n,
	       struct buf *err);

/* The units behind a figure, for the console's lists.  what: "households", "paid",
 * "unpaid", "unpaid:REASON" (unpaid households whose latest reason on or before today is
 * REASON; "unpaid:" those with none), "proactive", "arrears" (open as of today on bills
 * due before it), an aging bucket "aging:N", or "contacted" / "contacted:CHANNEL" (units
 * contacted in the period; amount_fen is then the number of contacts and settle_day the
 * last one).  building_ids (n of them; 0 = all of the project); staff_ids (n of them; 0 =
 * anyone) keeps only the contacts those people made. */
struct fig_unit_row {
	int64_t unit_id;
	char unit[96];
	int64_t amount_fen;      /* households: the period's bills net of waivers; arrears: open as of today */
	int settle_day;          /* DATE_MIN when not settled */
};
int fig_units(struct db *db, const struct fig_scope *scope, const char *what, const int64_t *building_ids,
	      size_t nbuildings, const int64_t *staff_ids, size_t nstaff, struct fig_unit_row **rows, size_t *n,
	      struct buf *err);
/* The buildings a row of fig_compute stands for (a building, a steward's, a group's). */
int fig_row_buildings(struct db *db, const struct fig_scope *scope, int64_t row_id, int64_t **ids, size_t *n,
		      struct buf *err);
/* The people whose work a row of fig_compute by staff or group counts (the person; the
 * group's members). */
int fig_row_staff(struct db *db, const struct fig_scope *scope, int64_t row_id, int64_t **ids, size_t *n,
		  struct buf *err);

/* ---- figures_target.c ---- */

struct fig_target {
	int64_t id, project_id;
	char project[32];       /* its code */
	char period[9];
	char scope[8];          /* project, group, staff */
	int64_t scope_id;
	char key[64], name[128];
	int64_t amount_fen;     /* -1 when not set */
	int64_t rate_bp;        /* -1 when not set */
	/* progress as of today */
	int64_t collected, expected_fen, rate, amount_progress;
};
/* Sets (replaces) a target's amount (amount_fen >= 0) or rate (rate_bp >= 0; -1 keeps
 * the other).  scope_id: the group or staff id, 0 for the project.  Writes one row. */
int fig_target_set(struct db *db, int64_t project_id, const char *period, const char *scope, int64_t scope_id,
		   int64_t amount_fen, int64_t rate_bp, int64_t staff_id, int64_t *id, struct buf *err);
/* The targets of a project (0: every project) for a period ("" = every period), with
 * progress as of today. */
int fig_target_list(struct db *db, int64_t project_id, const char *period, int today, struct fig_target **out,
		    size_t *n, struct buf *err);

/* ---- figures_check.c ---- */

/* Proves fig_total, fig_day and fig_unit equal what the records say (the views of
 * migration 010).  Each difference is one line appended to problems (at most `max`);
 * *count receives their number.  Runs inside the caller's read transaction. */
int fig_check(struct db *db, struct buf *problems, int max, int *count, struct buf *err);

#endif
