/* dunning.h: the daily collection run (wuye dun). */
#ifndef WUYE_DUNNING_H
#define WUYE_DUNNING_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

struct dun_result {
	int opened, closed, fired, tasks, messages, followups, warnings;
	json_t *actions;  /* what it did (or, in a dry run, would do): one object each, when asked for */
};

/* The run for `today` (it acts at the start of the contact hours of that day): opens a
 * case for each payer whose oldest open bill comes within the ladder's first step and
 * whose arrears reach the minimum; closes the cases of payers who paid; watches
 * promises, installment plans, pauses and complaints; fires at most one ladder step per
 * case, paced as the policy says; gives tasks to people and queues messages; warns of
 * debts about to become time-barred.  One transaction.  Running it again for the same
 * day changes nothing.  With dry_run, nothing is written and res->actions says what
 * would happen. */
int dun_run(struct db *db, int64_t project_id, int today, int dry_run, int want_actions, struct dun_result *res,
	    struct buf *err);

struct case_ctx;
struct case_row;
/* Fires a step on a case now (a manual escalation, an approved legal step), as the run
 * would: the task or the messages, the history (who and why).  In the caller's
 * transaction. */
int dun_fire(struct case_ctx *c, struct case_row *k, int step, const char *why, int64_t staff_id, struct buf *err);

#endif
