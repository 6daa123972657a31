/* check.c: the books checker: one pass over each table, arrays indexed by id. */
#include "core/check.h"
#include "core/figures.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/hashmap.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/xalloc.h"
#include "core/payment.h"

#define CHUNK 200000
#define MAX_REPORTED 1000

/* A table's rows by id: the record's amount, and what the journal posted for it. */
struct table {
	int64_t max_id;
	unsigned char *exists;
	int64_t *amount, *posted;
};

struct checker {
	struct db *db;
	struct buf *err;
	struct check_result *res;
	struct table bills, payments, allocs, waivers, refunds;
	int64_t *bill_applied, *bill_unit, *bill_payer;
	unsigned char *bill_latefee;
	int64_t *pay_used, *pay_unit, *pay_payer;
	unsigned char *pay_reversed;
	int64_t *alloc_payment, *alloc_bill;
	unsigned char *waiver_void;
	/* accounts */
	int64_t max_account, max_unit, max_posting, max_reversal;
	unsigned char *acct_kind; /* 0 none, 1 receivable, 2 latefee, 3 prepaid, 4 company */
	int64_t *acct_unit, *acct_party, *acct_balance; /* balance: debits - credits */
	/* reversal id -> payment; what was posted for reversals, undone allocations and waivers */
	struct hashmap reversal_payment, reversal_posted, void_posted, unalloc_posted;
};

static void problem(struct checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct checker *c, const char *fmt, ...)
{
	va_list ap;

	c->res->problems++;
	if (c->res->problems > MAX_REPORTED)
		return;
	if (c->err->len)
		buf_addch(c->err, '\n');
	va_start(ap, fmt);
	buf_vaddf(c->err, fmt, ap);
	va_end(ap);
}

static const char *yuan(struct buf *b, int64_t fen)
{
	buf_reset(b);
	buf_add_yuan(b, fen);
	return b->buf;
}

static int max_id(struct checker *c, const char *sql, int64_t *out)
{
	return db_run(c->db, out, c->err, sql, "") < 0 ? -1 : 0;
}

static void *array(int64_t max, size_t size)
{
	return xcalloc((size_t)max + 1, size);
}

static int table_init(struct checker *c, struct table *t, const char *sql_max)
{
	if (max_id(c, sql_max, &t->max_id) < 0)
		return -1;
	t->exists = array(t->max_id, 1);
	t->amount = array(t->max_id, sizeof(int64_t));
	t->posted = array(t->max_id, sizeof(int64_t));
	return 0;
}

static void table_free(struct table *t)
{
	free(t->exists);
	free(t->amount);
	free(t->posted);
}

static int in(const struct table *t, int64_t id)
{
	return id > 0 && id <= t->max_id && t->exists[id];
}

static void table_row(struct table *t, int64_t id, int64_t amount)
{
	if (id <= 0 || id > t->max_id)
		return;
	t->exists[id] = 1;
	t->amount[id] = amount;
}

typedef int (*row_fn)(struct checker *c, struct db_stmt *st);

/* Runs sql, whose WHERE has "id > ? AND id <= ?", over ids 1..max in chunks, so that
 * no backend holds more than a chunk of rows at a time. */
