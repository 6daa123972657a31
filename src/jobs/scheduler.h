/* scheduler.h: the daily jobs of a property office, on a clock inside `wuye serve`:
 *   bill   each project's bill run on its billing day (the month's bills), from 00:05
 *   dun    the collection run for every project at 08:00 (its messages go out from 08:00)
 *   send   outbox delivery every minute
 * Each stays a CLI command too (wuye bill, wuye dun, wuye send).  A run is claimed in
 * job_run (job, slot) before it starts, so that two servers on one PostgreSQL, or a
 * restart, never run the same day's job twice; a claim left by a crashed node is taken
 * over after an hour.
 */
#ifndef WUYE_SCHEDULER_H
#define WUYE_SCHEDULER_H

#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

struct scheduler;

/* fixed_today: a day number for every run (tests), or DATE_MIN for the real clock. */
struct scheduler *scheduler_start(const char *db_url, int fixed_today, struct buf *err);
void scheduler_stop(struct scheduler *s);

/* One pass at a moment (UNIX time) on an open database: what is due runs.  For tests
 * and for `wuye jobs run`. Returns the count of jobs run, -1 on a database failure. */
int scheduler_tick(struct db *db, int64_t now, int fixed_today, struct buf *err);

#endif
