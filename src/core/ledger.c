/* ledger.c: allocations and the open caches. */
#include "core/ledger.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "base/xalloc.h"

int ledger_open(struct ledger *l, struct db *db, int64_t project_id, int day, struct buf *err)
{
	memset(l, 0, sizeof(*l));
	l->db = db;
	l->project_id = project_id;
	l->day = day;
	if (journal_open(&l->j, db, project_id, err) < 0)
		return -1;
	if (db_cached(db, &l->open_get, "SELECT open_fen FROM bill_open WHERE bill_id = ?", err) < 0 ||
	    db_cached(db, &l->open_set, "UPDATE bill_open SET open_fen = ? WHERE bill_id = ?", err) < 0 ||
	    db_cached(db, &l->open_ins, "INSERT INTO bill_open (bill_id, project_id, unit_id, payer_id, due_day, open_fen) "
		       "VALUES (?, ?, ?, ?, ?, ?)", err) < 0 ||
	    db_cached(db, &l->open_del, "DELETE FROM bill_open WHERE bill_id = ?", err) < 0 ||
	    db_cached(db, &l->pre_get, "SELECT remaining_fen FROM prepaid_open WHERE payment_id = ?", err) < 0 ||
	    db_cached(db, &l->pre_set, "UPDATE prepaid_open SET remaining_fen = ? WHERE payment_id = ?", err) < 0 ||
	    db_cached(db, &l->pre_ins, "INSERT INTO prepaid_open (payment_id, project_id, unit_id, payer_id, remaining_fen) "
		       "VALUES (?, ?, ?, ?, ?)", err) < 0 ||
	    db_cached(db, &l->pre_del, "DELETE FROM prepaid_open WHERE payment_id = ?", err) < 0 ||
	    db_cached(db, &l->alloc_ins, "INSERT INTO allocation (payment_id, bill_id, amount_fen, source, day, run_id, "
		       "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", err) < 0 ||
	    db_cached(db, &l->bill_info, "SELECT kind, item_id, unit_id, payer_id, due_day FROM bill WHERE id = ?", err) < 0 ||
	    db_cached(db, &l->open_bills, "SELECT bill_id, open_fen FROM bill_open WHERE unit_id = ? AND payer_id = ? "
		       "ORDER BY due_day, bill_id", err) < 0 ||
	    db_cached(db, &l->prepaids, "SELECT payment_id, remaining_fen FROM prepaid_open WHERE unit_id = ? AND payer_id = ? "
		       "ORDER BY payment_id", err) < 0) {
		ledger_close(l);
		return -1;
	}
	return 0;
}

void ledger_close(struct ledger *l)
{
	struct db_stmt **all[] = { &l->open_get, &l->open_set, &l->open_ins, &l->open_del, &l->pre_get, &l->pre_set,
				   &l->pre_ins, &l->pre_del, &l->alloc_ins, &l->bill_info, &l->open_bills, &l->prepaids };

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		db_finalize(*all[i]);
		*all[i] = NULL;
	}
	journal_close(&l->j);
}

static int get_one(struct db_stmt *st, int64_t key, int64_t *value, struct buf *err)
{
	int rc;

	db_reset(st);
	db_bind_int64(st, 1, key);
	rc = db_step(st, err);
	*value = rc == 1 ? db_col_int64(st, 0) : 0;
	db_reset(st);
	return rc < 0 ? -1 : rc;
}

