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
 * plus payer, the note, the reason on file and its script, unit_id (of `unit`),
 * case_id (0 for a care call, whose id is a care task's), project_id, payer_id, the
 * payer's phones (unmasked: the caller masks) and history: the last 3 contacts with the
 * payer in the project [{day, channel, result, reason, note, staff, promise_date,
 * promise_fen}], newest first.  A ladder task of a payer who owes nothing any more is left
 * out (the next daily run closes the case and its tasks). */
int tasks_json(struct db *db, const struct staff *viewer, int64_t staff_id, int day, json_t **out, struct buf *err);

/* One task of tasks_json() (a care call when `care`, else a ladder task) as the viewer
 * would see it with staff_id 0; *out NULL when it is not open, not due, or not theirs
 * to see. */
int task_find_json(struct db *db, const struct staff *viewer, int care, int64_t id, int day, json_t **out,
		   struct buf *err);

/* The project's cases, optionally in one state. */
int cases_json(struct db *db, int64_t project_id, const char *state, int day, json_t **out, struct buf *err);

/* Which of a project's cases to list; NULL, "" and 0 leave a filter off. */
struct case_filter {
	int64_t project_id;
	const char *state;       /* open, paused, ... */
	const char *step;        /* the last step that fired: phone, notice, ... */
	const char *building;    /* a building code: payers billed for a unit there */
	int64_t staff_id;        /* cases with a task given to this staff member */
	int limit, offset;       /* a page of the list, by case id (limit 0: all) */
};
/* The cases of cases_json() that pass the filter; *total (may be NULL) gets how many
 * pass it in all pages. */
int cases_find_json(struct db *db, const struct case_filter *f, int day, json_t **out, int64_t *total,
		    struct buf *err);
/* The staff who may be given a project's tasks (admin, manager, steward, service, legal):
 * [{id, login, name, role}] by login. */
int case_staff_json(struct db *db, int64_t project_id, json_t **out, struct buf *err);

/* The case of a unit's payer (open, else the latest): state, step, clock, timeline,
 * tasks, contacts, promises, plans, pauses, work orders, legal matters. */
int case_json(struct db *db, int64_t unit_id, int day, json_t **out, struct buf *err);
/* The same for one case by its id.  Both also give project_id, payer_id, payer (the
 * name) and unit_id (of `unit`); each contact its proof_id (null: none). */
int case_json_by_id(struct db *db, int64_t case_id, int day, json_t **out, struct buf *err);
/* A case's contacts (催收台账), oldest first: id, day, channel, result, reason, note,
 * staff, promise_date, promise_fen, proof (the proof file's name), proof_id. */
int case_contacts_json(struct db *db, int64_t case_id, json_t **out, struct buf *err);

/* Open bills whose 3-year limitation period ends within `within` days of `day`. */
int limitation_json(struct db *db, int64_t project_id, int day, int within, json_t **out, struct buf *err);

#endif