static int scan(struct checker *c, const char *sql, int64_t max, row_fn fn)
{
	struct db_stmt *st;
	int rc = 0;

	if (db_prepare(c->db, &st, sql, c->err) < 0)
		return -1;
	for (int64_t lo = 0; lo < max && rc >= 0; lo += CHUNK) {
		db_reset(st);
		db_bind_int64(st, 1, lo);
		db_bind_int64(st, 2, lo + CHUNK);
		while ((rc = db_step(st, c->err)) == 1)
			fn(c, st);
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* ---- rows ---- */

/* Rows past the ids read at the start were written while the check ran (another
 * connection's snapshot is later): they are not part of what is checked. */
#define PAST(id, max) ((id) <= 0 || (id) > (max))

static int on_account(struct checker *c, struct db_stmt *st)
{
	int64_t id = db_col_int64(st, 0);
	const char *kind = db_col_text(st, 1);

	if (PAST(id, c->max_account))
		return 0;
	c->acct_kind[id] = !strcmp(kind, "receivable") ? 1 : !strcmp(kind, "latefee") ? 2 : !strcmp(kind, "prepaid") ? 3 : 4;
	c->acct_unit[id] = db_col_int64(st, 2);
	c->acct_party[id] = db_col_int64(st, 3);
	return 0;
}

static int on_bill(struct checker *c, struct db_stmt *st)
{
	int64_t id = db_col_int64(st, 0);

	if (PAST(id, c->bills.max_id))
		return 0;
	table_row(&c->bills, id, db_col_int64(st, 1));
	c->bill_latefee[id] = !strcmp(db_col_text(st, 2), "latefee");
	c->bill_unit[id] = db_col_int64(st, 3);
	c->bill_payer[id] = db_col_int64(st, 4);
	c->res->bills++;
	return 0;
}

static int on_payment(struct checker *c, struct db_stmt *st)
{
	int64_t id = db_col_int64(st, 0);

	if (PAST(id, c->payments.max_id))
		return 0;
	table_row(&c->payments, id, db_col_int64(st, 1));
	c->pay_unit[id] = db_col_int64(st, 2);
	c->pay_payer[id] = db_col_int64(st, 3);
	c->res->payments++;
	return 0;
}

static int on_reversal(struct checker *c, struct db_stmt *st)
{
	int64_t id = db_col_int64(st, 0), pay = db_col_int64(st, 1);

	if (PAST(id, c->max_reversal))
		return 0;
	if (!in(&c->payments, pay)) {
		problem(c, _("reversal %lld: it reverses payment %lld, which does not exist"), (long long)id, (long long)pay);
		return 0;
	}
	c->pay_reversed[pay] = 1;
	hashmap_put(&c->reversal_payment, (const char *)&id, 8, pay);
	return 0;
}

static int on_refund(struct checker *c, struct db_stmt *st)
{
	int64_t id = db_col_int64(st, 0), pay = db_col_int64(st, 1), amount = db_col_int64(st, 2);

	if (PAST(id, c->refunds.max_id))
		return 0;
	table_row(&c->refunds, id, amount);
	if (!in(&c->payments, pay))
		problem(c, _("refund %lld: it refunds payment %lld, which does not exist"), (long long)id, (long long)pay);
	else
		c->pay_used[pay] += amount;
	return 0;
}

static int on_allocation(struct checker *c, struct db_stmt *st)
{
	int64_t id = db_col_int64(st, 0), pay = db_col_int64(st, 1), bill = db_col_int64(st, 2),
		amount = db_col_int64(st, 3);

	if (PAST(id, c->allocs.max_id))
		return 0;
	table_row(&c->allocs, id, amount);
	c->alloc_payment[id] = pay;
	c->alloc_bill[id] = bill;
	c->res->allocations++;
	if (!in(&c->payments, pay) || !in(&c->bills, bill)) {
		problem(c, _("allocation %lld: it applies payment %lld to bill %lld, and one of them does not exist"),
			(long long)id, (long long)pay, (long long)bill);
		return 0;
	}
	if (c->pay_unit[pay] != c->bill_unit[bill])
		problem(c, _("allocation %lld: payment %lld and bill %lld are of different units"), (long long)id,
			(long long)pay, (long long)bill);
	c->pay_used[pay] += amount;
	if (!c->pay_reversed[pay])
		c->bill_applied[bill] += amount;
	return 0;
}

static int on_waiver_void(struct checker *c, struct db_stmt *st)
{
	int64_t w = db_col_int64(st, 0);

	if (w > 0 && w <= c->waivers.max_id)
		c->waiver_void[w] = 1;
	return 0;
}

static int on_waiver(struct checker *c, struct db_stmt *st)
{
	int64_t id = db_col_int64(st, 0), bill = db_col_int64(st, 1), amount = db_col_int64(st, 2);

	if (PAST(id, c->waivers.max_id))
		return 0;
	table_row(&c->waivers, id, amount);
	c->res->waivers++;
	if (!in(&c->bills, bill)) {
		problem(c, _("waiver %lld: it waives bill %lld, which does not exist"), (long long)id, (long long)bill);
		return 0;
	}
	if (!c->waiver_void[id])
		c->bill_applied[bill] += amount;
	return 0;
}

static void add_posted(struct hashmap *m, int64_t id, int64_t amount)
{
	int64_t v = 0;

	hashmap_get(m, (const char *)&id, 8, &v);
	hashmap_put(m, (const char *)&id, 8, v + amount);
}

static int on_posting(struct checker *c, struct db_stmt *st)
{
	int64_t id = db_col_int64(st, 0), debit = db_col_int64(st, 1), credit = db_col_int64(st, 2),
		amount = db_col_int64(st, 3), src = db_col_int64(st, 5);
	const char *kind = db_col_text(st, 4);
	struct table *t;
	const char *what;

	if (PAST(id, c->max_posting))
		return 0;
	c->res->postings++;
	if (amount <= 0)
		problem(c, _("posting %lld: amount %lld fen is not above 0"), (long long)id, (long long)amount);
	if (debit == credit)
		problem(c, _("posting %lld: it debits and credits the same account %lld"), (long long)id, (long long)debit);
	if (debit <= 0 || debit > c->max_account || !c->acct_kind[debit] || credit <= 0 ||
	    credit > c->max_account || !c->acct_kind[credit]) {
		problem(c, _("posting %lld: it names an account that does not exist"), (long long)id);
		return 0;
	}
	c->acct_balance[debit] += amount;
	c->acct_balance[credit] -= amount;
	if (!strcmp(kind, "bill") || !strcmp(kind, "latefee")) {
		t = &c->bills;
		what = N_("bill");
	} else if (!strcmp(kind, "payment")) {
		t = &c->payments;
		what = N_("payment");
	} else if (!strcmp(kind, "allocation")) {
		t = &c->allocs;
		what = N_("allocation");
	} else if (!strcmp(kind, "waiver")) {
		t = &c->waivers;
		what = N_("waiver");
	} else if (!strcmp(kind, "refund")) {
		t = &c->refunds;
		what = N_("refund");
	} else if (!strcmp(kind, "reversal")) {
		add_posted(&c->reversal_posted, src, amount);
		return 0;
	} else if (!strcmp(kind, "unallocation")) {
		add_posted(&c->unalloc_posted, src, amount);
		return 0;
	} else if (!strcmp(kind, "unwaiver")) {
		add_posted(&c->void_posted, src, amount);
		return 0;
	} else {
		problem(c, _("posting %lld: unknown kind '%s'"), (long long)id, kind);
		return 0;
	}
	/* whether the record exists is known only when both scans are done (they run at
	 * once): see check_posted */
	if (src <= 0 || src > t->max_id) {
		problem(c, _("posting %lld: it records %s %lld, which does not exist"), (long long)id, _(what), (long long)src);
		return 0;
	}
	t->posted[src] += amount;
	return 0;
}

/* ---- after the scans ---- */

static void check_posted(struct checker *c, struct table *t, const char *what)
{
	struct buf a = BUF_INIT, b = BUF_INIT;

	for (int64_t id = 1; id <= t->max_id; id++) {
		if (!t->exists[id] && t->posted[id])
			problem(c, _("the journal posted %s for %s %lld, which does not exist"), yuan(&a, t->posted[id]),
				_(what), (long long)id);
		else if (t->exists[id] && t->amount[id] != t->posted[id])
			problem(c, _("%s %lld: the record says %s but the journal posted %s"), _(what), (long long)id,
				yuan(&a, t->amount[id]), yuan(&b, t->posted[id]));
	}
	buf_release(&a);
	buf_release(&b);
}

/* What was undone must be undone in full, and only what was reversed. */
static void check_undone(struct checker *c)
{
	struct buf a = BUF_INIT, b = BUF_INIT;

	for (size_t i = 0; i < c->reversal_payment.cap; i++) {
		const struct hashmap_slot *s = &c->reversal_payment.slots[i];
		int64_t rev, pay = s->value, posted = 0;
		if (!s->key)
			continue;
		memcpy(&rev, s->key, 8);
		hashmap_get(&c->reversal_posted, (const char *)&rev, 8, &posted);
		if (posted != c->payments.amount[pay])
			problem(c, _("reversal %lld: payment %lld brought %s but the journal took back %s"), (long long)rev,
				(long long)pay, yuan(&a, c->payments.amount[pay]), yuan(&b, posted));
	}
	for (int64_t id = 1; id <= c->allocs.max_id; id++) {
		int64_t posted = 0, pay = c->alloc_payment[id];
		if (!c->allocs.exists[id])
			continue;
		hashmap_get(&c->unalloc_posted, (const char *)&id, 8, &posted);
		if (in(&c->payments, pay) && c->pay_reversed[pay] && posted != c->allocs.amount[id])
			problem(c, _("allocation %lld: its payment %lld is reversed but the journal undid %s of %s"),
				(long long)id, (long long)pay, yuan(&a, posted), yuan(&b, c->allocs.amount[id]));
		else if (in(&c->payments, pay) && !c->pay_reversed[pay] && posted)
			problem(c, _("allocation %lld: the journal undid %s of it, but its payment is not reversed"),
				(long long)id, yuan(&a, posted));
	}
	for (int64_t id = 1; id <= c->waivers.max_id; id++) {
		int64_t posted = 0;
		if (!c->waivers.exists[id])
			continue;
		hashmap_get(&c->void_posted, (const char *)&id, 8, &posted);
		if (posted != (c->waiver_void[id] ? c->waivers.amount[id] : 0))
			problem(c, _("waiver %lld: withdrawn %s in the journal, %s by the records"), (long long)id,
				yuan(&a, posted), yuan(&b, c->waiver_void[id] ? c->waivers.amount[id] : 0));
	}
	buf_release(&a);
	buf_release(&b);
}

struct unit_sums {
	int64_t *open, *latefee; /* by unit id */
	struct hashmap prepaid;  /* unit, payer -> remaining */
};

static void key2(char key[16], int64_t a, int64_t b)
{
	memcpy(key, &a, 8);
	memcpy(key + 8, &b, 8);
}

static int check_caches(struct checker *c, struct unit_sums *u)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct db_stmt *st;
	int64_t *cached_bill, *cached_pay;
	int rc;

	cached_bill = array(c->bills.max_id, sizeof(int64_t));
	cached_pay = array(c->payments.max_id, sizeof(int64_t));
	if (db_prepare(c->db, &st, "SELECT bill_id, open_fen FROM bill_open", c->err) < 0)
		goto fail;
	while ((rc = db_step(st, c->err)) == 1) {
		int64_t id = db_col_int64(st, 0);
		if (!in(&c->bills, id))
			problem(c, _("bill_open: bill %lld does not exist"), (long long)id);
		else
			cached_bill[id] = db_col_int64(st, 1);
	}
	db_finalize(st);
	if (rc < 0 || db_prepare(c->db, &st, "SELECT payment_id, remaining_fen FROM prepaid_open", c->err) < 0)
		goto fail;
	while ((rc = db_step(st, c->err)) == 1) {
		int64_t id = db_col_int64(st, 0);
		if (!in(&c->payments, id))
			problem(c, _("prepaid_open: payment %lld does not exist"), (long long)id);
		else
			cached_pay[id] = db_col_int64(st, 1);
	}
	db_finalize(st);
	if (rc < 0)
		goto fail;

	for (int64_t id = 1; id <= c->bills.max_id; id++) {
		int64_t open, unit;
		if (!c->bills.exists[id])
			continue;
		open = c->bills.amount[id] - c->bill_applied[id];
		if (open < 0) {
			problem(c, _("bill %lld: %s applied to a bill of %s"), (long long)id, yuan(&a, c->bill_applied[id]),
				yuan(&b, c->bills.amount[id]));
			open = 0;
		}
		if (cached_bill[id] != open)
			problem(c, _("bill %lld: open %s by the records, %s in bill_open"), (long long)id, yuan(&a, open),
				yuan(&b, cached_bill[id]));
		unit = c->bill_unit[id];
		if (unit > 0 && unit <= c->max_unit) {
			if (c->bill_latefee[id])
				u->latefee[unit] += open;
			else
				u->open[unit] += open;
		}
	}
	for (int64_t id = 1; id <= c->payments.max_id; id++) {
		int64_t left;
		char key[16];
		if (!c->payments.exists[id])
			continue;
		left = c->payments.amount[id] - c->pay_used[id];
		if (left < 0) {
			problem(c, _("payment %lld: %s applied or refunded of %s"), (long long)id, yuan(&a, c->pay_used[id]),
				yuan(&b, c->payments.amount[id]));
			left = 0;
		}
		if (c->pay_reversed[id])
			left = 0;
		if (cached_pay[id] != left)
			problem(c, _("payment %lld: prepaid %s by the records, %s in prepaid_open"), (long long)id,
				yuan(&a, left), yuan(&b, cached_pay[id]));
		if (left) {
			int64_t v = 0;
			key2(key, c->pay_unit[id], c->pay_payer[id]);
			hashmap_get(&u->prepaid, key, 16, &v);
			hashmap_put(&u->prepaid, key, 16, v + left);
		}
	}
	free(cached_bill);
	free(cached_pay);
	buf_release(&a);
	buf_release(&b);
	return 0;
fail:
	free(cached_bill);
	free(cached_pay);
	buf_release(&a);
	buf_release(&b);
	return -1;
}

/* Each unit's accounts in the journal against its bills and payments. */
static void check_units(struct checker *c, struct unit_sums *u)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	unsigned char *seen_recv = array(c->max_unit, 1), *seen_late = array(c->max_unit, 1);

	for (int64_t id = 1; id <= c->max_account; id++) {
		int64_t unit = c->acct_unit[id], bal = c->acct_balance[id];
		switch (c->acct_kind[id]) {
		case 1:
		case 2: {
			int late = c->acct_kind[id] == 2;
			int64_t want = unit > 0 && unit <= c->max_unit ? (late ? u->latefee[unit] : u->open[unit]) : 0;
			if (unit > 0 && unit <= c->max_unit)
				(late ? seen_late : seen_recv)[unit] = 1;
			if (bal != want)
				problem(c, _("unit %lld: the journal's %s account says %s owed, its bills %s"), (long long)unit,
					late ? _("late-fee") : _("receivable"), yuan(&a, bal), yuan(&b, want));
			break;
		}
		case 3: {
			char key[16];
			int64_t want = 0;
			key2(key, unit, c->acct_party[id]);
			hashmap_get(&u->prepaid, key, 16, &want);
			if (-bal < 0)
				problem(c, _("unit %lld: the prepaid balance of party %lld is negative (%s)"), (long long)unit,
					(long long)c->acct_party[id], yuan(&a, -bal));
			else if (-bal != want)
				problem(c, _("unit %lld: the journal's prepaid account of party %lld holds %s, its payments %s"),
					(long long)unit, (long long)c->acct_party[id], yuan(&a, -bal), yuan(&b, want));
			if (want)
				hashmap_put(&u->prepaid, key, 16, 0);
			break;
		}
		default:
			break;
		}
	}
	for (int64_t unit = 1; unit <= c->max_unit; unit++) {
		if (u->open[unit] && !seen_recv[unit])
			problem(c, _("unit %lld: its bills have %s open but the journal has no receivable for it"),
				(long long)unit, yuan(&a, u->open[unit]));
		if (u->latefee[unit] && !seen_late[unit])
			problem(c, _("unit %lld: its late fees have %s open but the journal has no late-fee account"),
				(long long)unit, yuan(&a, u->latefee[unit]));
		if (u->open[unit] || u->latefee[unit])
			c->res->units++;
	}
	for (size_t i = 0; i < u->prepaid.cap; i++) {
		const struct hashmap_slot *s = &u->prepaid.slots[i];
		int64_t unit;
		if (!s->key || !s->value)
			continue;
		memcpy(&unit, s->key, 8);
		problem(c, _("unit %lld: its payments leave %s prepaid but the journal has no prepaid account for it"),
			(long long)unit, yuan(&a, s->value));
	}
	free(seen_recv);
	free(seen_late);
	buf_release(&a);
	buf_release(&b);
}

