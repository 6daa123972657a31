/* waiver.c: waiver requests, approvals by a second person, and applying waivers. */
#include "core/waiver.h"

#include "core/casework.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "core/unit.h"

int waiver_apply(struct ledger *l, int64_t request_id, int64_t bill_id, int64_t amount, int64_t payment_id,
		 int64_t *waiver_id, struct buf *err)
{
	int64_t acct, item, unit_id, payer_id, waiver_acct, id;
	int due;

	if (ledger_bill_account(l, bill_id, &acct, &item, &unit_id, &payer_id, &due, err) < 0 ||
	    journal_item_account(&l->j, ACC_WAIVER, item, &waiver_acct, err) < 0)
		return -1;
	if (payment_id) {
		if (db_run(l->db, &id, err, "INSERT INTO waiver (request_id, bill_id, amount_fen, day, payment_id, created_at) "
			   "VALUES (?, ?, ?, ?, ?, ?) RETURNING id", "iiiiii", request_id, bill_id, amount, (int64_t)l->day,
			   payment_id, (int64_t)time(NULL)) != 1)
			return -1;
	} else if (db_run(l->db, &id, err, "INSERT INTO waiver (request_id, bill_id, amount_fen, day, created_at) "
			  "VALUES (?, ?, ?, ?, ?) RETURNING id", "iiiii", request_id, bill_id, amount, (int64_t)l->day,
			  (int64_t)time(NULL)) != 1) {
		return -1;
	}
	if (journal_post(&l->j, waiver_acct, acct, amount, "waiver", id, l->day, err) < 0 ||
	    ledger_bill_open_add(l, bill_id, unit_id, payer_id, due, -amount, err) < 0)
		return -1;
	if (waiver_id)
		*waiver_id = id;
	return 0;
}

int request_granted(struct db *db, int64_t project_id, const char *kind, int64_t unit_id, int64_t bill_id,
		    int64_t amount, const char *reason, int64_t incentive_id, int day, int64_t *request_id,
		    struct buf *err)
{
	int64_t now = (int64_t)time(NULL);

	if (db_run(db, request_id, err, "INSERT INTO request (project_id, kind, unit_id, bill_id, amount_fen, reason, "
		   "incentive_id, business_day, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "itiiitiii",
		   project_id, kind, unit_id, bill_id, amount, reason, incentive_id, (int64_t)day, now) != 1)
		return -1;
	return db_run(db, NULL, err, "INSERT INTO decision (request_id, approved, note, business_day, created_at) "
		      "VALUES (?, 1, ?, ?, ?)", "itii", *request_id, "incentive rule", (int64_t)day, now) < 0 ? -1 : 0;
}

