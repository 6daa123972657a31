/* billing.c: bill amounts, their explanations, and the bill run. */
#include "core/billing.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "base/hashmap.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/xalloc.h"
#include "core/fees.h"
#include "core/journal.h"
#include "core/ledger.h"

int64_t bill_amount(const struct bill_calc *c)
{
	__int128 num, den;

	if (c->period_days <= 0 || c->liable_days <= 0)
		return 0;
	num = (__int128)c->rate * c->months * c->vacant_pct * c->liable_days;
	if (c->basis_area) {
		num *= c->area;
		den = (__int128)10000 * 100 * c->period_days; /* m²/100 × yuan/10000 → fen/10000; % */
	} else {
		den = (__int128)100 * 100 * c->period_days;   /* yuan/10000 → fen/100; % */
	}
	return round_div(num, den);
}

void buf_add_rate(struct buf *out, int64_t rate)
{
	buf_add_decimal_trim(out, rate, 4, 2);
}

void bill_explain(struct buf *out, const struct bill_calc *c, int64_t amount)
{
	if (c->basis_area) {
		buf_add_decimal(out, c->area, 2);
		buf_adds(out, "㎡ × ¥");
		buf_add_rate(out, c->rate);
		buf_adds(out, "/㎡/月");
	} else {
		buf_adds(out, "¥");
		buf_add_rate(out, c->rate);
		buf_adds(out, c->parking ? "/个/月" : "/户/月");
	}
	if (c->months > 1)
		buf_addf(out, " × %d个月", c->months);
	if (c->vacant_pct < 100)
		buf_addf(out, " × %d%%（空置）", c->vacant_pct);
	if (c->liable_days < c->period_days)
		buf_addf(out, " × %d/%d天", c->liable_days, c->period_days);
	buf_adds(out, " = ");
	buf_add_yuan(out, amount);
}

/* ---- the run ---- */

struct unit_info {
	int64_t id, area;
	char type[12];
	char state[12];        /* on the period's first day */
	size_t owner_first, owner_count; /* into the ownership arrays */
};

struct owner_row {
	int from;
	int64_t party;
};

struct run {
	struct db *db;
	int64_t project_id;
	struct unit_info *units;
	size_t nunits, units_alloc;
	struct owner_row *owners;
	size_t nowners, owners_alloc;
	struct hashmap unit_index;  /* unit id -> index */
	struct hashmap receivable;  /* unit id -> account id */
	struct buf *err;
};

static int unit_pos(struct run *r, int64_t id, size_t *pos)
{
	int64_t v;

	if (!hashmap_get(&r->unit_index, (const char *)&id, sizeof(id), &v))
		return 0;
	*pos = (size_t)v;
	return 1;
}