static int run2(struct db_stmt *st, int64_t a, int64_t b, struct buf *err)
{
	int rc;

	db_reset(st);
	db_bind_int64(st, 1, a);
	db_bind_int64(st, 2, b);
	rc = db_step(st, err);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int ledger_bill_open(struct ledger *l, int64_t bill_id, int64_t *open, struct buf *err)
{
	return get_one(l->open_get, bill_id, open, err) < 0 ? -1 : 0;
}

int ledger_bill_open_add(struct ledger *l, int64_t bill_id, int64_t unit_id, int64_t payer_id, int due,
			 int64_t delta, struct buf *err)
{
	int64_t cur;
	int rc = get_one(l->open_get, bill_id, &cur, err);

	if (rc < 0)
		return -1;
	if (cur + delta < 0)
		BUG("bill %lld would be open %lld fen", (long long)bill_id, (long long)(cur + delta));
	if (rc == 0) {
		if (delta == 0)
			return 0;
		db_reset(l->open_ins);
		db_bind_int64(l->open_ins, 1, bill_id);
		db_bind_int64(l->open_ins, 2, l->project_id);
		db_bind_int64(l->open_ins, 3, unit_id);
		db_bind_int64(l->open_ins, 4, payer_id);
		db_bind_int64(l->open_ins, 5, due);
		db_bind_int64(l->open_ins, 6, delta);
		rc = db_step(l->open_ins, err);
		db_reset(l->open_ins);
		return rc < 0 ? -1 : 0;
	}
	if (cur + delta == 0)
		return get_one(l->open_del, bill_id, &cur, err) < 0 ? -1 : 0;
	return run2(l->open_set, cur + delta, bill_id, err);
}

int ledger_prepaid_add(struct ledger *l, int64_t payment_id, int64_t unit_id, int64_t payer_id, int64_t delta,
		       struct buf *err)
{
	int64_t cur;
	int rc = get_one(l->pre_get, payment_id, &cur, err);

	if (rc < 0)
		return -1;
	if (cur + delta < 0)
		BUG("payment %lld would have %lld fen prepaid", (long long)payment_id, (long long)(cur + delta));
	if (rc == 0) {
		if (delta == 0)
			return 0;
		db_reset(l->pre_ins);
		db_bind_int64(l->pre_ins, 1, payment_id);
		db_bind_int64(l->pre_ins, 2, l->project_id);
		db_bind_int64(l->pre_ins, 3, unit_id);
		db_bind_int64(l->pre_ins, 4, payer_id);
		db_bind_int64(l->pre_ins, 5, delta);
		rc = db_step(l->pre_ins, err);
		db_reset(l->pre_ins);
		return rc < 0 ? -1 : 0;
	}
	if (cur + delta == 0)
		return get_one(l->pre_del, payment_id, &cur, err) < 0 ? -1 : 0;
	return run2(l->pre_set, cur + delta, payment_id, err);
}

int ledger_bill_account(struct ledger *l, int64_t bill_id, int64_t *account_id, int64_t *item_id,
			int64_t *unit_id, int64_t *payer_id, int *due, struct buf *err)
{
	int latefee, rc;

	db_reset(l->bill_info);
	db_bind_int64(l->bill_info, 1, bill_id);
	rc = db_step(l->bill_info, err);
	if (rc != 1) {
		db_reset(l->bill_info);
		return rc < 0 ? -1 : error(err, "unknown bill %lld", (long long)bill_id);
	}
	latefee = !strcmp(db_col_text(l->bill_info, 0), "latefee");
	*item_id = db_col_int64(l->bill_info, 1);
	*unit_id = db_col_int64(l->bill_info, 2);
	*payer_id = db_col_int64(l->bill_info, 3);
	*due = (int)db_col_int64(l->bill_info, 4);
	db_reset(l->bill_info);
	return journal_account(&l->j, latefee ? ACC_LATEFEE : ACC_RECEIVABLE, *unit_id, 0, "", account_id, err);
}

struct pair {
	int64_t id, amount;
};

static int load_pairs(struct db_stmt *st, int64_t a, int64_t b, struct pair **out, size_t *n, struct buf *err)
{
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	db_reset(st);
	db_bind_int64(st, 1, a);
	db_bind_int64(st, 2, b);
	while ((rc = db_step(st, err)) == 1) {
		XGROW(*out, alloc, *n + 1);
		(*out)[*n].id = db_col_int64(st, 0);
		(*out)[*n].amount = db_col_int64(st, 1);
		(*n)++;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int ledger_settle(struct ledger *l, int64_t unit_id, int64_t payer_id, const int64_t *bills, size_t nbills,
		  int64_t current_payment, int64_t run_id, int64_t *applied, struct buf *err)
{
	struct pair *money = NULL, *owed = NULL;
	size_t nmoney = 0, nowed = 0, m = 0;
	int64_t prepaid_acct, now = (int64_t)time(NULL);
	int rc = -1;

	*applied = 0;
	if (load_pairs(l->prepaids, unit_id, payer_id, &money, &nmoney, err) < 0)
		goto out;
	if (!nmoney) {
		rc = 0;
		goto out;
	}
	if (nbills) {
		owed = xcalloc(nbills, sizeof(*owed));
		for (size_t i = 0; i < nbills; i++) {
			owed[nowed].id = bills[i];
			if (ledger_bill_open(l, bills[i], &owed[nowed].amount, err) < 0)
				goto out;
			nowed++;
		}
	} else if (load_pairs(l->open_bills, unit_id, payer_id, &owed, &nowed, err) < 0) {
		goto out;
	}
	if (journal_account(&l->j, ACC_PREPAID, unit_id, payer_id, "", &prepaid_acct, err) < 0)
		goto out;
	for (size_t b = 0; b < nowed && m < nmoney; b++) {
		int64_t bill_acct, item_id, bunit, bpayer;
		int due;

		if (owed[b].amount <= 0)
			continue;
		if (ledger_bill_account(l, owed[b].id, &bill_acct, &item_id, &bunit, &bpayer, &due, err) < 0)
			goto out;
		while (owed[b].amount > 0 && m < nmoney) {
			int64_t amt = owed[b].amount < money[m].amount ? owed[b].amount : money[m].amount, alloc_id = 0;
			int src_current = money[m].id == current_payment;

			db_reset(l->alloc_ins);
			db_bind_int64(l->alloc_ins, 1, money[m].id);
			db_bind_int64(l->alloc_ins, 2, owed[b].id);
			db_bind_int64(l->alloc_ins, 3, amt);
			db_bind_text(l->alloc_ins, 4, src_current ? "payment" : "prepaid");
			db_bind_int64(l->alloc_ins, 5, l->day);
			if (run_id)
				db_bind_int64(l->alloc_ins, 6, run_id);
			else
				db_bind_null(l->alloc_ins, 6);
			db_bind_int64(l->alloc_ins, 7, now);
			if (db_step(l->alloc_ins, err) != 1) {
				db_reset(l->alloc_ins);
				goto out;
			}
			alloc_id = db_col_int64(l->alloc_ins, 0);
			db_reset(l->alloc_ins);
			if (journal_post(&l->j, prepaid_acct, bill_acct, amt, "allocation", alloc_id, l->day, err) < 0 ||
			    ledger_bill_open_add(l, owed[b].id, bunit, bpayer, due, -amt, err) < 0 ||
			    ledger_prepaid_add(l, money[m].id, unit_id, payer_id, -amt, err) < 0)
				goto out;
			owed[b].amount -= amt;
			money[m].amount -= amt;
			*applied += amt;
			if (!money[m].amount)
				m++;
		}
	}
	rc = 0;
out:
	free(money);
	free(owed);
	return rc;
}