static int check_receipts(struct checker *c)
{
	struct db_stmt *st, *nums = NULL;
	int rc;

	if (db_prepare(c->db, &st, "SELECT p.id, p.code, COALESCE(r.last_no, -1),"
		       " (SELECT COUNT(*) FROM payment y WHERE y.project_id = p.id),"
		       " (SELECT COALESCE(MAX(y.receipt_no), 0) FROM payment y WHERE y.project_id = p.id)"
		       " FROM project p LEFT JOIN receipt_counter r ON r.project_id = p.id ORDER BY p.id", c->err) < 0)
		return -1;
	while ((rc = db_step(st, c->err)) == 1) {
		int64_t project = db_col_int64(st, 0), last = db_col_int64(st, 2), count = db_col_int64(st, 3),
			max = db_col_int64(st, 4);
		const char *code = db_col_text(st, 1);
		char r1[48], r2[48];

		if (last != max) {
			receipt_format(r1, sizeof(r1), code, max);
			problem(c, _("project %s: the receipt counter is at %lld but the last receipt is %s"), code,
				(long long)last, r1);
		}
		if (count == max)
			continue;
		/* name the missing numbers */
		if (!nums && db_prepare(c->db, &nums, "SELECT receipt_no FROM payment WHERE project_id = ? ORDER BY receipt_no",
					c->err) < 0)
			break;
		db_reset(nums);
		db_bind_int64(nums, 1, project);
		{
			int64_t expect = 1;
			while ((rc = db_step(nums, c->err)) == 1) {
				int64_t no = db_col_int64(nums, 0);
				if (no > expect) {
					receipt_format(r1, sizeof(r1), code, expect);
					receipt_format(r2, sizeof(r2), code, no - 1);
					problem(c, _("project %s: receipts %s to %s are missing"), code, r1, r2);
				}
				expect = no + 1;
			}
			if (rc < 0)
				break;
		}
	}
	db_finalize(st);
	db_finalize(nums);
	return rc < 0 ? -1 : 0;
}