static int load_units(struct run *r, int first_day, int last_day)
{
	struct db_stmt *st;
	int rc;

	if (db_prepare(r->db, &st, "SELECT id, area, type FROM unit WHERE project_id = ? ORDER BY id", r->err) < 0)
		return -1;
	db_bind_int64(st, 1, r->project_id);
	while ((rc = db_step(st, r->err)) == 1) {
		struct unit_info *u;
		XGROW(r->units, r->units_alloc, r->nunits + 1);
		u = &r->units[r->nunits];
		memset(u, 0, sizeof(*u));
		u->id = db_col_int64(st, 0);
		u->area = db_col_int64(st, 1);
		snprintf(u->type, sizeof(u->type), "%s", db_col_text(st, 2));
		hashmap_put(&r->unit_index, (const char *)&u->id, sizeof(u->id), (int64_t)r->nunits);
		r->nunits++;
	}
	db_finalize(st);
	if (rc < 0)
		return -1;

	/* the state on the first day: the last row on or before it wins */
	if (db_prepare(r->db, &st, "SELECT s.unit_id, s.state FROM unit_state s JOIN unit u ON u.id = s.unit_id "
		       "WHERE u.project_id = ? AND s.from_day <= ? ORDER BY s.unit_id, s.from_day", r->err) < 0)
		return -1;
	db_bind_int64(st, 1, r->project_id);
	db_bind_int64(st, 2, first_day);
	while ((rc = db_step(st, r->err)) == 1) {
		size_t pos;
		if (unit_pos(r, db_col_int64(st, 0), &pos))
			snprintf(r->units[pos].state, sizeof(r->units[pos].state), "%s", db_col_text(st, 1));
	}
	db_finalize(st);
	if (rc < 0)
		return -1;

	/* who was liable: the first-named owner's rows up to the period's last day */
	if (db_prepare(r->db, &st, "SELECT o.unit_id, o.from_day, o.party_id FROM ownership o JOIN unit u ON u.id = o.unit_id "
		       "WHERE u.project_id = ? AND o.seq = 0 AND o.from_day <= ? ORDER BY o.unit_id, o.from_day", r->err) < 0)
		return -1;
	db_bind_int64(st, 1, r->project_id);
	db_bind_int64(st, 2, last_day);
	while ((rc = db_step(st, r->err)) == 1) {
		size_t pos;
		if (!unit_pos(r, db_col_int64(st, 0), &pos))
			continue;
		XGROW(r->owners, r->owners_alloc, r->nowners + 1);
		if (!r->units[pos].owner_count)
			r->units[pos].owner_first = r->nowners;
		r->units[pos].owner_count++;
		r->owners[r->nowners].from = (int)db_col_int64(st, 1);
		r->owners[r->nowners].party = db_col_int64(st, 2);
		r->nowners++;
	}
	db_finalize(st);
	if (rc < 0)
		return -1;

	if (db_prepare(r->db, &st, "SELECT unit_id, id FROM account WHERE project_id = ? AND kind = 'receivable'", r->err) < 0)
		return -1;
	db_bind_int64(st, 1, r->project_id);
	while ((rc = db_step(st, r->err)) == 1) {
		int64_t uid = db_col_int64(st, 0);
		hashmap_put(&r->receivable, (const char *)&uid, sizeof(uid), db_col_int64(st, 1));
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

struct period_of_tariff {
	struct tariff t;
	struct period p;
	int first, last, days, months, due;
	char name[9];
	int64_t income_acct;
};

static int tariff_starts(const struct tariff *t, const struct period *month, struct period *p)
{
	int m = month->index;

	p->year = month->year;
	switch (t->cycle) {
	case CYCLE_MONTH:
		p->kind = PERIOD_MONTH;
		p->index = m;
		return 1;
	case CYCLE_QUARTER:
		p->kind = PERIOD_QUARTER;
		p->index = (m - 1) / 3 + 1;
		return (m - 1) % 3 == 0;
	case CYCLE_YEAR:
		p->kind = PERIOD_YEAR;
		p->index = 1;
		return m == 1;
	}
	return 0;
}

static int due_of(const struct period *p, int due_day)
{
	int y, m, d, dim;

	date_to_ymd(period_first_day(p), &y, &m, &d);
	dim = date_days_in_month(y, m);
	return date_from_ymd(y, m, due_day > dim ? dim : due_day);
}

static json_t *preview_row(const char *item, const char *period, int64_t unit, int64_t payer, int from, int to,
			   int due, int64_t amount, const char *explain)
{
	char a[11], b[11], d[11];

	date_format(from, a);
	date_format(to, b);
	date_format(due, d);
	return json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:s}", "unit_id", (json_int_t)unit, "payer_id",
			 (json_int_t)payer, "item", item, "period", period, "liable_from", a, "liable_to", b,
			 "due", d, "amount_fen", (json_int_t)amount, "explain", explain);
}

