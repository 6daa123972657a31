/* caseviews.c: tasks, cases, a case's story, limitation, as JSON. */
#include "core/caseviews.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/hashmap.h"
#include "core/cases.h"
#include "core/policy.h"
#include "core/reasons.h"
#include "core/unit.h"

static json_t *date_json(int day)
{
	char s[11];

	if (day == DATE_MIN)
		return json_null();
	date_format(day, s);
	return json_string(s);
}

/* The payer's units with open bills in the project (else every unit billed to them),
 * oldest due and what is open. */
struct debt_view {
	json_t *units;
	const char *first;
	int64_t first_id;
	int64_t open;
	int oldest_due;
};

static int debt_view(struct db *db, int64_t project_id, int64_t payer_id, struct debt_view *v, struct buf *err)
{
	struct db_stmt *st;
	struct buf name = BUF_INIT;
	int64_t open_bills = 0;
	int rc;

	v->units = json_array();
	v->first_id = 0;
	v->open = 0;
	v->oldest_due = DATE_MIN;
	if (db_cached(db, &st, "SELECT MIN(due_day), COALESCE(SUM(open_fen), 0), COUNT(*) FROM bill_open "
		      "WHERE project_id = ? AND payer_id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, payer_id);
	if ((rc = db_step(st, err)) == 1) {
		v->oldest_due = db_col_is_null(st, 0) ? DATE_MIN : (int)db_col_int64(st, 0);
		v->open = db_col_int64(st, 1);
		open_bills = db_col_int64(st, 2);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	/* the units of the open bills (the covering index), else of every bill the payer had
	 * in the project (a closed case: bill has no index by payer, so only then) */
	if (open_bills ? db_cached(db, &st, "SELECT DISTINCT p.code, b.code, u.entrance, u.room, u.id FROM bill_open x "
				   "JOIN unit u ON u.id = x.unit_id JOIN building b ON b.id = u.building_id "
				   "JOIN project p ON p.id = u.project_id WHERE x.project_id = ? AND x.payer_id = ? "
				   "ORDER BY u.id", err) < 0
		       : db_cached(db, &st, "SELECT DISTINCT p.code, b.code, u.entrance, u.room, u.id FROM bill x "
				   "JOIN unit u ON u.id = x.unit_id JOIN building b ON b.id = u.building_id "
				   "JOIN project p ON p.id = u.project_id WHERE x.project_id = ? AND x.payer_id = ? "
				   "ORDER BY u.id", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, payer_id);
	while ((rc = db_step(st, err)) == 1) {
		buf_reset(&name);
		unit_name_format(&name, db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3));
		json_array_append_new(v->units, json_string(name.buf));
		if (!v->first_id)
			v->first_id = db_col_int64(st, 4);
	}
	db_reset(st);
	buf_release(&name);
	v->first = json_array_size(v->units) ? json_string_value(json_array_get(v->units, 0)) : "";
	return rc < 0 ? -1 : 0;
}

/* What whoever calls or visits the payer needs at hand: the numbers to call and the
 * last contacts with them in the project (newest first). */
static int payer_view(struct db *db, int64_t project_id, int64_t payer_id, json_t *into, struct buf *err)
{
	struct db_stmt *st;
	json_t *phones = json_array(), *history = json_array();
	int rc;

	json_object_set_new(into, "phones", phones);
	json_object_set_new(into, "history", history);
	if (db_cached(db, &st, "SELECT phone FROM party_phone WHERE party_id = ? ORDER BY seq", err) < 0)
		return -1;
	db_bind_int64(st, 1, payer_id);
	while ((rc = db_step(st, err)) == 1)
		json_array_append_new(phones, json_string(db_col_text(st, 0)));
	db_reset(st);
	if (rc < 0 || db_cached(db, &st, "SELECT c.day, c.channel, c.result, c.reason, c.note, COALESCE(s.login, ''), "
				"c.promise_day, c.promise_fen FROM contact c JOIN unit u ON u.id = c.unit_id "
				"LEFT JOIN staff s ON s.id = c.staff_id WHERE c.payer_id = ? AND u.project_id = ? "
				"ORDER BY c.day DESC, c.id DESC LIMIT 3", err) < 0)
		return -1;
	db_bind_int64(st, 1, payer_id);
	db_bind_int64(st, 2, project_id);
	while ((rc = db_step(st, err)) == 1)
		json_array_append_new(history, json_pack("{s:o,s:s,s:s,s:s,s:s,s:s,s:o,s:I}", "day",
							 date_json((int)db_col_int64(st, 0)), "channel", db_col_text(st, 1),
							 "result", db_col_text(st, 2), "reason", db_col_text(st, 3),
							 "note", db_col_text(st, 4), "staff", db_col_text(st, 5), "promise_date",
							 date_json(db_col_is_null(st, 6) || !db_col_int64(st, 6)
									   ? DATE_MIN : (int)db_col_int64(st, 6)),
							 "promise_fen", (json_int_t)db_col_int64(st, 7)));
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* The open tasks due by `day` that tasks_json() lists; kind 1 (a ladder task) or 2 (a
 * care call) with an id picks that one task alone. */
static int tasks_select(struct db *db, const struct staff *viewer, int64_t staff_id, int kind, int64_t id, int day,
			json_t **out, struct buf *err)
{
	struct db_stmt *st;
	struct buf script = BUF_INIT;
	json_t *list = json_array();
	int all = !staff_id && (!strcmp(viewer->role, "admin") || !strcmp(viewer->role, "manager")), rc;

	*out = NULL;
	/* the ladder's tasks, and the care calls to 关怀 households (campaign.c) */
	if (db_prepare(db, &st, "SELECT t.id, t.step, t.channel, s.login, t.due_day, t.note, k.project_id, k.payer_id, "
		       "k.reason, pa.name, t.case_id FROM task t JOIN dun_case k ON k.id = t.case_id JOIN staff s ON s.id = t.staff_id "
		       "JOIN party pa ON pa.id = k.payer_id WHERE t.state = 'open' AND t.due_day <= ? AND (? = 1 OR t.staff_id = ?) "
		       "AND ? IN (0, 1) AND (? = 0 OR t.id = ?) "
		       "UNION ALL SELECT c.id, 'care', 'phone', s.login, c.due_day, '关怀回访：问候近况，了解有什么需要帮助', "
		       "c.project_id, c.payer_id, '', pa.name, 0 FROM care_task c JOIN staff s ON s.id = c.staff_id "
		       "JOIN party pa ON pa.id = c.payer_id WHERE c.state = 'open' AND c.due_day <= ? AND (? = 1 OR c.staff_id = ?) "
		       "AND ? IN (0, 2) AND (? = 0 OR c.id = ?) "
		       "ORDER BY 5, 1", err) < 0)
		goto fail;
	for (int i = 0; i < 2; i++) {
		db_bind_int64(st, 6 * i + 1, day);
		db_bind_int64(st, 6 * i + 2, all);
		db_bind_int64(st, 6 * i + 3, staff_id ? staff_id : viewer->id);
		db_bind_int64(st, 6 * i + 4, kind);
		db_bind_int64(st, 6 * i + 5, id);
		db_bind_int64(st, 6 * i + 6, id);
	}
	while ((rc = db_step(st, err)) == 1) {
		struct debt_view v;
		int64_t project = db_col_int64(st, 6);
		json_t *t;
		char due[11];

		/* a manager sees the tasks of the projects he works on */
		if (all && !staff_in_project(db, viewer, project))
			continue;
		if (debt_view(db, project, db_col_int64(st, 7), &v, err) < 0) {
			json_decref(v.units);
			goto fail_st;
		}
		/* a payer who has paid everything needs no call: the next daily run closes the
		 * case and its tasks; until then the list leaves them out */
		if (!id && db_col_int64(st, 10) && v.open <= 0) {
			json_decref(v.units);
			continue;
		}
		date_format((int)db_col_int64(st, 4), due);
		t = json_pack("{s:I,s:s,s:O,s:s,s:s,s:s,s:s,s:i,s:I,s:s,s:s}", "id", (json_int_t)db_col_int64(st, 0), "unit",
			      v.first, "units", v.units, "step", db_col_text(st, 1), "channel", db_col_text(st, 2), "staff",
			      db_col_text(st, 3), "due", due, "overdue_days",
			      v.oldest_due == DATE_MIN || day < v.oldest_due ? 0 : day - v.oldest_due, "open_fen",
			      (json_int_t)v.open, "payer", db_col_text(st, 9), "note", db_col_text(st, 5));
		if (*db_col_text(st, 8) && reason_script(db, db_col_text(st, 8), &script, NULL) == 0) {
			json_object_set_new(t, "reason", json_string(db_col_text(st, 8)));
			json_object_set_new(t, "script", json_string(script.buf));
		}
		json_decref(v.units);
		json_object_set_new(t, "unit_id", json_integer(v.first_id));
		json_object_set_new(t, "case_id", json_integer(db_col_int64(st, 10)));
		json_object_set_new(t, "project_id", json_integer(project));
		json_object_set_new(t, "payer_id", json_integer(db_col_int64(st, 7)));
		if (payer_view(db, project, db_col_int64(st, 7), t, err) < 0) {
			json_decref(t);
			goto fail_st;
		}
		json_array_append_new(list, t);
	}
	db_finalize(st);
	if (rc < 0)
		goto fail;
	buf_release(&script);
	*out = list;
	return 0;
fail_st:
	db_finalize(st);
fail:
	buf_release(&script);
	json_decref(list);
	return -1;
}

int tasks_json(struct db *db, const struct staff *viewer, int64_t staff_id, int day, json_t **out, struct buf *err)
{
	return tasks_select(db, viewer, staff_id, 0, 0, day, out, err);
}

int task_find_json(struct db *db, const struct staff *viewer, int care, int64_t id, int day, json_t **out,
		   struct buf *err)
{
	json_t *list;

	*out = NULL;
	if (tasks_select(db, viewer, 0, care ? 2 : 1, id, day, &list, err) < 0)
		return -1;
	if (json_array_size(list))
		*out = json_incref(json_array_get(list, 0));
	json_decref(list);
	return 0;
}

int cases_find_json(struct db *db, const struct case_filter *f, int day, json_t **out, int64_t *total,
		    struct buf *err)
{
	/* each filter is off when its parameter is empty (0) */
	static const char *const where =
		"FROM dun_case k JOIN party pa ON pa.id = k.payer_id WHERE k.project_id = ? "
		"AND (? = '' OR k.state = ?) AND (? = '' OR k.step = ?) "
		"AND (? = '' OR k.payer_id IN (SELECT x.payer_id FROM bill x JOIN unit u ON u.id = x.unit_id "
		"JOIN building b ON b.id = u.building_id WHERE b.project_id = ? AND b.code = ?)) "
		"AND (? = 0 OR EXISTS (SELECT 1 FROM task t WHERE t.case_id = k.id AND t.staff_id = ?)) ";
	const char *state = f->state ? f->state : "", *step = f->step ? f->step : "", *building = f->building ? f->building : "";
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	json_t *list = json_array();
	int rc;

	*out = NULL;
	for (int pass = 0; pass < 2; pass++) {
		buf_reset(&sql);
		if (pass == 0 && !total)
			continue;
		if (pass == 0)
			buf_addf(&sql, "SELECT COUNT(*) %s", where);
		else
			buf_addf(&sql, "SELECT k.id, k.payer_id, pa.name, k.state, k.step, k.step_day, k.opened_day, k.reason, "
				 "k.closed_day, k.outcome %s ORDER BY k.id LIMIT ? OFFSET ?", where);
		if (db_prepare(db, &st, sql.buf, err) < 0)
			goto fail;
		db_bind_int64(st, 1, f->project_id);
		db_bind_text(st, 2, state);
		db_bind_text(st, 3, state);
		db_bind_text(st, 4, step);
		db_bind_text(st, 5, step);
		db_bind_text(st, 6, building);
		db_bind_int64(st, 7, f->project_id);
		db_bind_text(st, 8, building);
		db_bind_int64(st, 9, f->staff_id);
		db_bind_int64(st, 10, f->staff_id);
		if (pass == 0) {
			if ((rc = db_step(st, err)) == 1)
				*total = db_col_int64(st, 0);
			db_finalize(st);
			if (rc < 0)
				goto fail;
			continue;
		}
		db_bind_int64(st, 11, f->limit > 0 ? f->limit : INT64_C(1) << 40);
		db_bind_int64(st, 12, f->offset > 0 ? f->offset : 0);
		while ((rc = db_step(st, err)) == 1) {
			struct debt_view v;
			json_t *c;
			if (debt_view(db, f->project_id, db_col_int64(st, 1), &v, err) < 0) {
				json_decref(v.units);
				db_finalize(st);
				goto fail;
			}
			c = json_pack("{s:I,s:s,s:s,s:O,s:s,s:s,s:o,s:o,s:i,s:I,s:s,s:o,s:s}", "id", (json_int_t)db_col_int64(st, 0),
				      "payer", db_col_text(st, 2), "unit", v.first, "units", v.units, "state", db_col_text(st, 3),
				      "step", db_col_text(st, 4),
				      "step_day", date_json(db_col_is_null(st, 5) ? DATE_MIN : (int)db_col_int64(st, 5)),
				      "opened", date_json((int)db_col_int64(st, 6)),
				      "overdue_days", v.oldest_due == DATE_MIN || day < v.oldest_due ? 0 : day - v.oldest_due,
				      "open_fen", (json_int_t)v.open, "reason", db_col_text(st, 7),
				      "closed", date_json(db_col_is_null(st, 8) ? DATE_MIN : (int)db_col_int64(st, 8)),
				      "outcome", db_col_text(st, 9));
			json_decref(v.units);
			json_array_append_new(list, c);
		}
		db_finalize(st);
		if (rc < 0)
			goto fail;
	}
	buf_release(&sql);
	*out = list;
	return 0;
fail:
	buf_release(&sql);
	json_decref(list);
	return -1;
}

int cases_json(struct db *db, int64_t project_id, const char *state, int day, json_t **out, struct buf *err)
{
	struct case_filter f = { .project_id = project_id, .state = state };

	return cases_find_json(db, &f, day, out, NULL, err);
}

int case_staff_json(struct db *db, int64_t project_id, json_t **out, struct buf *err)
{
	struct db_stmt *st;
	json_t *list = json_array();
	int rc;

	*out = NULL;
	if (db_prepare(db, &st, "SELECT s.id, s.login, s.name, s.role FROM staff s WHERE s.active = 1 "
		       "AND s.role IN ('admin', 'manager', 'steward', 'service', 'legal') AND (s.all_projects = 1 OR EXISTS "
		       "(SELECT 1 FROM staff_project sp WHERE sp.staff_id = s.id AND sp.project_id = ?)) ORDER BY s.login",
		       err) < 0) {
		json_decref(list);
		return -1;
	}
	db_bind_int64(st, 1, project_id);
	while ((rc = db_step(st, err)) == 1)
		json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)db_col_int64(st, 0), "login",
						      db_col_text(st, 1), "name", db_col_text(st, 2), "role", db_col_text(st, 3)));
	db_finalize(st);
	if (rc < 0) {
		json_decref(list);
		return -1;
	}
	*out = list;
	return 0;
}

/* Runs a query with one id parameter and turns each row into an object: the column
 * names come from `keys`, a leading '@' marks a day column, '#' an integer. */
static int rows_json(struct db *db, const char *sql, int64_t id, const char *const *keys, json_t **out,
		     struct buf *err)
{
	struct db_stmt *st;
	json_t *list = json_array();
	int rc;

	if (db_prepare(db, &st, sql, err) < 0) {
		json_decref(list);
		return -1;
	}
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st, err)) == 1) {
		json_t *o = json_object();
		for (int i = 0; keys[i]; i++) {
			const char *k = keys[i];
			if (k[0] == '@')
				json_object_set_new(o, k + 1, date_json(db_col_is_null(st, i) ? DATE_MIN : (int)db_col_int64(st, i)));
			else if (k[0] == '#')
				json_object_set_new(o, k + 1, db_col_is_null(st, i) ? json_null() : json_integer(db_col_int64(st, i)));
			else
				json_object_set_new(o, k, json_string(db_col_text(st, i)));
		}
		json_array_append_new(list, o);
	}
	db_finalize(st);
	if (rc < 0) {
		json_decref(list);
		return -1;
	}
	*out = list;
	return 0;
}

