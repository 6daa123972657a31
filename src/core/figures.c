/* figures.c: the definitions of the figures (docs/figures.md) and their sums per
 * building, rolled up to projects, stewards and groups. */
#include "core/figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/hashmap.h"
#include "base/i18n.h"
#include "base/xalloc.h"
#include "core/figures_internal.h"

int fig_period_parse(const char *s, struct fig_period *p)
{
	struct period per;

	/* months and years: the households' summary keeps those two (not quarters) */
	if (!s || period_parse(s, &per) < 0 || per.kind == PERIOD_QUARTER)
		return -1;
	period_format(&per, p->key);
	p->ps = period_first_day(&per);
	p->pe = period_last_day(&per);
	return 0;
}

void fig_period_month(int day, struct fig_period *p)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	struct period per = { PERIOD_MONTH, y, m };
	period_format(&per, p->key);
	p->ps = period_first_day(&per);
	p->pe = period_last_day(&per);
}

int64_t fig_rate(int64_t num, int64_t den)
{
	if (den <= 0)
		return FIG_NA;
	/* half-up in hundredths of a percent: num * 10000 / den */
	__int128 n = (__int128)num * 10000 * 2 + (num >= 0 ? den : -den);
	return (int64_t)(n / (2 * (__int128)den));
}

