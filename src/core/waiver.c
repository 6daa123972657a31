/* waiver.c: waiver requests, approvals by a second person, and applying waivers. */
#include "core/waiver.h"

#include "core/casework.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"

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
	int rc;

	if (strcmp(by->role, "admin") && strcmp(by->role, "manager"))
		return error(err, _("only a project manager or an administrator may decide on requests"));
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
		if (rc == 0)
			error(err, _("unknown request %lld"), (long long)request_id);
		goto fail;
	}
	if (!staff_in_project(db, by, project_id)) {
		error(err, _("%s does not work on this project"), by->login);
		goto fail;
	}
	if (requested_by == by->id) {
		error(err, _("request %lld was made by %s: someone else must decide on it"), (long long)request_id,
		      by->login);
		goto fail;
	}
	if ((rc = db_run(db, &decided, err, "SELECT approved FROM decision WHERE request_id = ?", "i", request_id)) != 0) {
		if (rc == 1)
			error(err, decided ? _("request %lld is already approved") : _("request %lld was rejected"),
			      (long long)request_id);
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
	return -1;
}