int case_json_by_id(struct db *db, int64_t case_id, int day, json_t **out, struct buf *err)
{
	static const char *const ev_keys[] = { "@day", "kind", "step", "detail", "staff", NULL };
	static const char *const task_keys[] = { "#id", "step", "channel", "staff", "@due", "state", "@done", "note", NULL };
	static const char *const promise_keys[] = { "#id", "@made", "@due", "#amount_fen", "outcome", NULL };
	static const char *const plan_keys[] = { "#id", "@made", "#total_fen", "#installments", "#misses", "state", NULL };
	static const char *const pause_keys[] = { "@from", "@to", "@ended", "reason", "#work_order", NULL };
	static const char *const wo_keys[] = { "#id", "category", "team", "note", "@opened", "@fixed", "@verified", NULL };
	static const char *const legal_keys[] = { "#id", "stage", "@day", "#cost_fen", "outcome", "note", NULL };
	struct case_row k;
	struct debt_view v = { NULL, NULL, 0, 0, 0 };
	struct policy pol;
	json_t *o = NULL, *part;
	int found = 0;

	*out = NULL;
	if (case_get(db, case_id, &k, err) < 0 || policy_get(db, k.project_id, &pol, err) < 0 ||
	    debt_view(db, k.project_id, k.payer_id, &v, err) < 0) {
		json_decref(v.units);
		return -1;
	}
	o = json_object();
	json_object_set_new(o, "id", json_integer(k.id));
	json_object_set_new(o, "project_id", json_integer(k.project_id));
	json_object_set_new(o, "payer_id", json_integer(k.payer_id));
	json_object_set_new(o, "unit", json_string(v.first));
	json_object_set_new(o, "unit_id", json_integer(v.first_id));
	json_object_set_new(o, "units", v.units);
	{
		struct db_stmt *st;
		if (db_prepare(db, &st, "SELECT name FROM party WHERE id = ?", err) < 0)
			goto fail;
		db_bind_int64(st, 1, k.payer_id);
		if (db_step(st, err) == 1) {
			json_object_set_new(o, "payer", json_string(db_col_text(st, 0)));
			found = 1;
		}
		db_finalize(st);
		if (!found)
			goto fail;
	}
	json_object_set_new(o, "state", json_string(case_state_names[k.state]));
	json_object_set_new(o, "step", json_string(k.step >= 0 ? step_names[k.step] : ""));
	json_object_set_new(o, "step_day", date_json(k.step_day));
	json_object_set_new(o, "opened", date_json(k.opened_day));
	json_object_set_new(o, "open_fen", json_integer(v.open));
	json_object_set_new(o, "overdue_days", json_integer(v.oldest_due == DATE_MIN || day < v.oldest_due ? 0 : day - v.oldest_due));
	json_object_set_new(o, "paused_days", json_integer(k.paused_days));
	json_object_set_new(o, "reason", json_string(k.reason));
	json_object_set_new(o, "notice_delivered", date_json(k.notice_day));
	{
		int next = k.step >= 0 ? k.step : -1;
		for (next = next + 1; next < LADDER_STEPS && !pol.steps[next].enabled; next++)
			;
		json_object_set_new(o, "next_step", json_string(next < LADDER_STEPS ? step_names[next] : ""));
	}
#define PART(key, sql, keys)                                                      \
	do {                                                                      \
		if (rows_json(db, sql, k.id, keys, &part, err) < 0)               \
			goto fail;                                                \
		json_object_set_new(o, key, part);                                \
	} while (0)
	PART("timeline", "SELECT e.day, e.kind, e.step, e.detail, COALESCE(s.login, '') FROM case_event e "
	     "LEFT JOIN staff s ON s.id = e.staff_id WHERE e.case_id = ? ORDER BY e.id", ev_keys);
	PART("tasks", "SELECT t.id, t.step, t.channel, s.login, t.due_day, t.state, t.done_day, t.note FROM task t "
	     "JOIN staff s ON s.id = t.staff_id WHERE t.case_id = ? ORDER BY t.id", task_keys);
	if (case_contacts_json(db, k.id, &part, err) < 0)
		goto fail;
	json_object_set_new(o, "contacts", part);
	PART("promises", "SELECT id, made_day, due_day, amount_fen, outcome FROM promise WHERE case_id = ? ORDER BY id",
	     promise_keys);
	PART("plans", "SELECT id, made_day, total_fen, installments, misses, state FROM plan WHERE case_id = ? ORDER BY id",
	     plan_keys);
	PART("pauses", "SELECT from_day, to_day, ended_day, reason, work_order_id FROM pause WHERE case_id = ? ORDER BY id",
	     pause_keys);
	PART("work_orders", "SELECT id, category, team, note, opened_day, fixed_day, verified_day FROM work_order "
	     "WHERE case_id = ? ORDER BY id", wo_keys);
	PART("legal", "SELECT id, stage, day, cost_fen, outcome, note FROM legal_matter WHERE case_id = ? ORDER BY id",
	     legal_keys);
#undef PART
	*out = o;
	return 0;
fail:
	json_decref(o);
	return -1;
}

