/* account.c: a unit's account, and the arrears of a project. */
#include "core/account.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/hashmap.h"
#include "base/xalloc.h"
#include "core/bills.h"
#include "core/payment.h"
#include "core/unit.h"

const char *const aging_names[AGING_BUCKETS] = { "1-30", "31-90", "91-180", "181-365", "366-730", "731-1095", "1096+" };

int aging_bucket(int d)
{
	static const int upper[AGING_BUCKETS - 1] = { 30, 90, 180, 365, 730, 1095 };

	for (int i = 0; i < AGING_BUCKETS - 1; i++)
		if (d <= upper[i])
			return i;
	return AGING_BUCKETS - 1;
}

static json_t *date_json(int day)
{
	char s[11];

	date_format(day, s);
	return json_string(s);
}

int account_json(struct db *db, int64_t unit_id, int day, json_t **out, struct buf *err)
{
	struct bill_state *b = NULL;
	struct db_stmt *st = NULL;
	struct buf name = BUF_INIT;
	json_t *o = NULL, *bills, *payments;
	int64_t open = 0, late = 0, prepaid = 0;
	size_t n = 0;
	int rc;

	*out = NULL;
	if (db_prepare(db, &st, "SELECT p.code, b.code, u.entrance, u.room FROM unit u JOIN building b ON b.id = u.building_id "
		       "JOIN project p ON p.id = u.project_id WHERE u.id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, unit_id);
	rc = db_step(st, err);
	if (rc == 1)
		unit_name_format(&name, db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3));
	db_finalize(st);
	st = NULL;
	if (rc != 1)
		goto fail;
	if (bills_load_unit(db, unit_id, day, &b, &n, err) < 0)
		goto fail;
	o = json_object();
	bills = json_array();
	payments = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "id", json_integer(b[i].id));
		json_object_set_new(x, "item", json_string(b[i].item));
		json_object_set_new(x, "kind", json_string(b[i].kind));
		json_object_set_new(x, "period", json_string(b[i].period));
		json_object_set_new(x, "due", date_json(b[i].due));
		json_object_set_new(x, "payer", json_string(b[i].payer));
		json_object_set_new(x, "amount_fen", json_integer(b[i].amount));
		json_object_set_new(x, "paid_fen", json_integer(b[i].paid));
		json_object_set_new(x, "waived_fen", json_integer(b[i].waived));
		json_object_set_new(x, "open_fen", json_integer(b[i].open));
		json_object_set_new(x, "overdue_days", json_integer(b[i].overdue_days));
		json_object_set_new(x, "late_fee_fen", json_integer(b[i].late_fee));
		json_object_set_new(x, "explain", json_string(b[i].explain));
		json_array_append_new(bills, x);
		open += b[i].open;
		late += bill_latefee_uncharged(&b[i]);
	}

	/* payments up to the day, and what of them is still prepaid on that day */
	if (db_prepare(db, &st,
		       "SELECT y.id, p.code, y.receipt_no, y.amount_fen, y.channel, y.paid_day,"
		       " (SELECT COUNT(*) FROM reversal r WHERE r.payment_id = y.id),"
		       " y.amount_fen - COALESCE((SELECT SUM(a.amount_fen) FROM allocation a WHERE a.payment_id = y.id"
		       "   AND a.day <= ?), 0) - COALESCE((SELECT SUM(f.amount_fen) FROM refund f WHERE f.payment_id = y.id"
		       "   AND f.day <= ?), 0)"
		       " FROM payment y JOIN project p ON p.id = y.project_id"
		       " WHERE y.unit_id = ? AND y.paid_day <= ? ORDER BY y.paid_day, y.id", err) < 0)
		goto fail;
	db_bind_int64(st, 1, day);
	db_bind_int64(st, 2, day);
	db_bind_int64(st, 3, unit_id);
	db_bind_int64(st, 4, day);
	while ((rc = db_step(st, err)) == 1) {
		char receipt[48];
		int reversed = db_col_int64(st, 6) > 0;
		json_t *x = json_object();
		receipt_format(receipt, sizeof(receipt), db_col_text(st, 1), db_col_int64(st, 2));
		json_object_set_new(x, "id", json_integer(db_col_int64(st, 0)));
		json_object_set_new(x, "receipt", json_string(receipt));
		json_object_set_new(x, "amount_fen", json_integer(db_col_int64(st, 3)));
		json_object_set_new(x, "channel", json_string(db_col_text(st, 4)));
		json_object_set_new(x, "paid", date_json((int)db_col_int64(st, 5)));
		json_object_set_new(x, "reversed", json_boolean(reversed));
		json_array_append_new(payments, x);
		if (!reversed)
			prepaid += db_col_int64(st, 7);
	}
	db_finalize(st);
	st = NULL;
	if (rc < 0) {
		json_decref(bills);
		json_decref(payments);
		goto fail;
	}
	json_object_set_new(o, "unit", json_string(name.buf));
	json_object_set_new(o, "prepaid_fen", json_integer(prepaid));
	json_object_set_new(o, "open_fen", json_integer(open));
	json_object_set_new(o, "late_fee_fen", json_integer(late));
	json_object_set_new(o, "bills", bills);
	json_object_set_new(o, "payments", payments);
	*out = o;
	bills_free(b, n);
	buf_release(&name);
	return 0;
