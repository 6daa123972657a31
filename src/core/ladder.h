/* ladder.h: the decision of the collection ladder, a pure function.
 *
 * Given what is known of a case on a day (its clock, the last step and when it fired,
 * promises, plans, pauses, the last automatic message, a delivered notice) and the
 * policy, which step fires today, if any, and why.  The daily run (dunning.c) loads
 * the facts in bulk, asks here, and writes what was decided.
 */
#ifndef WUYE_LADDER_H
#define WUYE_LADDER_H

#include "base/buf.h"
#include "core/policy.h"

struct case_facts {
	int today;
	int oldest_due;       /* due day of the case's oldest open bill */
	int paused_days;      /* days paused before today (not counted by the clock) */
	int paused;           /* a pause covers today */
	int plan;             /* an installment plan is being kept */
	int promise_until;    /* an open promise's date, or DATE_MIN */
	int last_step;        /* the last ladder step fired, -1 for none */
	int last_day;         /* the day it fired */
	int jump;             /* a step to fire at once, -1 for none */
	int last_auto_day;    /* the last automatic message, or DATE_MIN */
	int notice_day;       /* a written notice delivered with proof, or DATE_MIN */
	int below_threshold;  /* the arrears are under the policy's minimum */
};

/* The clock: days overdue of the oldest open bill, less paused days. */
int ladder_clock(const struct case_facts *f);

/* Returns the step that fires today (and why, in `why`), or -1 with the reason in `why`
 * that nothing fires. */
int ladder_next(const struct policy *p, const struct case_facts *f, struct buf *why);

/* The next enabled ladder step after `step` (-1: the first), or -1 at the end. */
int ladder_after(const struct policy *p, int step);

#endif