int case_json(struct db *db, int64_t unit_id, int day, json_t **out, struct buf *err)
{
	int64_t project_id, payer_id, case_id = 0;
	int rc;

	*out = NULL;
	if (db_run(db, &project_id, err, "SELECT project_id FROM unit WHERE id = ?", "i", unit_id) != 1 ||
	    unit_payer_on(db, unit_id, day, &payer_id, err) < 0)
		return -1;
	rc = db_run(db, &case_id, err, "SELECT id FROM dun_case WHERE project_id = ? AND payer_id = ? "
		    "ORDER BY state = 'closed', id DESC LIMIT 1", "ii", project_id, payer_id);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return error(err, "the unit's payer has no collection case");
	return case_json_by_id(db, case_id, day, out, err);
}

int case_contacts_json(struct db *db, int64_t case_id, json_t **out, struct buf *err)
{
	static const char *const contact_keys[] = { "#id", "@day", "channel", "result", "reason", "note", "staff",
						    "@promise_date", "#promise_fen", "proof", "#proof_id", NULL };

	return rows_json(db, "SELECT c.id, c.day, c.channel, c.result, c.reason, c.note, COALESCE(s.login, ''), c.promise_day, "
			 "c.promise_fen, COALESCE(p.name, ''), c.proof_id FROM contact c LEFT JOIN staff s ON s.id = c.staff_id "
			 "LEFT JOIN proof p ON p.id = c.proof_id WHERE c.case_id = ? ORDER BY c.id", case_id, contact_keys, out, err);
}

