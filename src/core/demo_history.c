/* demo_history.c: months of believable books for the demo company.
 *
 * Contracts and tariffs are added through fees.c and every month is billed by the real
 * bill run (bill_run), prepaid settlement included.  The owners' payments are many (a
 * million units pay twelve million times a year), so they are written here in bulk,
 * one transaction a month, with the same rows the payment path writes: the payment with
 * the next receipt number, its journal postings, allocations oldest bill first, the open
 * caches.  `wuye check` proves the result balances like any other books.
 *
 * Who pays how is decided per unit from the seed: most pay on time through WeChat or at
 * the window, some pay a few months late, some prepay a year, a few stop paying for
 * months, a few never pay (the cases the collection engine works on).
 */
#include "core/demo.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/hashmap.h"
#include "base/xalloc.h"
#include "core/billing.h"
#include "core/fees.h"
#include "core/journal.h"

enum behaviour { ON_TIME, LATE, PREPAY_YEAR, STOPS, NEVER, DEVELOPER };

struct open_bill {
	int64_t id;
	int due;
	int64_t open;
};

struct unit_book {
	int64_t unit_id, payer_id;
	enum behaviour how;
	int stop_from, stop_to;          /* month index of a stretch without payments */
	struct open_bill *bills;
	size_t nbills, alloc, first;     /* bills[first..nbills) may be open */
	int64_t prepaid;                 /* remaining prepaid money */
	int64_t last_amount;             /* the latest monthly bill, to prepay a year */
};

struct history {
	struct db *db;
	int64_t project_id;
	uint64_t rng;
	struct unit_book *units;
	size_t nunits;
	struct hashmap index;            /* unit id -> index */
	int64_t receipt_no;
	struct db_stmt *pay, *alloc, *open_upd, *open_del, *pre_ins, *pre_del, *new_bills, *run_allocs;
	struct journal j;
	struct buf *err;
};

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static unsigned roll(struct history *h, unsigned n)
{
	h->rng = mix(h->rng);
	return (unsigned)(h->rng % n);
}

static const char *channel_for(struct history *h)
{
	unsigned r = roll(h, 100);
	return r < 55 ? "wechat" : r < 75 ? "cash" : r < 85 ? "alipay" : r < 92 ? "card" : r < 97 ? "transfer" : "autodebit";
}

