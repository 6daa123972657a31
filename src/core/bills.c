/* bills.c: loading bills with what was applied to them, and their late fees. */
#include "core/bills.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/xalloc.h"
#include "core/fees.h"

void bills_free(struct bill_state *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(b[i].explain);
		free(b[i].changes);
	}
	free(b);
}

int64_t bill_latefee_uncharged(const struct bill_state *b)
{
	int64_t v = b->late_fee - b->lf_charged - b->lf_waived;
	return v > 0 ? v : 0;
}

/* A unit has tens of bills a year: a linear search is the simple and fast one. */
static struct bill_state *find(struct bill_state *b, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (b[i].id == id)
			return &b[i];
	return NULL;
}

static void add_change(struct bill_state *b, int day, int64_t amount)
{
	b->changes = xrealloc(b->changes, (b->nchanges + 1) * sizeof(*b->changes));
	b->changes[b->nchanges].day = day;
	b->changes[b->nchanges].amount = amount;
	b->nchanges++;
}

int bills_load_unit(struct db *db, int64_t unit_id, int day, struct bill_state **out, size_t *n, struct buf *err)
{
	struct bill_state *b = NULL;
	struct db_stmt *st = NULL;
	struct contract_terms t;
	int64_t terms_of = 0; /* the contract whose terms t holds */
	size_t alloc = 0, count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (db_cached(db, &st,
		       "SELECT b.id, b.unit_id, b.payer_id, b.item_id, COALESCE(b.contract_id, 0), b.kind, i.name, b.period,"
		       " b.period_start, b.period_end, b.due_day, b.amount_fen, b.explain, b.project_id, p.name"
		       " FROM bill b JOIN fee_item i ON i.id = b.item_id JOIN party p ON p.id = b.payer_id"
		       " WHERE b.unit_id = ? ORDER BY b.due_day, b.id", err) < 0)
		return -1;
	db_bind_int64(st, 1, unit_id);
	while ((rc = db_step(st, err)) == 1) {
		struct bill_state *x;
		XGROW(b, alloc, count + 1);
		x = &b[count++];
		memset(x, 0, sizeof(*x));
		x->id = db_col_int64(st, 0);
		x->unit_id = db_col_int64(st, 1);
		x->payer_id = db_col_int64(st, 2);
		x->item_id = db_col_int64(st, 3);
		x->contract_id = db_col_int64(st, 4);
		snprintf(x->kind, sizeof(x->kind), "%s", db_col_text(st, 5));
		snprintf(x->item, sizeof(x->item), "%s", db_col_text(st, 6));
		snprintf(x->period, sizeof(x->period), "%s", db_col_text(st, 7));
		x->period_start = (int)db_col_int64(st, 8);
		x->period_end = (int)db_col_int64(st, 9);
		x->due = (int)db_col_int64(st, 10);
		x->amount = db_col_int64(st, 11);
		x->explain = xstrdup(db_col_text(st, 12));
		snprintf(x->payer, sizeof(x->payer), "%s", db_col_text(st, 14));
		/* late-fee terms: the bill's contract, or the one in force on its due date */
		if (strcmp(x->kind, "latefee")) {
			int64_t project_id = db_col_int64(st, 13);
			/* a unit's bills mostly share a contract: ask once per contract */
			if (!x->contract_id || x->contract_id != terms_of) {
				if ((x->contract_id ? contract_terms_get(db, x->contract_id, &t, err)
						    : contract_terms_on(db, project_id, x->due, &t, err)) < 0) {
					rc = -1;
					break;
				}
				terms_of = x->contract_id;
			}
			x->terms.daily_ppm = t.late_daily_ppm;
			x->terms.grace_days = t.late_grace_days;
			x->terms.cap_pct = t.late_cap_pct;
		}
	}
	db_finalize(st);
	st = NULL;
	if (rc < 0)
		goto fail;

	/* money applied: allocations of payments not reversed */
	if (db_cached(db, &st,
		       "SELECT a.bill_id, a.day, a.amount_fen FROM allocation a JOIN bill b ON b.id = a.bill_id"
		       " WHERE b.unit_id = ? AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.payment_id = a.payment_id)", err) < 0)
		goto fail;
	db_bind_int64(st, 1, unit_id);
	while ((rc = db_step(st, err)) == 1) {
		struct bill_state *x = find(b, count, db_col_int64(st, 0));
		int d = (int)db_col_int64(st, 1);
		if (!x)
			continue;
		add_change(x, d, db_col_int64(st, 2));
		if (d <= day)
			x->paid += db_col_int64(st, 2);
	}
	db_finalize(st);
	st = NULL;
	if (rc < 0)
		goto fail;

	/* waivers not withdrawn */
	if (db_cached(db, &st,
		       "SELECT w.bill_id, w.day, w.amount_fen FROM waiver w JOIN bill b ON b.id = w.bill_id"
		       " WHERE b.unit_id = ? AND NOT EXISTS (SELECT 1 FROM waiver_void v WHERE v.waiver_id = w.id)", err) < 0)
		goto fail;
	db_bind_int64(st, 1, unit_id);
	while ((rc = db_step(st, err)) == 1) {
		struct bill_state *x = find(b, count, db_col_int64(st, 0));
		int d = (int)db_col_int64(st, 1);
		if (!x)
			continue;
		add_change(x, d, db_col_int64(st, 2));
		if (d <= day)
			x->waived += db_col_int64(st, 2);
	}
	db_finalize(st);
	st = NULL;
	if (rc < 0)
		goto fail;

	/* late fees charged or forgiven */
	if (db_cached(db, &st,
		       "SELECT e.source_bill_id, e.kind, e.amount_fen FROM latefee_event e JOIN bill b ON b.id = e.source_bill_id"
		       " WHERE b.unit_id = ? AND e.day <= ?", err) < 0)
		goto fail;
	db_bind_int64(st, 1, unit_id);
	db_bind_int64(st, 2, day);
	while ((rc = db_step(st, err)) == 1) {
		struct bill_state *x = find(b, count, db_col_int64(st, 0));
		if (!x)
			continue;
		if (!strcmp(db_col_text(st, 1), "charge"))
			x->lf_charged += db_col_int64(st, 2);
		else
			x->lf_waived += db_col_int64(st, 2);
	}
	db_finalize(st);
	st = NULL;
	if (rc < 0)
		goto fail;

	for (size_t i = 0; i < count; i++) {
		struct bill_state *x = &b[i];
		x->open = x->amount - x->paid - x->waived;
		if (x->open < 0)
			x->open = 0;
		x->overdue_days = x->open > 0 && day > x->due ? day - x->due : 0;
		if (strcmp(x->kind, "latefee"))
			x->late_fee = latefee_accrued(x->amount, x->due, &x->terms, x->changes, x->nchanges, day);
	}
	*out = b;
	*n = count;
	return 0;
fail:
	db_finalize(st);
	bills_free(b, count);
	return -1;
}
