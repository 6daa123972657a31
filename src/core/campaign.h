/* campaign.h: the relationship work the seed credits with results: holiday greetings to
 * a segment of owners (messages through the outbox, under the same quiet hours and the
 * same gap between messages as the ladder's), and the monthly care call to each 关怀
 * household (a task for the service team; a logged call or visit completes it).
 */
#ifndef WUYE_CAMPAIGN_H
#define WUYE_CAMPAIGN_H

#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

/* Segments: "all", "paid-up" (nothing overdue), "care" (关怀), "key" (重点户),
 * "building:CODE".  body: the greeting's own text (a template: checked), or NULL for
 * the project's greeting template.  Returns the campaign id; *queued counts messages. */
int campaign_greeting(struct db *db, int64_t project_id, int today, const char *name, const char *segment,
		      const char *body, int64_t staff_id, int64_t *campaign_id, int *owners, int *queued,
		      struct buf *err);

/* This month's care-call tasks (once a month per household); *created counts new ones. */
int campaign_care(struct db *db, int64_t project_id, int today, int *created, struct buf *err);

#endif
