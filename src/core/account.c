/* account.c: a unit's account, and the arrears of a project. */
#include "core/account.h"

#include <stdio.h>
#include <stdlib.h>
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

void account_free(struct account *a)
{
	bills_free(a->bills, a->nbills);
	free(a->payments);
	memset(a, 0, sizeof(*a));
}

int account_load(struct db *db, int64_t unit_id, int day, struct account *a, struct buf *err)
{
	struct db_stmt *st;
	struct buf name = BUF_INIT;
	size_t alloc = 0;
	int rc;

	memset(a, 0, sizeof(*a));
	if (db_cached(db, &st, "SELECT p.code, b.code, u.entrance, u.room FROM unit u JOIN building b ON b.id = u.building_id "
		      "JOIN project p ON p.id = u.project_id WHERE u.id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, unit_id);
	rc = db_step(st, err);
	if (rc == 1)
		unit_name_format(&name, db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3));
	db_finalize(st);
	snprintf(a->unit, sizeof(a->unit), "%s", name.buf);
	buf_release(&name);
	if (rc != 1)
		return rc < 0 ? -1 : error(err, "unknown unit %lld", (long long)unit_id);
	if (bills_load_unit(db, unit_id, day, &a->bills, &a->nbills, err) < 0)
		return -1;
	for (size_t i = 0; i < a->nbills; i++) {
		a->open += a->bills[i].open;
		a->late_fee += bill_latefee_uncharged(&a->bills[i]);
	}

	/* payments up to the day, and what of them is still prepaid on that day */
	if (db_cached(db, &st,
		      "SELECT y.id, p.code, y.receipt_no, y.amount_fen, y.channel, y.paid_day,"
		      " (SELECT COUNT(*) FROM reversal r WHERE r.payment_id = y.id),"
		      " y.amount_fen - COALESCE((SELECT SUM(a.amount_fen) FROM allocation a WHERE a.payment_id = y.id"
		      "   AND a.day <= ?), 0) - COALESCE((SELECT SUM(f.amount_fen) FROM refund f WHERE f.payment_id = y.id"
		      "   AND f.day <= ?), 0)"
		      " FROM payment y JOIN project p ON p.id = y.project_id"
		      " WHERE y.unit_id = ? AND y.paid_day <= ? ORDER BY y.paid_day, y.id", err) < 0) {
		account_free(a);
		return -1;
	}
	db_bind_int64(st, 1, day);
	db_bind_int64(st, 2, day);
	db_bind_int64(st, 3, unit_id);
	db_bind_int64(st, 4, day);
	while ((rc = db_step(st, err)) == 1) {
		struct account_payment *y;
		XGROW(a->payments, alloc, a->npayments + 1);
		y = &a->payments[a->npayments++];
		y->id = db_col_int64(st, 0);
		receipt_format(y->receipt, sizeof(y->receipt), db_col_text(st, 1), db_col_int64(st, 2));
		y->amount = db_col_int64(st, 3);
		snprintf(y->channel, sizeof(y->channel), "%s", db_col_text(st, 4));
		y->paid = (int)db_col_int64(st, 5);
		y->reversed = db_col_int64(st, 6) > 0;
		if (!y->reversed)
			a->prepaid += db_col_int64(st, 7);
	}
	db_finalize(st);
	if (rc < 0) {
		account_free(a);
		return -1;
	}
	return 0;
}

int account_json(struct db *db, int64_t unit_id, int day, json_t **out, struct buf *err)
{
	struct account a;
	json_t *bills, *payments;

	*out = NULL;
	if (account_load(db, unit_id, day, &a, err) < 0)
		return -1;
	bills = json_array();
	for (size_t i = 0; i < a.nbills; i++) {
		const struct bill_state *b = &a.bills[i];
		json_array_append_new(bills, json_pack("{s:I,s:s,s:s,s:s,s:o,s:s,s:I,s:I,s:I,s:I,s:i,s:I,s:s}", "id",
						       (json_int_t)b->id, "item", b->item, "kind", b->kind, "period",
						       b->period, "due", date_json(b->due), "payer", b->payer, "amount_fen",
						       (json_int_t)b->amount, "paid_fen", (json_int_t)b->paid, "waived_fen",
						       (json_int_t)b->waived, "open_fen", (json_int_t)b->open, "overdue_days",
						       b->overdue_days, "late_fee_fen", (json_int_t)b->late_fee, "explain",
						       b->explain));
	}
	payments = json_array();
	for (size_t i = 0; i < a.npayments; i++) {
		const struct account_payment *y = &a.payments[i];
		json_array_append_new(payments, json_pack("{s:I,s:s,s:I,s:s,s:o,s:b}", "id", (json_int_t)y->id, "receipt",
							  y->receipt, "amount_fen", (json_int_t)y->amount, "channel",
							  y->channel, "paid", date_json(y->paid), "reversed", y->reversed));
	}
	*out = json_pack("{s:s,s:I,s:I,s:I,s:o,s:o}", "unit", a.unit, "prepaid_fen", (json_int_t)a.prepaid, "open_fen",
			 (json_int_t)a.open, "late_fee_fen", (json_int_t)a.late_fee, "bills", bills, "payments", payments);
	account_free(&a);
	return 0;
}

/* ---- the same as JSON text, without building a tree (the API's hot path) ---- */

static void add_int(struct buf *out, int64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	buf_add(out, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void add_member_int(struct buf *out, const char *key, int64_t v)
{
	buf_adds(out, key);
	add_int(out, v);
}

static void add_member_text(struct buf *out, const char *key, const char *v)
{
	buf_adds(out, key);
	buf_add_json_string(out, v);
}

static void add_member_day(struct buf *out, const char *key, int day)
{
	char d[11];

	date_format(day, d);
	add_member_text(out, key, d);
}

void account_write_json(struct buf *out, const struct account *a)
{
	add_member_text(out, "{\"unit\":", a->unit);
	add_member_int(out, ",\"prepaid_fen\":", a->prepaid);
	add_member_int(out, ",\"open_fen\":", a->open);
	add_member_int(out, ",\"late_fee_fen\":", a->late_fee);
	buf_adds(out, ",\"bills\":[");
	for (size_t i = 0; i < a->nbills; i++) {
		const struct bill_state *b = &a->bills[i];
		add_member_int(out, i ? ",{\"id\":" : "{\"id\":", b->id);
		add_member_text(out, ",\"item\":", b->item);
		add_member_text(out, ",\"kind\":", b->kind);
		add_member_text(out, ",\"period\":", b->period);
		add_member_day(out, ",\"due\":", b->due);
		add_member_text(out, ",\"payer\":", b->payer);
		add_member_int(out, ",\"amount_fen\":", b->amount);
		add_member_int(out, ",\"paid_fen\":", b->paid);
		add_member_int(out, ",\"waived_fen\":", b->waived);
		add_member_int(out, ",\"open_fen\":", b->open);
		add_member_int(out, ",\"overdue_days\":", b->overdue_days);
		add_member_int(out, ",\"late_fee_fen\":", b->late_fee);
		add_member_text(out, ",\"explain\":", b->explain);
		buf_addch(out, '}');
	}
	buf_adds(out, "],\"payments\":[");
	for (size_t i = 0; i < a->npayments; i++) {
		const struct account_payment *y = &a->payments[i];
		add_member_int(out, i ? ",{\"id\":" : "{\"id\":", y->id);
		add_member_text(out, ",\"receipt\":", y->receipt);
		add_member_int(out, ",\"amount_fen\":", y->amount);
		add_member_text(out, ",\"channel\":", y->channel);
		add_member_day(out, ",\"paid\":", y->paid);
		buf_adds(out, y->reversed ? ",\"reversed\":true}" : ",\"reversed\":false}");
	}
	buf_adds(out, "]}");
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
	if (db_cached(db, &st,
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