struct journal_scan {
	struct checker c;
	const char *snapshot;
	struct buf err, failure;
	struct check_result res;
	int rc;
};

static void *scan_journal(void *arg)
{
	struct journal_scan *js = arg;
	struct checker *c = &js->c;

	buf_init(&js->failure);
	c->err = &js->failure; /* a failure of the scan itself (not a problem of the books) */
	if (db_begin_read_at(c->db, js->snapshot, c->err) < 0 ||
	    scan(c, "SELECT id, kind, unit_id, party_id FROM account WHERE id > ? AND id <= ?", c->max_account,
		 on_account) < 0) {
		js->rc = -1;
		return NULL;
	}
	c->err = &js->err;
	if (scan(c, "SELECT id, debit_id, credit_id, amount_fen, kind, source_id FROM posting WHERE id > ? AND id <= ?",
		 c->max_posting, on_posting) < 0) {
		buf_addf(&js->failure, "%s", js->err.buf);
		js->rc = -1;
	}
	return NULL;
}

int books_check(struct db *db, struct check_result *res, struct buf *err)
{
	struct checker c;
	struct unit_sums u;
	struct buf snapshot = BUF_INIT;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	memset(&u, 0, sizeof(u));
	memset(res, 0, sizeof(*res));
	buf_reset(err);
	c.db = db;
	c.err = err;
	c.res = res;
	/* everything is read as of one moment, so a check may run while cashiers work */
	if (db_begin_read(db, &snapshot, err) < 0)
		goto out;
	if (max_id(&c, "SELECT COALESCE(MAX(id), 0) FROM posting", &c.max_posting) < 0 ||
	    max_id(&c, "SELECT COALESCE(MAX(id), 0) FROM reversal", &c.max_reversal) < 0 ||
	    table_init(&c, &c.bills, "SELECT COALESCE(MAX(id), 0) FROM bill") < 0 ||
	    table_init(&c, &c.payments, "SELECT COALESCE(MAX(id), 0) FROM payment") < 0 ||
	    table_init(&c, &c.allocs, "SELECT COALESCE(MAX(id), 0) FROM allocation") < 0 ||
	    table_init(&c, &c.waivers, "SELECT COALESCE(MAX(id), 0) FROM waiver") < 0 ||
	    table_init(&c, &c.refunds, "SELECT COALESCE(MAX(id), 0) FROM refund") < 0 ||
	    max_id(&c, "SELECT COALESCE(MAX(id), 0) FROM account", &c.max_account) < 0 ||
	    max_id(&c, "SELECT COALESCE(MAX(id), 0) FROM unit", &c.max_unit) < 0)
		goto out;
	c.bill_applied = array(c.bills.max_id, sizeof(int64_t));
	c.bill_unit = array(c.bills.max_id, sizeof(int64_t));
	c.bill_payer = array(c.bills.max_id, sizeof(int64_t));
	c.bill_latefee = array(c.bills.max_id, 1);
	c.pay_used = array(c.payments.max_id, sizeof(int64_t));
	c.pay_unit = array(c.payments.max_id, sizeof(int64_t));
	c.pay_payer = array(c.payments.max_id, sizeof(int64_t));
	c.pay_reversed = array(c.payments.max_id, 1);
	c.alloc_payment = array(c.allocs.max_id, sizeof(int64_t));
	c.alloc_bill = array(c.allocs.max_id, sizeof(int64_t));
	c.waiver_void = array(c.waivers.max_id, 1);
	c.acct_kind = array(c.max_account, 1);
	c.acct_unit = array(c.max_account, sizeof(int64_t));
	c.acct_party = array(c.max_account, sizeof(int64_t));
	c.acct_balance = array(c.max_account, sizeof(int64_t));
	u.open = array(c.max_unit, sizeof(int64_t));
	u.latefee = array(c.max_unit, sizeof(int64_t));

	/* the journal is read on a second connection and thread while this one reads the
	 * records: the two halves share only arrays each writes alone */
	{
		struct journal_scan js;
		pthread_t th;

		memset(&js, 0, sizeof(js));
		js.c = c; /* a copy: the same arrays, its own problem list */
		js.c.err = &js.err;
		js.c.res = &js.res;
		js.snapshot = snapshot.buf;
		buf_init(&js.err);
		if (db_open_again(db, &js.c.db, err) < 0)
			goto out;
		if (pthread_create(&th, NULL, scan_journal, &js) != 0) {
			db_close(js.c.db);
			error(err, "cannot start a thread");
			goto out;
		}
		rc = scan(&c, "SELECT id, amount_fen, kind, unit_id, payer_id FROM bill WHERE id > ? AND id <= ?",
			  c.bills.max_id, on_bill) < 0 ||
		     scan(&c, "SELECT id, amount_fen, unit_id, payer_id, project_id FROM payment WHERE id > ? AND id <= ?",
			  c.payments.max_id, on_payment) < 0 ||
		     scan(&c, "SELECT id, payment_id FROM reversal WHERE id > ? AND id <= ?", c.max_reversal,
			  on_reversal) < 0 ||
		     scan(&c, "SELECT id, payment_id, amount_fen FROM refund WHERE id > ? AND id <= ?", c.refunds.max_id,
			  on_refund) < 0 ||
		     scan(&c, "SELECT id, payment_id, bill_id, amount_fen FROM allocation WHERE id > ? AND id <= ?",
			  c.allocs.max_id, on_allocation) < 0 ||
		     scan(&c, "SELECT waiver_id FROM waiver_void WHERE waiver_id > ? AND waiver_id <= ?", c.waivers.max_id,
			  on_waiver_void) < 0 ||
		     scan(&c, "SELECT id, bill_id, amount_fen FROM waiver WHERE id > ? AND id <= ?", c.waivers.max_id,
			  on_waiver) < 0 ? -1 : 0;
		pthread_join(th, NULL);
		db_close(js.c.db);
		/* the journal's findings join the records' */
		res->postings = js.res.postings;
		res->problems += js.res.problems;
		if (js.err.len) {
			if (err->len)
				buf_addch(err, '\n');
			buf_add(err, js.err.buf, js.err.len);
		}
		/* what the journal thread counted as hashed keys is in js.c's maps */
		c.reversal_posted = js.c.reversal_posted;
		c.unalloc_posted = js.c.unalloc_posted;
		c.void_posted = js.c.void_posted;
		buf_release(&js.err);
		if (rc < 0 || js.rc < 0) {
			if (js.rc < 0)
				error_add(err, "%s", js.failure.buf);
			buf_release(&js.failure);
			rc = -1;
			goto out;
		}
		buf_release(&js.failure);
		rc = -1;
	}
	check_posted(&c, &c.bills, N_("bill"));
	check_posted(&c, &c.payments, N_("payment"));
	check_posted(&c, &c.allocs, N_("allocation"));
	check_posted(&c, &c.waivers, N_("waiver"));
	check_posted(&c, &c.refunds, N_("refund"));
	check_undone(&c);
	if (check_caches(&c, &u) < 0)
		goto out;
	check_units(&c, &u);
	if (check_receipts(&c) < 0)
		goto out;
	/* the figures' summaries (migration 010) against the records */
	{
		struct buf figs = BUF_INIT;
		int nfig = 0, room = res->problems < MAX_REPORTED ? MAX_REPORTED - res->problems : 0;
		if (fig_check(db, &figs, room, &nfig, err) < 0) {
			buf_release(&figs);
			goto out;
		}
		if (figs.len) {
			if (err->len)
				buf_addch(err, '\n');
			buf_add(err, figs.buf, figs.len);
		}
		res->problems += nfig;
		buf_release(&figs);
	}
	if (res->problems > MAX_REPORTED)
		error_add(err, "... and %d more problems", res->problems - MAX_REPORTED);
	rc = res->problems ? 1 : 0;
out:
	if (db_in_transaction(db))
		db_rollback(db);
	buf_release(&snapshot);
	table_free(&c.bills);
	table_free(&c.payments);
	table_free(&c.allocs);
	table_free(&c.waivers);
	table_free(&c.refunds);
	free(c.bill_applied);
	free(c.bill_unit);
	free(c.bill_payer);
	free(c.bill_latefee);
	free(c.pay_used);
	free(c.pay_unit);
	free(c.pay_payer);
	free(c.pay_reversed);
	free(c.alloc_payment);
	free(c.alloc_bill);
	free(c.waiver_void);
	free(c.acct_kind);
	free(c.acct_unit);
	free(c.acct_party);
	free(c.acct_balance);
	free(u.open);
	free(u.latefee);
	hashmap_clear(&u.prepaid);
	hashmap_clear(&c.reversal_payment);
	hashmap_clear(&c.reversal_posted);
	hashmap_clear(&c.void_posted);
	hashmap_clear(&c.unalloc_posted);
	return rc;
}