int waiver_request(struct db *db, int64_t bill_id, int64_t amount, const char *reason, int day,
		   int64_t staff_id, int64_t *request_id, struct buf *err)
{
	struct db_stmt *st;
	int64_t project_id = 0, unit_id = 0, open = 0;
	int rc;

	if (!reason || !*reason)
		return error(err, _("a waiver needs --reason"));
	if (amount <= 0)
		return error(err, _("the amount must be more than 0"));
	if (db_begin_immediate(db, err) < 0)
		return -1;
	if (db_prepare(db, &st, "SELECT b.project_id, b.unit_id, COALESCE(o.open_fen, 0) FROM bill b "
		       "LEFT JOIN bill_open o ON o.bill_id = b.id WHERE b.id = ?", err) < 0)
		goto fail;
	db_bind_int64(st, 1, bill_id);
	rc = db_step(st, err);
	if (rc == 1) {
		project_id = db_col_int64(st, 0);
		unit_id = db_col_int64(st, 1);
		open = db_col_int64(st, 2);
	}
	db_finalize(st);
	if (rc != 1) {
		if (rc == 0)
			error(err, _("unknown bill %lld"), (long long)bill_id);
		goto fail;
	}
	if (amount > open) {
		struct buf a = BUF_INIT, o = BUF_INIT;
		buf_add_yuan(&a, amount);
		buf_add_yuan(&o, open);
		error(err, _("a waiver of %s exceeds what bill %lld has open (%s)"), a.buf, (long long)bill_id, o.buf);
		buf_release(&a);
		buf_release(&o);
		goto fail;
	}
	if (db_run(db, request_id, err, "INSERT INTO request (project_id, kind, unit_id, bill_id, amount_fen, reason, "
		   "requested_by, business_day, created_at) VALUES (?, 'waiver', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		   "iiiitnii", project_id, unit_id, bill_id, amount, reason, staff_id, (int64_t)day,
		   (int64_t)time(NULL)) != 1)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

int request_decide(struct db *db, int64_t request_id, int approve, const struct staff *by, const char *note,
		   int day, struct buf *err)
{
	struct db_stmt *st;
	struct ledger l;
	char kind[24] = "";
	int64_t project_id = 0, bill_id = 0, amount = 0, requested_by = 0, decided, open = 0;
	int rc, refusal = -1;

	if (strcmp(by->role, "admin") && strcmp(by->role, "manager")) {
		error(err, _("only a project manager or an administrator may decide on requests"));
		return REQUEST_REFUSED;
	}
	if (db_begin_immediate(db, err) < 0)
		return -1;
	if (db_prepare(db, &st, "SELECT kind, project_id, COALESCE(bill_id, 0), amount_fen, COALESCE(requested_by, 0) "
		       "FROM request WHERE id = ?", err) < 0)
		goto fail;
	db_bind_int64(st, 1, request_id);
	rc = db_step(st, err);
	if (rc == 1) {
		snprintf(kind, sizeof(kind), "%s", db_col_text(st, 0));
		project_id = db_col_int64(st, 1);
		bill_id = db_col_int64(st, 2);
		amount = db_col_int64(st, 3);
		requested_by = db_col_int64(st, 4);
	}
	db_finalize(st);
	if (rc != 1) {
		if (rc == 0) {
			error(err, _("unknown request %lld"), (long long)request_id);
			refusal = REQUEST_UNKNOWN;
		}
		goto fail;
	}
	if (!staff_in_project(db, by, project_id)) {
		error(err, _("%s does not work on this project"), by->login);
		refusal = REQUEST_REFUSED;
		goto fail;
	}
	if (requested_by == by->id) {
		error(err, _("request %lld was made by %s: someone else must decide on it"), (long long)request_id,
		      by->login);
		refusal = REQUEST_REFUSED;
		goto fail;
	}
	if ((rc = db_run(db, &decided, err, "SELECT approved FROM decision WHERE request_id = ?", "i", request_id)) != 0) {
		if (rc == 1) {
			error(err, decided ? _("request %lld is already approved") : _("request %lld was rejected"),
			      (long long)request_id);
			refusal = REQUEST_DECIDED;
		}
		goto fail;
	}
	if (db_run(db, NULL, err, "INSERT INTO decision (request_id, approved, staff_id, note, business_day, created_at) "
		   "VALUES (?, ?, ?, ?, ?, ?)", "iintii", request_id, (int64_t)(approve != 0), by->id, note ? note : "",
		   (int64_t)day, (int64_t)time(NULL)) < 0)
		goto fail;
	if (approve && !strcmp(kind, "waiver")) {
		/* what is open may have changed since the request: never waive more than that */
		if (db_run(db, &open, err, "SELECT open_fen FROM bill_open WHERE bill_id = ?", "i", bill_id) < 0)
			goto fail;
		if (amount > open) {
			struct buf a = BUF_INIT, o = BUF_INIT;
			buf_add_yuan(&a, amount);
			buf_add_yuan(&o, open);
			error(err, _("a waiver of %s exceeds what bill %lld has open (%s)"), a.buf, (long long)bill_id, o.buf);
			buf_release(&a);
			buf_release(&o);
			goto fail;
		}
		if (ledger_open(&l, db, project_id, day, err) < 0)
			goto fail;
		rc = waiver_apply(&l, request_id, bill_id, amount, 0, NULL, err);
		ledger_close(&l);
		if (rc < 0)
			goto fail;
	}
	/* write-offs and legal escalations do what they asked for */
	if (approve && casework_approved(db, request_id, by, day, err) < 0)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return refusal;
}

/* The requests of a project (optionally in one state), or the one request `id`. */
static int requests_select(struct db *db, int64_t project_id, const char *state, int64_t id, json_t **out,
			   struct buf *err)
{
	struct db_stmt *st;
	struct buf name = BUF_INIT;
	json_t *rows = json_array();
	int rc;

	*out = NULL;
	if (db_prepare(db, &st, "SELECT r.id, r.kind, COALESCE(r.bill_id, 0), r.amount_fen, r.reason,"
		       " COALESCE(s.login, ''), d.approved, p.code, COALESCE(b.code, ''), COALESCE(u.entrance, ''),"
		       " COALESCE(u.room, ''), COALESCE(r.requested_by, 0), COALESCE(s.name, ''), r.business_day,"
		       " COALESCE(ds.login, ''), d.business_day, COALESCE(d.note, ''), COALESCE(e.step, ''), r.project_id"
		       " FROM request r JOIN project p ON p.id = r.project_id"
		       " LEFT JOIN staff s ON s.id = r.requested_by LEFT JOIN decision d ON d.request_id = r.id"
		       " LEFT JOIN staff ds ON ds.id = d.staff_id LEFT JOIN escalation e ON e.request_id = r.id"
		       " LEFT JOIN unit u ON u.id = r.unit_id LEFT JOIN building b ON b.id = u.building_id"
		       " WHERE (? = 0 OR r.project_id = ?) AND (? = 0 OR r.id = ?) AND (? = '' OR (? = 'pending' AND d.id IS NULL)"
		       " OR (? = 'approved' AND d.approved = 1) OR (? = 'rejected' AND d.approved = 0)) ORDER BY r.id",
		       err) < 0)
		goto fail;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, project_id);
	db_bind_int64(st, 3, id);
	db_bind_int64(st, 4, id);
	for (int i = 5; i <= 8; i++)
		db_bind_text(st, i, state ? state : "");
	while ((rc = db_step(st, err)) == 1) {
		int decided = !db_col_is_null(st, 6);
		const char *s = !decided ? "pending" : db_col_int64(st, 6) ? "approved" : "rejected";
		char asked[11], on[11] = "";
		json_t *r;
		buf_reset(&name);
		if (*db_col_text(st, 10))
			unit_name_format(&name, db_col_text(st, 7), db_col_text(st, 8), db_col_text(st, 9), db_col_text(st, 10));
		date_format((int)db_col_int64(st, 13), asked);
		if (decided)
			date_format((int)db_col_int64(st, 15), on);
		r = json_pack("{s:I,s:s,s:s,s:I,s:I,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id",
			      (json_int_t)db_col_int64(st, 0), "kind", db_col_text(st, 1), "unit", name.buf, "bill_id",
			      (json_int_t)db_col_int64(st, 2), "amount_fen", (json_int_t)db_col_int64(st, 3), "reason",
			      db_col_text(st, 4), "requested_by", db_col_text(st, 5), "requested_by_id",
			      (json_int_t)db_col_int64(st, 11), "requested_by_name", db_col_text(st, 12), "day", asked,
			      "state", s, "decided_by", db_col_text(st, 14), "decided_day", on, "note", db_col_text(st, 16),
			      "step", db_col_text(st, 17));
		json_object_set_new(r, "project_id", json_integer(db_col_int64(st, 18)));
		json_object_set_new(r, "project", json_string(db_col_text(st, 7)));
		json_array_append_new(rows, r);
	}
	db_finalize(st);
	if (rc < 0)
		goto fail;
	buf_release(&name);
	*out = rows;
	return 0;
fail:
	buf_release(&name);
	json_decref(rows);
	return -1;
}

int requests_json(struct db *db, int64_t project_id, const char *state, json_t **out, struct buf *err)
{
	return requests_select(db, project_id, state, 0, out, err);
}

int request_get_json(struct db *db, int64_t request_id, json_t **out, struct buf *err)
{
	json_t *list;

	*out = NULL;
	if (requests_select(db, 0, NULL, request_id, &list, err) < 0)
		return -1;
	if (json_array_size(list))
		*out = json_incref(json_array_get(list, 0));
	json_decref(list);
	return *out ? 0 : error(err, _("unknown request %lld"), (long long)request_id);
}