int limitation_json(struct db *db, int64_t project_id, int day, int within, json_t **out, struct buf *err)
{
	struct db_stmt *st;
	struct buf name = BUF_INIT;
	json_t *list = json_array();
	int horizon = date_add_months(day + within, -36), rc;

	*out = NULL;
	/* only a bill whose (re)start is old enough can end within the window */
	if (db_prepare(db, &st, "SELECT o.bill_id, pj.code, bd.code, u.entrance, u.room, pa.name, b.period, i.name, o.open_fen, "
		       "o.due_day, COALESCE((SELECT MAX(e.day) FROM limitation_event e WHERE e.bill_id = o.bill_id), o.due_day), "
		       "COALESCE((SELECT e.kind FROM limitation_event e WHERE e.bill_id = o.bill_id ORDER BY e.day DESC, e.id DESC "
		       "LIMIT 1), '') FROM bill_open o JOIN bill b ON b.id = o.bill_id JOIN fee_item i ON i.id = b.item_id "
		       "JOIN unit u ON u.id = o.unit_id JOIN building bd ON bd.id = u.building_id JOIN project pj ON pj.id = u.project_id "
		       "JOIN party pa ON pa.id = o.payer_id WHERE o.project_id = ? AND o.due_day <= ? ORDER BY o.due_day, o.bill_id",
		       err) < 0)
		goto fail;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, horizon);
	while ((rc = db_step(st, err)) == 1) {
		int due = (int)db_col_int64(st, 9), start = (int)db_col_int64(st, 10), ends;
		if (start < due)
			start = due;
		ends = date_add_months(start, 36);
		if (ends > day + within)
			continue;
		buf_reset(&name);
		unit_name_format(&name, db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4));
		json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:o,s:o,s:s,s:o,s:i,s:b}", "bill_id",
						      (json_int_t)db_col_int64(st, 0), "unit", name.buf, "payer",
						      db_col_text(st, 5), "period", db_col_text(st, 6), "item",
						      db_col_text(st, 7), "open_fen", (json_int_t)db_col_int64(st, 8), "due",
						      date_json(due), "restarted", date_json(start > due ? start : DATE_MIN),
						      "restarted_by", db_col_text(st, 11), "ends", date_json(ends),
						      "days_left", ends - day, "barred", ends < day));
	}
	db_finalize(st);
	if (rc < 0)
		goto fail;
	buf_release(&name);
	*out = list;
	return 0;
fail:
	buf_release(&name);
	json_decref(list);
	return -1;
}