fail:
	if (rc == 0)
		error(err, "unknown unit %lld", (long long)unit_id);
	db_finalize(st);
	json_decref(o);
	bills_free(b, n);
	buf_release(&name);
	return -1;
}

/* ---- arrears ---- */

struct payer_row {
	int64_t payer_id;
	json_t *obj;
	int64_t open, overdue, buckets[AGING_BUCKETS];
	int oldest_due;
	json_t *units;
};

int arrears_json(struct db *db, int64_t project_id, int day, int min_days, json_t **out, struct buf *err)
{
	struct hashmap index = HASHMAP_INIT, unit_seen = HASHMAP_INIT;
	struct payer_row *rows = NULL;
	size_t nrows = 0, alloc = 0;
	struct db_stmt *st;
	struct buf name = BUF_INIT;
	json_t *list;
	int rc;

	*out = NULL;
	/* bills with money still owed on `day`: the amount less what was applied or waived
	 * by then (reversed payments and withdrawn waivers do not count) */
	if (db_prepare(db, &st,
		       "SELECT b.payer_id, pa.name, b.due_day, b.amount_fen"
		       "  - COALESCE((SELECT SUM(a.amount_fen) FROM allocation a WHERE a.bill_id = b.id AND a.day <= ?"
		       "     AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.payment_id = a.payment_id)), 0)"
		       "  - COALESCE((SELECT SUM(w.amount_fen) FROM waiver w WHERE w.bill_id = b.id AND w.day <= ?"
		       "     AND NOT EXISTS (SELECT 1 FROM waiver_void v WHERE v.waiver_id = w.id)), 0),"
		       " p.code, bd.code, u.entrance, u.room, u.id"
		       " FROM bill b JOIN party pa ON pa.id = b.payer_id JOIN unit u ON u.id = b.unit_id"
		       " JOIN building bd ON bd.id = u.building_id JOIN project p ON p.id = b.project_id"
		       " WHERE b.project_id = ? AND b.due_day < ?"
		       " AND b.id IN (SELECT bill_id FROM bill_open WHERE project_id = ?"
		       "   UNION SELECT a.bill_id FROM allocation a JOIN bill b2 ON b2.id = a.bill_id"
		       "   WHERE b2.project_id = ? AND a.day > ?"
		       "   UNION SELECT w.bill_id FROM waiver w JOIN bill b3 ON b3.id = w.bill_id"
		       "   WHERE b3.project_id = ? AND w.day > ?)"
		       " ORDER BY b.payer_id, b.due_day", err) < 0)
		return -1;
	db_bind_int64(st, 1, day);
	db_bind_int64(st, 2, day);
	db_bind_int64(st, 3, project_id);
	db_bind_int64(st, 4, day);
	db_bind_int64(st, 5, project_id);
	db_bind_int64(st, 6, project_id);
	db_bind_int64(st, 7, day);
	db_bind_int64(st, 8, project_id);
	db_bind_int64(st, 9, day);
	while ((rc = db_step(st, err)) == 1) {
		int64_t payer = db_col_int64(st, 0), open = db_col_int64(st, 3), idx, uid = db_col_int64(st, 8);
		int due = (int)db_col_int64(st, 2), overdue = day - due;
		struct payer_row *p;
		char key[16];

		if (open <= 0 || overdue < min_days)
			continue;
		if (!hashmap_get(&index, (const char *)&payer, sizeof(payer), &idx)) {
			XGROW(rows, alloc, nrows + 1);
			idx = (int64_t)nrows++;
			p = &rows[idx];
			memset(p, 0, sizeof(*p));
			p->payer_id = payer;
			p->oldest_due = due;
			p->obj = json_pack("{s:s,s:I}", "payer", db_col_text(st, 1), "payer_id", (json_int_t)payer);
			p->units = json_array();
			hashmap_put(&index, (const char *)&payer, sizeof(payer), idx);
		}
		p = &rows[idx];
		memcpy(key, &payer, 8);
		memcpy(key + 8, &uid, 8);
		if (!hashmap_get(&unit_seen, key, 16, &idx)) {
			buf_reset(&name);
			unit_name_format(&name, db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6), db_col_text(st, 7));
			json_array_append_new(p->units, json_string(name.buf));
			hashmap_put(&unit_seen, key, 16, 1);
		}
		p->open += open;
		p->overdue += open;
		p->buckets[aging_bucket(overdue)] += open;
		if (due < p->oldest_due)
			p->oldest_due = due;
	}
	db_finalize(st);
	list = json_array();
	for (size_t i = 0; i < nrows; i++) {
		struct payer_row *p = &rows[i];
		json_t *buckets = json_object();
		for (int k = 0; k < AGING_BUCKETS; k++)
			json_object_set_new(buckets, aging_names[k], json_integer(p->buckets[k]));
		json_object_set_new(p->obj, "units", p->units);
		json_object_set_new(p->obj, "open_fen", json_integer(p->open));
		json_object_set_new(p->obj, "overdue_fen", json_integer(p->overdue));
		json_object_set_new(p->obj, "oldest_due", date_json(p->oldest_due));
		json_object_set_new(p->obj, "overdue_days", json_integer(day - p->oldest_due));
		json_object_set_new(p->obj, "buckets", buckets);
		json_array_append_new(list, p->obj);
	}
	free(rows);
	hashmap_clear(&index);
	hashmap_clear(&unit_seen);
	buf_release(&name);
	if (rc < 0) {
		json_decref(list);
		return -1;
	}
	*out = list;
	return 0;
}