static int load_units(struct history *h, int months)
{
	struct db_stmt *st;
	size_t alloc = 0;
	int rc;

	if (db_prepare(h->db, &st, "SELECT u.id, o.party_id, p.kind FROM unit u JOIN ownership o ON o.unit_id = u.id "
		       "AND o.seq = 0 AND o.from_day = (SELECT MAX(o2.from_day) FROM ownership o2 WHERE o2.unit_id = u.id) "
		       "JOIN party p ON p.id = o.party_id WHERE u.project_id = ? ORDER BY u.id", h->err) < 0)
		return -1;
	db_bind_int64(st, 1, h->project_id);
	while ((rc = db_step(st, h->err)) == 1) {
		struct unit_book *u;
		uint64_t r = mix((uint64_t)db_col_int64(st, 0) * 7919 + h->rng);
		XGROW(h->units, alloc, h->nunits + 1);
		u = &h->units[h->nunits];
		memset(u, 0, sizeof(*u));
		u->unit_id = db_col_int64(st, 0);
		u->payer_id = db_col_int64(st, 1);
		if (!strcmp(db_col_text(st, 2), "developer"))
			u->how = DEVELOPER;
		else {
			unsigned p = (unsigned)(r % 100);
			u->how = p < 77 ? ON_TIME : p < 85 ? LATE : p < 90 ? PREPAY_YEAR : p < 95 ? STOPS : NEVER;
		}
		u->stop_from = (int)((r >> 8) % (unsigned)(months > 2 ? months : 2));
		u->stop_to = u->stop_from + 3 + (int)((r >> 16) % 8);
		hashmap_put(&h->index, (const char *)&u->unit_id, 8, (int64_t)h->nunits);
		h->nunits++;
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

static struct unit_book *unit_of(struct history *h, int64_t unit_id)
{
	int64_t i;

	return hashmap_get(&h->index, (const char *)&unit_id, 8, &i) ? &h->units[i] : NULL;
}

/* The run's new bills, and what prepaid money it settled, into memory. */
static int absorb_run(struct history *h, int64_t run_id)
{
	int rc;

	db_reset(h->new_bills);
	db_bind_int64(h->new_bills, 1, run_id);
	while ((rc = db_step(h->new_bills, h->err)) == 1) {
		struct unit_book *u = unit_of(h, db_col_int64(h->new_bills, 1));
		struct open_bill *b;
		if (!u)
			continue;
		XGROW(u->bills, u->alloc, u->nbills + 1);
		b = &u->bills[u->nbills++];
		b->id = db_col_int64(h->new_bills, 0);
		b->due = (int)db_col_int64(h->new_bills, 2);
		b->open = db_col_int64(h->new_bills, 3);
		if (db_col_int64(h->new_bills, 4) == u->payer_id)
			u->last_amount = b->open;
	}
	db_reset(h->new_bills);
	if (rc < 0)
		return -1;
	db_reset(h->run_allocs);
	db_bind_int64(h->run_allocs, 1, run_id);
	while ((rc = db_step(h->run_allocs, h->err)) == 1) {
		struct unit_book *u = unit_of(h, db_col_int64(h->run_allocs, 0));
		int64_t bill = db_col_int64(h->run_allocs, 1), amount = db_col_int64(h->run_allocs, 2);
		if (!u)
			continue;
		u->prepaid -= amount;
		for (size_t i = u->first; i < u->nbills; i++)
			if (u->bills[i].id == bill)
				u->bills[i].open -= amount;
		while (u->first < u->nbills && !u->bills[u->first].open)
			u->first++;
	}
	db_reset(h->run_allocs);
	return rc < 0 ? -1 : 0;
}

static int step(struct db_stmt *st, struct buf *err, int64_t *id)
{
	int rc = db_step(st, err);

	if (rc == 1 && id)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* One payment of `amount` on `day`: oldest open bills first, the rest prepaid. */
static int pay(struct history *h, struct unit_book *u, int64_t amount, int day)
{
	int64_t payment_id = 0, cash, prepaid, now = (int64_t)time(NULL);
	const char *channel = channel_for(h);

	if (journal_account(&h->j, ACC_CASH, 0, 0, channel, &cash, h->err) < 0 ||
	    journal_account(&h->j, ACC_PREPAID, u->unit_id, u->payer_id, "", &prepaid, h->err) < 0)
		return -1;
	db_bind_int64(h->pay, 1, h->project_id);
	db_bind_int64(h->pay, 2, u->unit_id);
	db_bind_int64(h->pay, 3, u->payer_id);
	db_bind_int64(h->pay, 4, amount);
	db_bind_text(h->pay, 5, channel);
	db_bind_int64(h->pay, 6, ++h->receipt_no);
	db_bind_int64(h->pay, 7, day);
	db_bind_int64(h->pay, 8, now);
	if (step(h->pay, h->err, &payment_id) < 0 ||
	    journal_post(&h->j, cash, prepaid, amount, "payment", payment_id, day, h->err) < 0)
		return -1;
	for (size_t i = u->first; i < u->nbills && amount > 0; i++) {
		struct open_bill *b = &u->bills[i];
		int64_t take = b->open < amount ? b->open : amount, alloc_id = 0, recv;
		if (!take)
			continue;
		db_bind_int64(h->alloc, 1, payment_id);
		db_bind_int64(h->alloc, 2, b->id);
		db_bind_int64(h->alloc, 3, take);
		db_bind_int64(h->alloc, 4, day);
		db_bind_int64(h->alloc, 5, now);
		if (step(h->alloc, h->err, &alloc_id) < 0 ||
		    journal_account(&h->j, ACC_RECEIVABLE, u->unit_id, 0, "", &recv, h->err) < 0 ||
		    journal_post(&h->j, prepaid, recv, take, "allocation", alloc_id, day, h->err) < 0)
			return -1;
		b->open -= take;
		amount -= take;
		if (b->open) {
			db_bind_int64(h->open_upd, 1, b->open);
			db_bind_int64(h->open_upd, 2, b->id);
			if (step(h->open_upd, h->err, NULL) < 0)
				return -1;
		} else {
			db_bind_int64(h->open_del, 1, b->id);
			if (step(h->open_del, h->err, NULL) < 0)
				return -1;
		}
	}
	while (u->first < u->nbills && !u->bills[u->first].open)
		u->first++;
	if (amount > 0) {
		db_bind_int64(h->pre_ins, 1, payment_id);
		db_bind_int64(h->pre_ins, 2, h->project_id);
		db_bind_int64(h->pre_ins, 3, u->unit_id);
		db_bind_int64(h->pre_ins, 4, u->payer_id);
		db_bind_int64(h->pre_ins, 5, amount);
		if (step(h->pre_ins, h->err, NULL) < 0)
			return -1;
		u->prepaid += amount;
	}
	return 0;
}

static int64_t open_total(const struct unit_book *u)
{
	int64_t t = 0;

	for (size_t i = u->first; i < u->nbills; i++)
		t += u->bills[i].open;
	return t;
}

/* This month's payments of one unit, as its owner behaves. */
static int month_payments(struct history *h, struct unit_book *u, int m, int first, int today)
{
	int64_t owed = open_total(u);
	int day = first + (int)roll(h, 25);
	int y, mo, d;

	if (day > today)
		return 0;
	date_to_ymd(first, &y, &mo, &d);
	switch (u->how) {
	case ON_TIME:
		return owed ? pay(h, u, owed, day) : 0;
	case LATE:
		return owed && roll(h, 100) < 35 ? pay(h, u, owed, day) : 0;
	case PREPAY_YEAR:
		/* a year in advance each January (or when the prepayment has run out) */
		if ((mo == 1 || !u->prepaid) && u->last_amount && !owed)
			return pay(h, u, u->last_amount * 12, day);
		return owed ? pay(h, u, owed + u->last_amount * 11, day) : 0;
	case STOPS:
		if (m >= u->stop_from && m <= u->stop_to)
			return 0;
		return owed ? pay(h, u, owed, day) : 0;
	case DEVELOPER:
		/* the developer settles its unsold units every quarter */
		return owed && mo % 3 == 0 ? pay(h, u, owed, day) : 0;
	case NEVER:
		return 0;
	}
	return 0;
}

static int prepare(struct history *h)
{
	if (journal_open(&h->j, h->db, h->project_id, h->err) < 0)
		return -1;
	return db_prepare(h->db, &h->pay, "INSERT INTO payment (project_id, unit_id, payer_id, amount_fen, channel, "
			  "receipt_no, paid_day, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", h->err) < 0 ||
	       db_prepare(h->db, &h->alloc, "INSERT INTO allocation (payment_id, bill_id, amount_fen, source, day, "
			  "created_at) VALUES (?, ?, ?, 'payment', ?, ?) RETURNING id", h->err) < 0 ||
	       db_prepare(h->db, &h->open_upd, "UPDATE bill_open SET open_fen = ? WHERE bill_id = ?", h->err) < 0 ||
	       db_prepare(h->db, &h->open_del, "DELETE FROM bill_open WHERE bill_id = ?", h->err) < 0 ||
	       db_prepare(h->db, &h->pre_ins, "INSERT INTO prepaid_open (payment_id, project_id, unit_id, payer_id, "
			  "remaining_fen) VALUES (?, ?, ?, ?, ?)", h->err) < 0 ||
	       db_prepare(h->db, &h->new_bills, "SELECT id, unit_id, due_day, amount_fen, payer_id FROM bill "
			  "WHERE run_id = ? ORDER BY id", h->err) < 0 ||
	       db_prepare(h->db, &h->run_allocs, "SELECT b.unit_id, a.bill_id, a.amount_fen FROM allocation a "
			  "JOIN bill b ON b.id = a.bill_id WHERE a.run_id = ?", h->err) < 0
		       ? -1 : 0;
}

static void release(struct history *h)
{
	db_finalize(h->pay);
	db_finalize(h->alloc);
	db_finalize(h->open_upd);
	db_finalize(h->open_del);
	db_finalize(h->pre_ins);
	db_finalize(h->new_bills);
	db_finalize(h->run_allocs);
	journal_close(&h->j);
	for (size_t i = 0; i < h->nunits; i++)
		free(h->units[i].bills);
	free(h->units);
	hashmap_clear(&h->index);
}

/* Contracts: the 前期 contract from the first month; for the first project it is
 * renegotiated half way (a higher rate from its own effective date). */
static int add_contracts(struct db *db, int64_t project_id, int first, int months, int renegotiate, uint64_t seed,
			 struct buf *err)
{
	struct contract_new c = { 0 };
	struct tariff_new t = { 0 };
	int64_t id, tariff;

	c.project_id = project_id;
	c.name = "前期物业服务合同";
	c.from = first;
	c.to = DATE_MAX;
	c.late_daily_ppm = 300;
	c.late_cap_pct = 100;
	t.item = "物业费";
	t.basis_area = 1;
	t.rate = 15000 + (int64_t)(mix(seed + (uint64_t)project_id) % 14) * 1000; /* ¥1.50 to ¥2.80 */
	t.cycle = CYCLE_MONTH;
	t.due_day = 15;
	t.vacant_pct = 70;
	if (contract_add(db, &c, &id, err) < 0)
		return -1;
	t.contract_id = id;
	if (tariff_add(db, &t, &tariff, err) < 0)
		return -1;
	if (!renegotiate || months < 6)
		return 0;
	c.name = "物业服务合同（续签）";
	c.from = date_add_months(first, months / 2);
	if (contract_add(db, &c, &id, err) < 0)
		return -1;
	t.contract_id = id;
	t.rate += 2000; /* the owners' committee agreed ¥0.20 more */
	return tariff_add(db, &t, &tariff, err);
}

int demo_history(struct db *db, int64_t project_id, int months, int today, uint64_t seed, int renegotiate,
		 struct demo_history_result *res, struct buf *err)
{
	struct history h;
	int first = date_add_months(date_first_of_month(today), -(months - 1));
	int rc = -1;

	memset(&h, 0, sizeof(h));
	h.db = db;
	h.project_id = project_id;
	h.rng = seed * 0x9e3779b97f4a7c15ULL + (uint64_t)project_id;
	h.err = err;
	if (db_begin(db, err) < 0 || add_contracts(db, project_id, first, months, renegotiate, seed, err) < 0 ||
	    db_commit(db, err) < 0)
		goto out;
	if (load_units(&h, months) < 0 || prepare(&h) < 0)
		goto out;
	if (db_run(db, &h.receipt_no, err, "SELECT last_no FROM receipt_counter WHERE project_id = ?", "i", project_id) != 1)
		goto out;
	for (int m = 0; m < months; m++) {
		int month_first = date_add_months(first, m);
		struct period p = { PERIOD_MONTH, 0, 0 };
		struct bill_run_result run;
		int d;

		date_to_ymd(month_first, &p.year, &p.index, &d);
		if (bill_run(db, project_id, &p, month_first, 0, 0, &run, err) < 0)
			goto out;
		res->bills += run.bills;
		if (db_begin(db, err) < 0)
			goto out;
		if (absorb_run(&h, run.run_id) < 0)
			goto fail;
		for (size_t i = 0; i < h.nunits; i++) {
			int64_t before = h.receipt_no;
			if (month_payments(&h, &h.units[i], m, month_first, today) < 0)
				goto fail;
			res->payments += (int)(h.receipt_no - before);
		}
		if (db_run(db, NULL, err, "UPDATE receipt_counter SET last_no = ? WHERE project_id = ?", "ii", h.receipt_no,
			   project_id) < 0 || db_commit(db, err) < 0)
			goto fail;
	}
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	release(&h);
	return rc;
}
