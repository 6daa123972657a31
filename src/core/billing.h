/* billing.h: what a bill comes to, and the bill run (账单生成). */
#ifndef WUYE_BILLING_H
#define WUYE_BILLING_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/date.h"
#include "store/db.h"

/* The inputs of one bill's amount (CLI.md, Books, "Amounts"). */
struct bill_calc {
	int basis_area;     /* 1: area × rate; 0: rate per unit */
	int64_t area;       /* hundredths of a m² */
	int64_t rate;       /* ten-thousandths of a yuan per month */
	int months;         /* of the cycle */
	int vacant_pct;     /* 100 unless the unit was vacant on the period's first day */
	int liable_days, period_days;
	int parking;        /* the unit word in the explanation: 个 for a parking space, else 户 */
};

/* area × rate × months × vacancy % × liable days ÷ days of the period, rounded half-up
 * to the fen once. */
int64_t bill_amount(const struct bill_calc *c);
/* How the amount was computed, for the owner: "89.57㎡ × ¥1.85/㎡/月 = ¥165.70", with
 * " × 3个月", " × 50%（空置）", " × 17/31天" where they apply. */
void bill_explain(struct buf *out, const struct bill_calc *c, int64_t amount);
/* "1.85", "0.825", "2.00": a rate with at least two decimals. */
void buf_add_rate(struct buf *out, int64_t rate);

struct bill_run_result {
	int64_t run_id;
	int bills;          /* new bills */
	int64_t amount;     /* their total */
	int existing;       /* bills the period already had (not billed again) */
	int64_t settled;    /* settled from prepaid balances by this run */
	json_t *preview;    /* dry run: the bills it would make (caller frees) */
};

/* Bills every unit of the project for every tariff whose cycle starts in `month` (a
 * month period): monthly tariffs for that month, quarterly ones in January, April, July
 * and October, yearly ones in January.  Each liable payer of a unit gets a bill for the
 * days it was liable (the developer before handover, the owner from it; a seller before
 * the sale, the buyer from it).  Bills a period already has are not made again.  Then
 * prepaid balances settle open bills.  Records the run.  One transaction; with dry_run,
 * writes nothing and fills res->preview. */
int bill_run(struct db *db, int64_t project_id, const struct period *month, int today, int64_t staff_id,
	     int dry_run, struct bill_run_result *res, struct buf *err);

#endif
