/* caseviews.h: what the collection looks like to people: today's tasks, the cases of a
 * project, one case's whole story, the debts nearing the limitation period. */
#ifndef WUYE_CASEVIEWS_H
#define WUYE_CASEVIEWS_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "core/staff.h"
#include "store/db.h"

/* Open tasks due by `day`: of one staff member (staff_id), or every task the viewer may
 * see (staff_id 0: all for admins and managers, their own for everyone else).  The JSON
 * shape of CLI.md: id, unit, units, step, channel, staff, due, overdue_days, open_fen;
 * plus the script of the reason on file and the note. */
int tasks_json(struct db *db, const struct staff *viewer, int64_t staff_id, int day, json_t **out, struct buf *err);

/* The project's cases, optionally in one state. */
int cases_json(struct db *db, int64_t project_id, const char *state, int day, json_t **out, struct buf *err);

/* The case of a unit's payer (open, else the latest): state, step, clock, timeline,
 * tasks, contacts, promises, plans, pauses, work orders, legal matters. */
int case_json(struct db *db, int64_t unit_id, int day, json_t **out, struct buf *err);
/* The same for one case by its id (-1 when there is no such case). */
int case_json_id(struct db *db, int64_t case_id, int day, json_t **out, struct buf *err);
/* A case's contacts (催收台账), oldest first: id, day, channel, result, reason, note,
 * staff, promise_date, promise_fen, proof (the proof file's name). */
int case_contacts_json(struct db *db, int64_t case_id, json_t **out, struct buf *err);

/* Open bills whose 3-year limitation period ends within `within` days of `day`. */
int limitation_json(struct db *db, int64_t project_id, int day, int within, json_t **out, struct buf *err);

#endif