void fig_pct_text(char *out, size_t len, int64_t bp)
{
	if (bp == FIG_NA)
		snprintf(out, len, "—");
	else
		snprintf(out, len, "%s%lld.%02lld%%", bp < 0 ? "-" : "", (long long)(llabs(bp) / 100),
			 (long long)(llabs(bp) % 100));
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int fig_percentile(int *v, size_t n, int pct)
{
	if (!n)
		return -1;
	qsort(v, n, sizeof(*v), cmp_int);
	/* nearest rank: the smallest value with at least pct% of the values at or below it */
	size_t rank = ((size_t)pct * n + 99) / 100;
	if (rank < 1)
		rank = 1;
	return v[rank - 1];
}

int fig_by_parse(const char *s, enum fig_by *by)
{
	static const char *const names[] = { "project", "building", "staff", "group" };
	for (int i = 0; i < 4; i++)
		if (s && !strcmp(s, names[i])) {
			*by = (enum fig_by)i;
			return 0;
		}
	return -1;
}

void fig_derive(struct fig_sums *s, struct fig_rates *r)
{
	int64_t net = s->billed - s->waived;

	r->rate_amount = fig_rate(s->paid, net);
	r->rate_hh = fig_rate(s->hh_paid, s->hh);
	r->recovery = fig_rate(s->arrears_paid, s->open_start);
	r->overall = fig_rate(s->paid + s->arrears_paid, net + s->open_start);
	r->proactive = fig_rate(s->hh_proactive, s->hh);
	r->collected = s->paid + s->arrears_paid;
	r->outstanding = net - s->paid + s->open_start - s->arrears_paid - s->arrears_waived;
	r->arrears_rate = fig_rate(r->outstanding, net + s->open_start);
	r->promise_kept = fig_rate(s->promises_kept, s->promises_kept + s->promises_broken);
	r->plan_kept = fig_rate(s->plans_kept, s->plans_kept + s->plans_broken);
	r->cycle_median = fig_percentile(s->cycle, s->ncycle, 50);
	r->cycle_p90 = fig_percentile(s->cycle, s->ncycle, 90);
}

void fig_sums_add_cycle(struct fig_sums *s, int days, int64_t count)
{
	for (int64_t i = 0; i < count; i++) {
		if (s->ncycle == s->acycle) {
			s->acycle = s->acycle ? 2 * s->acycle : 64;
			s->cycle = xrealloc(s->cycle, s->acycle * sizeof(*s->cycle));
		}
		s->cycle[s->ncycle++] = days;
	}
}

void fig_sums_add(struct fig_sums *d, const struct fig_sums *s)
{
	d->billed += s->billed;
	d->waived += s->waived;
	d->paid += s->paid;
	d->open_start += s->open_start;
	d->arrears_paid += s->arrears_paid;
	d->arrears_waived += s->arrears_waived;
	d->hh += s->hh;
	d->hh_paid += s->hh_paid;
	d->hh_proactive += s->hh_proactive;
	d->contacts += s->contacts;
	d->promises_kept += s->promises_kept;
	d->promises_broken += s->promises_broken;
	d->plans_kept += s->plans_kept;
	d->plans_broken += s->plans_broken;
	if (s->ncycle) {
		if (d->ncycle + s->ncycle > d->acycle) {
			d->acycle = d->ncycle + s->ncycle;
			d->cycle = xrealloc(d->cycle, d->acycle * sizeof(*d->cycle));
		}
		memcpy(d->cycle + d->ncycle, s->cycle, s->ncycle * sizeof(*s->cycle));
		d->ncycle += s->ncycle;
	}
}

void fig_sums_free(struct fig_sums *s)
{
	free(s->cycle);
	s->cycle = NULL;
	s->ncycle = s->acycle = 0;
}

void fig_rows_free(struct fig_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		fig_sums_free(&rows->v[i].s);
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}

struct fig_row *fig_rows_add(struct fig_rows *rows)
{
	if (rows->n == rows->alloc) {
		rows->alloc = rows->alloc ? 2 * rows->alloc : 16;
		rows->v = xrealloc(rows->v, rows->alloc * sizeof(*rows->v));
	}
	struct fig_row *r = &rows->v[rows->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

/* ---- the scope's buildings and who looks after them ---- */

int fig_prepare(struct db *db, struct db_stmt **st, const char *sql, int64_t project_id, struct buf *err)
{
	/* "@P" in sql stands for the project filter: "= ?" for one project, or for every
	 * project "IN (the projects)" (the ? bound to 0), so that both look the summaries'
	 * indexes up by (project, …) equality rather than scan them */
	struct buf q = BUF_INIT;
	for (const char *p = sql; *p; p++) {
		if (p[0] == '@' && p[1] == 'P') {
			buf_adds(&q, project_id ? "= ?" : "IN (SELECT id FROM project WHERE id > ?)");
			p++;
		} else {
			buf_addch(&q, *p);
		}
	}
	int rc = db_prepare(db, st, q.buf, err);
	buf_release(&q);
	return rc;
}

int fig_buildings_load(struct db *db, int64_t project_id, int today, struct fig_buildings *b, struct buf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	memset(b, 0, sizeof(*b));
	if (fig_prepare(db, &st,
			"SELECT b.id, b.project_id, b.code, b.name, p.code FROM building b JOIN project p ON p.id = b.project_id "
			"WHERE b.project_id @P ORDER BY p.code, b.id", project_id, err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	while ((rc = db_step(st, err)) == 1) {
		if (b->n == b->alloc) {
			b->alloc = b->alloc ? 2 * b->alloc : 64;
			b->v = xrealloc(b->v, b->alloc * sizeof(*b->v));
		}
		struct fig_building *x = &b->v[b->n];
		memset(x, 0, sizeof(*x));
		x->id = db_col_int64(st, 0);
		x->project_id = db_col_int64(st, 1);
		snprintf(x->code, sizeof(x->code), "%s", db_col_text(st, 2));
		snprintf(x->name, sizeof(x->name), "%s", db_col_text(st, 3));
		snprintf(x->project_code, sizeof(x->project_code), "%s", db_col_text(st, 4));
		hashmap_put(&b->index, (const char *)&x->id, sizeof(x->id), (int64_t)b->n);
		b->n++;
	}
	db_finalize(st);
	if (rc < 0)
		return -1;
	/* each building's steward on the day: the latest assignment wins, the first-added
	 * steward among equals (as the collection engine assigns tasks) */
	if (fig_prepare(db, &st,
			"SELECT sb.building_id, sb.staff_id FROM staff_building sb JOIN staff s ON s.id = sb.staff_id "
			"JOIN building b ON b.id = sb.building_id WHERE b.project_id @P AND s.role = 'steward' "
			"AND s.active = 1 AND sb.from_day <= ? ORDER BY sb.building_id, sb.from_day, sb.staff_id DESC",
			project_id, err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, today);
	while ((rc = db_step(st, err)) == 1) {
		struct fig_building *x = fig_building_get(b, db_col_int64(st, 0));
		if (x)
			x->steward_id = db_col_int64(st, 1);
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

struct fig_building *fig_building_get(struct fig_buildings *b, int64_t id)
{
	int64_t i;
	return hashmap_get(&b->index, (const char *)&id, sizeof(id), &i) ? &b->v[i] : NULL;
}

void fig_buildings_free(struct fig_buildings *b)
{
	for (size_t i = 0; i < b->n; i++)
		fig_sums_free(&b->v[i].s);
	free(b->v);
	hashmap_clear(&b->index);
	memset(b, 0, sizeof(*b));
}

/* ---- the sums per building ---- */

static int add_money(struct db *db, const struct fig_scope *sc, struct fig_buildings *bs, struct buf *err)
{
	const struct fig_period *p = &sc->period;
	int end = sc->today < p->pe ? sc->today : p->pe;
	struct db_stmt *st = NULL;
	int rc;

	/* this period's bills due by the end of the window, as they stand now ... */
	if (fig_prepare(db, &st,
			"SELECT building_id, SUM(billed_fen), SUM(paid_fen), SUM(waived_fen) FROM fig_total "
			"WHERE project_id @P AND due_day BETWEEN ? AND ? GROUP BY building_id", sc->project_id, err) < 0)
		return -1;
	db_bind_int64(st, 1, sc->project_id);
	db_bind_int64(st, 2, p->ps);
	db_bind_int64(st, 3, end);
	while ((rc = db_step(st, err)) == 1) {
		struct fig_building *b = fig_building_get(bs, db_col_int64(st, 0));
		if (b) {
			b->s.billed += db_col_int64(st, 1);
			b->s.paid += db_col_int64(st, 2);
			b->s.waived += db_col_int64(st, 3);
		}
	}
	db_finalize(st);
	if (rc < 0)
		return -1;
	/* ... less the money that took effect after today */
	if (fig_prepare(db, &st,
			"SELECT building_id, SUM(paid_fen), SUM(waived_fen) FROM fig_day WHERE project_id @P AND day > ? "
			"AND due_day BETWEEN ? AND ? GROUP BY building_id", sc->project_id, err) < 0)
		return -1;
	db_bind_int64(st, 1, sc->project_id);
	db_bind_int64(st, 2, sc->today);
	db_bind_int64(st, 3, p->ps);
	db_bind_int64(st, 4, end);
	while ((rc = db_step(st, err)) == 1) {
		struct fig_building *b = fig_building_get(bs, db_col_int64(st, 0));
		if (b) {
			b->s.paid -= db_col_int64(st, 1);
			b->s.waived -= db_col_int64(st, 2);
		}
	}
	db_finalize(st);
	if (rc < 0)
		return -1;
	/* arrears: bills due before ps, open now ... */
	if (fig_prepare(db, &st,
			"SELECT building_id, SUM(billed_fen - paid_fen - waived_fen) FROM fig_total WHERE project_id @P "
			"AND due_day < ? GROUP BY building_id", sc->project_id, err) < 0)
		return -1;
	db_bind_int64(st, 1, sc->project_id);
	db_bind_int64(st, 2, p->ps);
	while ((rc = db_step(st, err)) == 1) {
		struct fig_building *b = fig_building_get(bs, db_col_int64(st, 0));
		if (b)
			b->s.open_start += db_col_int64(st, 1);
	}
	db_finalize(st);
	if (rc < 0)
		return -1;
	/* ... plus what took effect from ps on (open at the end of ps − 1), of which what took
	 * effect in the window was recovered (paid) or waived */
	if (fig_prepare(db, &st,
			"SELECT building_id, SUM(paid_fen + waived_fen), "
			"SUM(CASE WHEN day <= ? THEN paid_fen ELSE 0 END), SUM(CASE WHEN day <= ? THEN waived_fen ELSE 0 END) "
			"FROM fig_day WHERE project_id @P AND day >= ? AND due_day < ? GROUP BY building_id",
			sc->project_id, err) < 0)
		return -1;
	db_bind_int64(st, 1, end);
	db_bind_int64(st, 2, end);
	db_bind_int64(st, 3, sc->project_id);
	db_bind_int64(st, 4, p->ps);
	db_bind_int64(st, 5, p->ps);
	while ((rc = db_step(st, err)) == 1) {
		struct fig_building *b = fig_building_get(bs, db_col_int64(st, 0));
		if (b) {
			b->s.open_start += db_col_int64(st, 1);
			b->s.arrears_paid += db_col_int64(st, 2);
			b->s.arrears_waived += db_col_int64(st, 3);
		}
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

static int add_households(struct db *db, const struct fig_scope *sc, struct fig_buildings *bs, struct buf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	/* per building and days to settle (-1: not settled by today) */
	if (fig_prepare(db, &st,
			"SELECT building_id, CASE WHEN open_count = 0 AND max_settle <= ? THEN max_settle - last_due ELSE -1 END, "
			"SUM(CASE WHEN open_count = 0 AND max_settle <= ? AND (first_contact IS NULL OR first_contact > max_settle) "
			"THEN 1 ELSE 0 END), COUNT(*) FROM fig_unit WHERE project_id @P AND period = ? AND first_due <= ? "
			"AND net_fen > 0 GROUP BY 1, 2", sc->project_id, err) < 0)
		return -1;
	db_bind_int64(st, 1, sc->today);
	db_bind_int64(st, 2, sc->today);
	db_bind_int64(st, 3, sc->project_id);
	db_bind_text(st, 4, sc->period.key);
	db_bind_int64(st, 5, sc->today);
	while ((rc = db_step(st, err)) == 1) {
		struct fig_building *b = fig_building_get(bs, db_col_int64(st, 0));
		int days = (int)db_col_int64(st, 1);
		int64_t count = db_col_int64(st, 3);
		if (!b)
			continue;
		b->s.hh += count;
		b->s.hh_proactive += db_col_int64(st, 2);
		if (days >= 0) {
			b->s.hh_paid += count;
			fig_sums_add_cycle(&b->s, days, count);
		}
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* Collection work in the window, by building and by the staff member who did it. */
static struct fig_sums *staff_sums(struct fig_activity *a, int64_t staff_id)
{
	int64_t i;
	if (hashmap_get(&a->index, (const char *)&staff_id, sizeof(staff_id), &i))
		return &a->v[i].s;
	if (a->n == a->alloc) {
		a->alloc = a->alloc ? 2 * a->alloc : 16;
		a->v = xrealloc(a->v, a->alloc * sizeof(*a->v));
	}
	memset(&a->v[a->n], 0, sizeof(a->v[a->n]));
	a->v[a->n].staff_id = staff_id;
	hashmap_put(&a->index, (const char *)&staff_id, sizeof(staff_id), (int64_t)a->n);
	return &a->v[a->n++].s;
}

void fig_activity_free(struct fig_activity *a)
{
	free(a->v);
	hashmap_clear(&a->index);
	memset(a, 0, sizeof(*a));
}

static int add_work(struct db *db, const struct fig_scope *sc, int from, int to, struct fig_buildings *bs,
		    struct fig_activity *act, struct buf *err)
{
	static const char *const sql[] = {
		/* contacts made */
		"SELECT u.building_id, COALESCE(c.staff_id, 0), COUNT(*), 0, 0, 0, 0 FROM contact c "
		"JOIN unit u ON u.id = c.unit_id WHERE u.project_id @P AND c.day BETWEEN ? AND ? GROUP BY 1, 2",
		/* promises falling due, kept or broken by today */
		"SELECT u.building_id, COALESCE(c.staff_id, 0), 0, SUM(CASE WHEN p.outcome = 'kept' THEN 1 ELSE 0 END), "
		"SUM(CASE WHEN p.outcome = 'broken' THEN 1 ELSE 0 END), 0, 0 FROM promise p JOIN contact c ON c.id = p.contact_id "
		"JOIN unit u ON u.id = c.unit_id WHERE u.project_id @P AND p.due_day BETWEEN ? AND ? "
		"AND p.outcome IN ('kept', 'broken') AND p.outcome_day <= ? GROUP BY 1, 2",
		/* plans ended kept or broken */
		"SELECT COALESCE((SELECT u.building_id FROM bill b JOIN unit u ON u.id = b.unit_id WHERE b.project_id = dc.project_id "
		"AND b.payer_id = dc.payer_id ORDER BY b.unit_id LIMIT 1), 0), COALESCE(pl.staff_id, 0), 0, 0, 0, "
		"SUM(CASE WHEN pl.state = 'kept' THEN 1 ELSE 0 END), SUM(CASE WHEN pl.state = 'broken' THEN 1 ELSE 0 END) "
		"FROM plan pl JOIN dun_case dc ON dc.id = pl.case_id WHERE dc.project_id @P AND pl.ended_day BETWEEN ? AND ? "
		"AND pl.state IN ('kept', 'broken') AND pl.ended_day <= ? GROUP BY 1, 2",
	};
	for (size_t q = 0; q < sizeof(sql) / sizeof(*sql); q++) {
		struct db_stmt *st = NULL;
		int rc;
		if (fig_prepare(db, &st, sql[q], sc->project_id, err) < 0)
			return -1;
		db_bind_int64(st, 1, sc->project_id);
		db_bind_int64(st, 2, from);
		db_bind_int64(st, 3, to);
		if (q > 0)
			db_bind_int64(st, 4, sc->today);
		while ((rc = db_step(st, err)) == 1) {
			struct fig_sums w = { 0 };
			w.contacts = db_col_int64(st, 2);
			w.promises_kept = db_col_int64(st, 3);
			w.promises_broken = db_col_int64(st, 4);
			w.plans_kept = db_col_int64(st, 5);
			w.plans_broken = db_col_int64(st, 6);
			struct fig_building *b = fig_building_get(bs, db_col_int64(st, 0));
			if (b)
				fig_sums_add(&b->s, &w);
			if (act)
				fig_sums_add(staff_sums(act, db_col_int64(st, 1)), &w);
		}
		db_finalize(st);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int fig_sums_load(struct db *db, const struct fig_scope *sc, struct fig_buildings *bs, struct fig_activity *act,
		  struct buf *err)
{
	int end = sc->today < sc->period.pe ? sc->today : sc->period.pe;

	if (fig_buildings_load(db, sc->project_id, sc->today, bs, err) < 0)
		return -1;
	if (act)
		memset(act, 0, sizeof(*act));
	if (sc->today < sc->period.ps)
		return 0; /* the period has not begun: nothing counts yet */
	if (add_money(db, sc, bs, err) < 0 || add_households(db, sc, bs, err) < 0 ||
	    add_work(db, sc, sc->period.ps, end, bs, act, err) < 0)
		return -1;
	return 0;
}

/* ---- roll-up ---- */

int fig_label_query(struct db *db, const char *sql, int64_t id, char *key, size_t keylen, char *name,
		    size_t namelen, struct buf *err)
{
	struct db_stmt *st = NULL;
	if (db_prepare(db, &st, sql, err) < 0)
		return -1;
	db_bind_int64(st, 1, id);
	int rc = db_step(st, err);
	if (rc == 1) {
		snprintf(key, keylen, "%s", db_col_text(st, 0));
		snprintf(name, namelen, "%s", db_col_text(st, 1));
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

static struct fig_row *row_for(struct fig_rows *rows, struct hashmap *idx, int64_t id)
{
	int64_t i;
	if (hashmap_get(idx, (const char *)&id, sizeof(id), &i))
		return &rows->v[i];
	struct fig_row *r = fig_rows_add(rows);
	r->id = id;
	hashmap_put(idx, (const char *)&id, sizeof(id), (int64_t)(rows->n - 1));
	return r;
}

static int cmp_row(const void *a, const void *b)
{
	const struct fig_row *x = a, *y = b;
	/* "no steward" last */
	if (!x->id != !y->id)
		return x->id ? -1 : 1;
	return strcmp(x->key, y->key);
}

int fig_group_members(struct db *db, int64_t project_id, struct fig_groups *g, struct buf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	memset(g, 0, sizeof(*g));
	if (fig_prepare(db, &st,
			"SELECT sg.id, sg.project_id, sg.name, COALESCE(m.staff_id, 0) FROM staff_group sg "
			"LEFT JOIN staff_group_member m ON m.group_id = sg.id WHERE sg.project_id @P ORDER BY sg.id",
			project_id, err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	while ((rc = db_step(st, err)) == 1) {
		if (g->n == g->alloc) {
			g->alloc = g->alloc ? 2 * g->alloc : 16;
			g->v = xrealloc(g->v, g->alloc * sizeof(*g->v));
		}
		struct fig_group_member *m = &g->v[g->n++];
		m->group_id = db_col_int64(st, 0);
		m->project_id = db_col_int64(st, 1);
		snprintf(m->name, sizeof(m->name), "%s", db_col_text(st, 2));
		m->staff_id = db_col_int64(st, 3);
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

int fig_rollup(struct db *db, const struct fig_scope *sc, struct fig_buildings *bs, struct fig_activity *act,
	       struct fig_rows *rows, struct buf *err)
{
	struct hashmap idx = { 0 };
	int rc = -1;

	memset(rows, 0, sizeof(*rows));
	switch (sc->by) {
	case FIG_BY_PROJECT:
	case FIG_BY_BUILDING:
		for (size_t i = 0; i < bs->n; i++) {
			struct fig_building *b = &bs->v[i];
			struct fig_row *r = row_for(rows, &idx, sc->by == FIG_BY_PROJECT ? b->project_id : b->id);
			r->project_id = b->project_id;
			if (sc->by == FIG_BY_PROJECT) {
				snprintf(r->key, sizeof(r->key), "%s", b->project_code);
			} else {
				snprintf(r->key, sizeof(r->key), "%s/%s", b->project_code, b->code);
				if (strcmp(b->name, b->code))
					snprintf(r->name, sizeof(r->name), "%s", b->name);
			}
			fig_sums_add(&r->s, &b->s);
		}
		if (sc->by == FIG_BY_PROJECT) {
			for (size_t i = 0; i < rows->n; i++) {
				if (fig_label_query(db, "SELECT code, name FROM project WHERE id = ?", rows->v[i].id, rows->v[i].key,
						    sizeof(rows->v[i].key), rows->v[i].name, sizeof(rows->v[i].name), err) < 0)
					goto out;
			}
		}
		break;
	case FIG_BY_STAFF:
		for (size_t i = 0; i < bs->n; i++) {
			struct fig_building *b = &bs->v[i];
			struct fig_sums money = b->s;
			/* the building's money goes to its steward; its collection work to whoever did it */
			money.contacts = money.promises_kept = money.promises_broken = 0;
			money.plans_kept = money.plans_broken = 0;
			struct fig_row *r = row_for(rows, &idx, b->steward_id);
			r->project_id = b->project_id;
			fig_sums_add(&r->s, &money);
		}
		for (size_t i = 0; act && i < act->n; i++)
			if (act->v[i].staff_id)
				fig_sums_add(&row_for(rows, &idx, act->v[i].staff_id)->s, &act->v[i].s);
		for (size_t i = 0; i < rows->n; i++) {
			struct fig_row *r = &rows->v[i];
			if (!r->id) {
				snprintf(r->key, sizeof(r->key), "-");
				snprintf(r->name, sizeof(r->name), "%s", _("(no steward)"));
			} else if (fig_label_query(db, "SELECT login, name FROM staff WHERE id = ?", r->id, r->key, sizeof(r->key),
						   r->name, sizeof(r->name), err) < 0) {
				goto out;
			}
		}
		break;
	case FIG_BY_GROUP: {
		struct fig_groups g;
		if (fig_group_members(db, sc->project_id, &g, err) < 0)
			goto out;
		for (size_t k = 0; k < g.n; k++) {
			struct fig_row *r = row_for(rows, &idx, g.v[k].group_id);
			r->project_id = g.v[k].project_id;
			snprintf(r->key, sizeof(r->key), "%s", g.v[k].name);
			if (!g.v[k].staff_id)
				continue;
			for (size_t i = 0; i < bs->n; i++)
				if (bs->v[i].steward_id == g.v[k].staff_id) {
					struct fig_sums money = bs->v[i].s;
					money.contacts = money.promises_kept = money.promises_broken = 0;
					money.plans_kept = money.plans_broken = 0;
					fig_sums_add(&r->s, &money);
				}
			for (size_t i = 0; act && i < act->n; i++)
				if (act->v[i].staff_id == g.v[k].staff_id)
					fig_sums_add(&r->s, &act->v[i].s);
		}
		free(g.v);
		break;
	}
	}
	for (size_t i = 0; i < rows->n; i++)
		fig_derive(&rows->v[i].s, &rows->v[i].r);
	if (rows->n) /* qsort of NULL, 0 is undefined */
		qsort(rows->v, rows->n, sizeof(*rows->v), cmp_row);
	rc = 0;
out:
	hashmap_clear(&idx);
	if (rc < 0)
		fig_rows_free(rows);
	return rc;
}

int fig_compute(struct db *db, const struct fig_scope *scope, struct fig_rows *rows, struct buf *err)
{
	struct fig_buildings bs;
	struct fig_activity act;
	int rc = -1;

	memset(rows, 0, sizeof(*rows));
	memset(&act, 0, sizeof(act));
	if (fig_sums_load(db, scope, &bs, &act, err) == 0)
		rc = fig_rollup(db, scope, &bs, &act, rows, err);
	fig_buildings_free(&bs);
	fig_activity_free(&act);
	return rc;
}

int fig_dashboard(struct db *db, int64_t project_id, int today, struct fig_row *out, struct buf *err)
{
	struct fig_scope sc = { .project_id = project_id, .today = today, .by = FIG_BY_PROJECT };
	struct fig_buildings bs;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	fig_period_month(today, &sc.period);
	out->id = project_id;
	if (fig_sums_load(db, &sc, &bs, NULL, err) == 0) {
		for (size_t i = 0; i < bs.n; i++)
			fig_sums_add(&out->s, &bs.v[i].s);
		fig_derive(&out->s, &out->r);
		rc = 0;
	}
	fig_sums_free(&out->s);
	fig_buildings_free(&bs);
	return rc;
}

int fig_trend(struct db *db, const int64_t *project_ids, size_t n, int today, int months,
	      struct fig_trend_point *out, struct buf *err)
{
	int first = date_first_of_month(today);

	memset(out, 0, (size_t)months * sizeof(*out));
	for (int m = 0; m < months; m++) {
		struct fig_trend_point *t = &out[m];
		fig_period_month(date_add_months(first, m - (months - 1)), &t->period);
		t->asof = t->period.pe < today ? t->period.pe : today;
	}
	for (size_t k = 0; k < (n ? n : 1); k++) {
		struct fig_scope sc = { .project_id = n ? project_ids[k] : 0, .by = FIG_BY_PROJECT };
		struct fig_buildings bs;
		if (fig_buildings_load(db, sc.project_id, today, &bs, err) < 0) {
			fig_buildings_free(&bs);
			return -1;
		}
		for (int m = 0; m < months; m++) {
			struct fig_trend_point *t = &out[m];
			for (size_t i = 0; i < bs.n; i++)
				memset(&bs.v[i].s, 0, sizeof(bs.v[i].s));
			sc.period = t->period;
			sc.today = t->asof;
			if (add_money(db, &sc, &bs, err) < 0) {
				fig_buildings_free(&bs);
				return -1;
			}
			for (size_t i = 0; i < bs.n; i++) {
				t->net += bs.v[i].s.billed - bs.v[i].s.waived;
				t->paid += bs.v[i].s.paid;
				t->open_start += bs.v[i].s.open_start;
				t->arrears_paid += bs.v[i].s.arrears_paid;
			}
		}
		fig_buildings_free(&bs);
	}
	for (int m = 0; m < months; m++) {
		out[m].rate_amount = fig_rate(out[m].paid, out[m].net);
		out[m].recovery = fig_rate(out[m].arrears_paid, out[m].open_start);
	}
	return 0;
}