int bill_run(struct db *db, int64_t project_id, const struct period *month, int today, int64_t staff_id,
	     int dry_run, struct bill_run_result *res, struct buf *err)
{
	struct run r;
	struct tariff *tariffs = NULL;
	struct period_of_tariff *pt = NULL;
	size_t ntariffs = 0, npt = 0;
	struct db_stmt *ins = NULL, *exists = NULL, *new_acct = NULL, *open_ins = NULL, *prepaid = NULL;
	struct journal j;
	struct ledger l;
	struct buf explain = BUF_INIT;
	int64_t now = (int64_t)time(NULL);
	char month_name[9];
	int first = period_first_day(month), rc = -1, journal_ready = 0, ledger_ready = 0;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	r.db = db;
	r.project_id = project_id;
	r.err = err;
	period_format(month, month_name);
	if (dry_run)
		res->preview = json_array();
	else if (db_begin_immediate(db, err) < 0)
		return -1;

	if (tariffs_in_force(db, project_id, first, &tariffs, &ntariffs, err) < 0)
		goto out;
	pt = xcalloc(ntariffs + 1, sizeof(*pt));
	for (size_t i = 0; i < ntariffs; i++) {
		struct period_of_tariff *x = &pt[npt];
		if (!tariff_starts(&tariffs[i], month, &x->p))
			continue;
		x->t = tariffs[i];
		x->first = period_first_day(&x->p);
		x->last = period_last_day(&x->p);
		x->days = x->last - x->first + 1;
		x->months = period_months(&x->p);
		x->due = due_of(&x->p, x->t.due_day);
		period_format(&x->p, x->name);
		npt++;
	}
	{
		/* owners up to the last day of the longest period billed (a year reaches furthest) */
		int last = first;
		for (size_t i = 0; i < npt; i++)
			if (pt[i].last > last)
				last = pt[i].last;
		if (load_units(&r, first, last) < 0)
			goto out;
	}

	if (db_prepare(db, &exists, "SELECT 1 FROM bill WHERE unit_id = ? AND item_id = ? AND period_start = ? "
		       "AND liable_from = ? AND kind <> 'latefee'", err) < 0)
		goto out;
	if (!dry_run) {
		if (db_run(db, &res->run_id, err, "INSERT INTO bill_run (project_id, period, kind, business_day, staff_id, "
			   "created_at) VALUES (?, ?, 'run', ?, ?, ?) RETURNING id", "itini",
			   project_id, month_name, (int64_t)today, staff_id, now) != 1)
			goto out;
		if (journal_open(&j, db, project_id, err) < 0)
			goto out;
		journal_ready = 1;
		for (size_t i = 0; i < npt; i++)
			if (journal_item_account(&j, ACC_INCOME, pt[i].t.item_id, &pt[i].income_acct, err) < 0)
				goto out;
		if (db_prepare(db, &ins, "INSERT INTO bill (project_id, unit_id, payer_id, item_id, kind, tariff_id, contract_id, "
			       "period, period_start, period_end, liable_from, due_day, amount_fen, explain, run_id, created_at) "
			       "VALUES (?, ?, ?, ?, 'fee', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
			       err) < 0 ||
		    db_prepare(db, &new_acct, "INSERT INTO account (project_id, kind, unit_id, party_id, ref) "
			       "VALUES (?, 'receivable', ?, 0, '') RETURNING id", err) < 0 ||
		    db_prepare(db, &open_ins, "INSERT INTO bill_open (bill_id, project_id, unit_id, payer_id, due_day, open_fen) "
			       "VALUES (?, ?, ?, ?, ?, ?)", err) < 0)
			goto out;
	}

	for (size_t ui = 0; ui < r.nunits; ui++) {
		struct unit_info *u = &r.units[ui];
		for (size_t ti = 0; ti < npt; ti++) {
			struct period_of_tariff *x = &pt[ti];
			struct bill_calc c = { x->t.basis_area, u->area, x->t.rate, x->months, 100, 0, x->days,
					       !strcmp(u->type, "parking") };

			if (x->t.unit_type[0] && strcmp(x->t.unit_type, u->type))
				continue;
			if (!strcmp(u->state, "vacant"))
				c.vacant_pct = x->t.vacant_pct;
			/* one bill per stretch of the period with the same payer */
			for (size_t k = 0; k < u->owner_count; k++) {
				const struct owner_row *o = &r.owners[u->owner_first + k];
				int from = o->from > x->first ? o->from : x->first;
				int to = k + 1 < u->owner_count ? r.owners[u->owner_first + k + 1].from - 1 : x->last;
				int64_t amount, bill_id, acct;

				if (to > x->last)
					to = x->last;
				if (from > to)
					continue;
				c.liable_days = to - from + 1;
				amount = bill_amount(&c);
				if (amount <= 0)
					continue;
				buf_reset(&explain);
				bill_explain(&explain, &c, amount);
				if (dry_run) {
					db_reset(exists);
					db_bind_int64(exists, 1, u->id);
					db_bind_int64(exists, 2, x->t.item_id);
					db_bind_int64(exists, 3, x->first);
					db_bind_int64(exists, 4, from);
					rc = db_step(exists, err);
					db_reset(exists);
					if (rc < 0)
						goto out;
					if (rc == 1) {
						res->existing++;
						continue;
					}
					json_array_append_new(res->preview, preview_row(x->t.item_name, x->name, u->id, o->party,
											from, to, x->due, amount, explain.buf));
					res->bills++;
					res->amount += amount;
					continue;
				}
				db_reset(ins);
				db_bind_int64(ins, 1, project_id);
				db_bind_int64(ins, 2, u->id);
				db_bind_int64(ins, 3, o->party);
				db_bind_int64(ins, 4, x->t.item_id);
				db_bind_int64(ins, 5, x->t.id);
				db_bind_int64(ins, 6, x->t.contract_id);
				db_bind_text(ins, 7, x->name);
				db_bind_int64(ins, 8, x->first);
				db_bind_int64(ins, 9, x->last);
				db_bind_int64(ins, 10, from);
				db_bind_int64(ins, 11, x->due);
				db_bind_int64(ins, 12, amount);
				db_bind_text(ins, 13, explain.buf);
				db_bind_int64(ins, 14, res->run_id);
				db_bind_int64(ins, 15, now);
				rc = db_step(ins, err);
				bill_id = rc == 1 ? db_col_int64(ins, 0) : 0;
				db_reset(ins);
				if (rc < 0)
					goto out;
				if (rc == 0) {
					res->existing++;
					continue;
				}
				if (!hashmap_get(&r.receivable, (const char *)&u->id, sizeof(u->id), &acct)) {
					db_reset(new_acct);
					db_bind_int64(new_acct, 1, project_id);
					db_bind_int64(new_acct, 2, u->id);
					if (db_step(new_acct, err) != 1) {
						db_reset(new_acct);
						goto out;
					}
					acct = db_col_int64(new_acct, 0);
					db_reset(new_acct);
					hashmap_put(&r.receivable, (const char *)&u->id, sizeof(u->id), acct);
				}
				if (journal_post(&j, acct, x->income_acct, amount, "bill", bill_id, today, err) < 0)
					goto out;
				db_reset(open_ins);
				db_bind_int64(open_ins, 1, bill_id);
				db_bind_int64(open_ins, 2, project_id);
				db_bind_int64(open_ins, 3, u->id);
				db_bind_int64(open_ins, 4, o->party);
				db_bind_int64(open_ins, 5, x->due);
				db_bind_int64(open_ins, 6, amount);
				rc = db_step(open_ins, err);
				db_reset(open_ins);
				if (rc < 0)
					goto out;
				res->bills++;
				res->amount += amount;
			}
		}
	}

	if (!dry_run) {
		/* prepaid balances settle what is open, oldest due date first */
		if (ledger_open(&l, db, project_id, today, err) < 0)
			goto out;
		ledger_ready = 1;
		if (db_prepare(db, &prepaid, "SELECT DISTINCT unit_id, payer_id FROM prepaid_open WHERE project_id = ? "
			       "ORDER BY unit_id, payer_id", err) < 0)
			goto out;
		db_bind_int64(prepaid, 1, project_id);
		{
			int64_t *pairs = NULL;
			size_t npairs = 0, alloc = 0;
			while ((rc = db_step(prepaid, err)) == 1) {
				XGROW(pairs, alloc, npairs + 2);
				pairs[npairs++] = db_col_int64(prepaid, 0);
				pairs[npairs++] = db_col_int64(prepaid, 1);
			}
			for (size_t i = 0; rc == 0 && i < npairs; i += 2) {
				int64_t applied;
				if (ledger_settle(&l, pairs[i], pairs[i + 1], NULL, 0, 0, res->run_id, &applied, err) < 0)
					rc = -1;
				res->settled += applied;
			}
			free(pairs);
			if (rc < 0)
				goto out;
		}
		if (db_commit(db, err) < 0)
			goto out;
	}
	rc = 0;
out:
	if (rc < 0 && !dry_run)
		db_rollback(db);
	if (ledger_ready)
		ledger_close(&l);
	if (journal_ready)
		journal_close(&j);
	db_finalize(ins);
	db_finalize(exists);
	db_finalize(new_acct);
	db_finalize(open_ins);
	db_finalize(prepaid);
	free(tariffs);
	free(pt);
	free(r.units);
	free(r.owners);
	hashmap_clear(&r.unit_index);
	hashmap_clear(&r.receivable);
	buf_release(&explain);
	if (rc < 0) {
		json_decref(res->preview);
		res->preview = NULL;
	}
	return rc;
}
