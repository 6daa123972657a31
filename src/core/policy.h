/* policy.h: the collection ladder (催缴阶梯) and its settings, per project.
 *
 * The default ladder is CLI.md's: prenotice −7, reminder 1, phone 4, visit 7, notice 30,
 * interview 60, review 90, committee 120, lawyer 365, lawsuit 455 (days overdue of the
 * case's oldest open bill, less paused days).  A project may change every number, who
 * does each staff step, and drop steps; the order of the steps is the law's and the
 * seed's and does not change.  The text form (policy_format) is what `wuye policy show`
 * prints and `wuye policy load` parses.
 */
#ifndef WUYE_POLICY_H
#define WUYE_POLICY_H

#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

enum step {
	STEP_PRENOTICE, STEP_REMINDER, STEP_PHONE, STEP_VISIT, STEP_NOTICE, STEP_INTERVIEW, STEP_REVIEW,
	STEP_COMMITTEE, STEP_LAWYER, STEP_LAWSUIT, LADDER_STEPS,
	/* tasks outside the ladder */
	STEP_PROMISE_FOLLOWUP = LADDER_STEPS, STEP_PLAN_FOLLOWUP, STEP_TRACE, STEP_LIMITATION,
	STEP_SERVICE_FAILURE, STEP_CARE, STEP_COUNT
};

/* Who does a step: automatic messages, or a role (the building's steward, the project
 * manager, legal).  Each falls back to the project manager, then admin. */
enum doer { DOER_AUTO, DOER_STEWARD, DOER_MANAGER, DOER_LEGAL, DOER_SERVICE };

struct policy_step {
	int enabled;
	int day;
	enum doer who;
};

struct policy {
	struct policy_step steps[LADDER_STEPS];
	int64_t min_arrears_fen;   /* not chased below this (default ¥10.00) */
	int quiet_from, quiet_to;  /* minutes after midnight: no automatic message in [from, to) */
	int message_gap_days;      /* between automatic messages to one owner (3) */
	int notice_deadline_days;  /* the written notice's deadline (15) */
	int service_pause_days;    /* a complaint pause longer than this is a service failure (15) */
	int limitation_warn_days;  /* a limitation task this long before the end (90) */
	int unreachable_attempts;  /* failed calls on every number before tracing (2) */
	char law_firm[128];        /* the firm that signs lawyer letters (律师函); "" leaves a blank */
};

extern const char *const step_names[STEP_COUNT];
int step_parse(const char *name);          /* -1 when unknown */
const char *step_label(int step);           /* 缴费通知, 催费提醒, 电话催缴 ... */
/* The channel a step's task or message goes by: sms+wechat, phone, visit, notice, ... */
const char *step_channel(int step);
int step_is_auto(const struct policy *p, int step);

void policy_default(struct policy *p);
/* The project's policy (the default when none was loaded). */
int policy_get(struct db *db, int64_t project_id, struct policy *p, struct buf *err);
/* The readable, commented text of a policy. */
void policy_format(struct buf *out, const struct policy *p, const char *project_name);
/* Parses the text; on error, every problem as "line N: ..." in err. */
int policy_parse(const char *text, struct policy *p, struct buf *err);
/* Stores a project's policy (its text, as given after it parsed). */
int policy_store(struct db *db, int64_t project_id, const char *text, int64_t staff_id, struct buf *err);

#endif
