/* figures_more.c: aging, reasons, channel effectiveness, the weekly review, and the
 * units behind a figure (docs/figures.md). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/xalloc.h"
#include "core/figures.h"
#include "core/figures_internal.h"

/* ---- which rows a building's figures go to, and their labels ---- */

struct keyer {
	struct db *db;
	const struct fig_scope *sc;
	struct fig_buildings *bs;
	struct fig_groups groups;
};

static int keyer_open(struct keyer *k, struct db *db, const struct fig_scope *sc, struct fig_buildings *bs,
		      struct buf *err)
{
	memset(k, 0, sizeof(*k));
	k->db = db;
	k->sc = sc;
	k->bs = bs;
	return sc->by == FIG_BY_GROUP ? fig_group_members(db, sc->project_id, &k->groups, err) : 0;
}

static void keyer_close(struct keyer *k)
{
	free(k->groups.v);
}

/* The row ids a building's figures go to (a group-by can give several, or none);
 * staff_id, when not 0, is the person who did the work (contacts go to them). */
static size_t keys_of(struct keyer *k, const struct fig_building *b, int64_t staff_id, int64_t *ids, size_t max)
{
	size_t n = 0;
	switch (k->sc->by) {
	case FIG_BY_PROJECT:
		ids[n++] = b ? b->project_id : 0;
		break;
	case FIG_BY_BUILDING:
		ids[n++] = b ? b->id : 0;
		break;
	case FIG_BY_STAFF:
		ids[n++] = staff_id >= 0 ? staff_id : b ? b->steward_id : 0;
		break;
	case FIG_BY_GROUP: {
		int64_t who = staff_id >= 0 ? staff_id : b ? b->steward_id : 0;
		for (size_t i = 0; i < k->groups.n && n < max; i++)
			if (who && k->groups.v[i].staff_id == who)
				ids[n++] = k->groups.v[i].group_id;
		break;
	}
	}
	return n;
}

static int label(struct keyer *k, int64_t id, char *key, size_t keylen, char *name, size_t namelen, struct buf *err)
{
	const char *sql = NULL;

	*key = *name = '\0';
	switch (k->sc->by) {
	case FIG_BY_PROJECT:
		sql = "SELECT code, name FROM project WHERE id = ?";
		break;
	case FIG_BY_BUILDING: {
		struct fig_building *b = fig_building_get(k->bs, id);
		if (b) {
			snprintf(key, keylen, "%s/%s", b->project_code, b->code);
			if (strcmp(b->name, b->code))
				snprintf(name, namelen, "%s", b->name);
		}
		return 0;
	}
	case FIG_BY_STAFF:
		if (!id) {
			snprintf(key, keylen, "-");
			snprintf(name, namelen, "%s", _("(no steward)"));
			return 0;
		}
		sql = "SELECT login, name FROM staff WHERE id = ?";
		break;
	case FIG_BY_GROUP:
		for (size_t i = 0; i < k->groups.n; i++)
			if (k->groups.v[i].group_id == id) {
				snprintf(key, keylen, "%s", k->groups.v[i].name);
				break;
			}
		return 0;
	}
	return fig_label_query(k->db, sql, id, key, keylen, name, namelen, err);
}

/* A growable array of rows of any of the report kinds, found by (id, tag). */
struct table {
	char *v;
	size_t n, alloc, size;
};

static void *table_find(struct table *t, int64_t id, const char *tag, size_t tag_off, size_t tag_len)
{
	for (size_t i = 0; i < t->n; i++) {
		char *r = t->v + i * t->size;
		if (*(int64_t *)r == id && (!tag || !strncmp(r + tag_off, tag, tag_len)))
			return r;
	}
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 16;
		t->v = xrealloc(t->v, t->alloc * t->size);
	}
	char *r = t->v + t->n++ * t->size;
	memset(r, 0, t->size);
	*(int64_t *)r = id;
	if (tag)
		snprintf(r + tag_off, tag_len, "%s", tag);
	return r;
}

/* Every report row starts like this: its id, key and name. */
struct head {
	int64_t id;
	char key[64], name[128];
};

/* Labels the rows of t, sorts them and hands them over. */
static int finish(struct keyer *k, struct table *t, int (*cmp)(const void *, const void *), void **out, size_t *n,
		  struct buf *err)
{
	for (size_t i = 0; i < t->n; i++) {
		struct head *h = (struct head *)(t->v + i * t->size);
		if (label(k, h->id, h->key, sizeof(h->key), h->name, sizeof(h->name), err) < 0)
			return -1;
	}
	qsort(t->v, t->n, t->size, cmp);
	*out = t->v;
	*n = t->n;
	t->v = NULL;
	return 0;
}

/* ---- aging ---- */

static int cmp_aging(const void *a, const void *b)
{
	const struct fig_aging_row *x = a, *y = b;
	return strcmp(x->key, y->key);
}

int fig_aging(struct db *db, const struct fig_scope *sc, struct fig_aging_row **out, size_t *n, struct buf *err)
{
	static const char *const sql[] = {
		"SELECT building_id, due_day, SUM(billed_fen - paid_fen - waived_fen) FROM fig_total "
		"WHERE project_id @P AND due_day < ? GROUP BY 1, 2",
		"SELECT building_id, due_day, SUM(paid_fen + waived_fen) FROM fig_day "
		"WHERE project_id @P AND day > ? AND due_day < ? GROUP BY 1, 2",
	};
	struct fig_buildings bs;
	struct keyer k;
	struct table t = { .size = sizeof(struct fig_aging_row) };
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (fig_buildings_load(db, sc->project_id, sc->today, &bs, err) < 0 || keyer_open(&k, db, sc, &bs, err) < 0) {
		fig_buildings_free(&bs);
		return -1;
	}
	for (int q = 0; q < 2; q++) {
		struct db_stmt *st = NULL;
		if (fig_prepare(db, &st, sql[q], sc->project_id, err) < 0)
			goto out;
		db_bind_int64(st, 1, sc->project_id);
		db_bind_int64(st, 2, sc->today);
		if (q)
			db_bind_int64(st, 3, sc->today);
		while ((rc = db_step(st, err)) == 1) {
			struct fig_building *b = fig_building_get(&bs, db_col_int64(st, 0));
			int bucket = aging_bucket(sc->today - (int)db_col_int64(st, 1));
			int64_t fen = db_col_int64(st, 2), ids[64];
			size_t nk = keys_of(&k, b, -1, ids, 64);
			for (size_t i = 0; i < nk; i++) {
				struct fig_aging_row *r = table_find(&t, ids[i], NULL, 0, 0);
				r->fen[bucket] += fen;
				r->total += fen;
			}
		}
		db_finalize(st);
		if (rc < 0)
			goto out;
	}
	if (finish(&k, &t, cmp_aging, (void **)out, n, err) < 0)
		goto out;
	rc = 0;
out:
	free(t.v);
	keyer_close(&k);
	fig_buildings_free(&bs);
	return rc < 0 ? -1 : 0;
}

/* ---- reasons ---- */

static int cmp_reason(const void *a, const void *b)
{
	const struct fig_reason_row *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	if (x->households != y->households)
		return x->households > y->households ? -1 : 1;
	return strcmp(x->reason, y->reason);
}

int fig_reasons(struct db *db, const struct fig_scope *sc, struct fig_reason_row **out, size_t *n, struct buf *err)
{
	struct fig_buildings bs;
	struct keyer k;
	struct table t = { .size = sizeof(struct fig_reason_row) };
	struct db_stmt *st = NULL;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (fig_buildings_load(db, sc->project_id, sc->today, &bs, err) < 0 || keyer_open(&k, db, sc, &bs, err) < 0) {
		fig_buildings_free(&bs);
		return -1;
	}
	/* households of the period not settled by today, by the unit's latest reason */
	if (fig_prepare(db, &st,
			"SELECT f.building_id, COALESCE((SELECT c.reason FROM contact c WHERE c.unit_id = f.unit_id "
			"AND c.day <= ? AND c.reason <> '' ORDER BY c.day DESC, c.id DESC LIMIT 1), ''), COUNT(*) "
			"FROM fig_unit f WHERE f.project_id @P AND f.period = ? AND f.first_due <= ? AND f.net_fen > 0 "
			"AND NOT (f.open_count = 0 AND f.max_settle <= ?) GROUP BY 1, 2", sc->project_id, err) < 0)
		goto out;
	db_bind_int64(st, 1, sc->today);
	db_bind_int64(st, 2, sc->project_id);
	db_bind_text(st, 3, sc->period.key);
	db_bind_int64(st, 4, sc->today);
	db_bind_int64(st, 5, sc->today);
	while ((rc = db_step(st, err)) == 1) {
		struct fig_building *b = fig_building_get(&bs, db_col_int64(st, 0));
		int64_t ids[64];
		size_t nk = keys_of(&k, b, -1, ids, 64);
		for (size_t i = 0; i < nk; i++) {
			struct fig_reason_row *r = table_find(&t, ids[i], db_col_text(st, 1),
							      offsetof(struct fig_reason_row, reason), sizeof(r->reason));
			r->households += db_col_int64(st, 2);
		}
	}
	db_finalize(st);
	if (rc < 0)
		goto out;
	if (finish(&k, &t, cmp_reason, (void **)out, n, err) < 0)
		goto out;
	rc = 0;
out:
	free(t.v);
	keyer_close(&k);
	fig_buildings_free(&bs);
	return rc < 0 ? -1 : 0;
}

/* ---- channels ---- */

static int cmp_channel(const void *a, const void *b)
{
	const struct fig_channel_row *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->channel, y->channel);
}

int fig_channels(struct db *db, const struct fig_scope *sc, struct fig_channel_row **out, size_t *n,
		 struct buf *err)
{
	struct fig_buildings bs;
	struct keyer k;
	struct table t = { .size = sizeof(struct fig_channel_row) };
	struct db_stmt *st = NULL;
	int end = sc->today < sc->period.pe ? sc->today : sc->period.pe;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (fig_buildings_load(db, sc->project_id, sc->today, &bs, err) < 0 || keyer_open(&k, db, sc, &bs, err) < 0) {
		fig_buildings_free(&bs);
		return -1;
	}
#define FOLLOWED(D) \
	"CASE WHEN EXISTS (SELECT 1 FROM payment p WHERE p.unit_id = c.unit_id AND p.paid_day >= c.day " \
	"AND p.paid_day <= c.day + " D " AND p.paid_day <= ? AND NOT EXISTS (SELECT 1 FROM reversal r " \
	"WHERE r.payment_id = p.id)) THEN 1 ELSE 0 END"
	if (fig_prepare(db, &st,
			"SELECT u.building_id, COALESCE(c.staff_id, 0), c.channel, COUNT(*), SUM(" FOLLOWED("7") "), SUM("
			FOLLOWED("30") ") FROM contact c JOIN unit u ON u.id = c.unit_id WHERE u.project_id @P "
			"AND c.day BETWEEN ? AND ? GROUP BY 1, 2, 3", sc->project_id, err) < 0)
		goto out;
#undef FOLLOWED
	db_bind_int64(st, 1, sc->today);
	db_bind_int64(st, 2, sc->today);
	db_bind_int64(st, 3, sc->project_id);
	db_bind_int64(st, 4, sc->period.ps);
	db_bind_int64(st, 5, end);
	while ((rc = db_step(st, err)) == 1) {
		struct fig_building *b = fig_building_get(&bs, db_col_int64(st, 0));
		int64_t ids[64];
		size_t nk = keys_of(&k, b, db_col_int64(st, 1), ids, 64);
		for (size_t i = 0; i < nk; i++) {
			struct fig_channel_row *r = table_find(&t, ids[i], db_col_text(st, 2),
							       offsetof(struct fig_channel_row, channel), sizeof(r->channel));
			r->contacts += db_col_int64(st, 3);
			r->paid7 += db_col_int64(st, 4);
			r->paid30 += db_col_int64(st, 5);
		}
	}
	db_finalize(st);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < t.n; i++) {
		struct fig_channel_row *r = (struct fig_channel_row *)(t.v + i * t.size);
		r->rate7 = fig_rate(r->paid7, r->contacts);
		r->rate30 = fig_rate(r->paid30, r->contacts);
	}
	if (finish(&k, &t, cmp_channel, (void **)out, n, err) < 0)
		goto out;
	rc = 0;
out:
	free(t.v);
	keyer_close(&k);
	fig_buildings_free(&bs);
	return rc < 0 ? -1 : 0;
}

/* ---- the weekly review ---- */

struct week {
	int64_t rate, recovered, contacts, kept;
	int has_rate;
};

/* One week's figures (the week ending `day`) per row of `by` (staff or group). */
static int week_figures(struct db *db, int64_t project_id, int day, enum fig_by by, struct fig_rows *rows,
			struct week **wk, struct buf *err)
{
	struct fig_scope sc = { .project_id = project_id, .today = day, .by = by };
	struct fig_buildings bs;
	struct fig_activity act;
	struct keyer k;
	struct db_stmt *st = NULL;
	int rc = -1;

	fig_period_month(day, &sc.period);
	memset(&act, 0, sizeof(act));
	*wk = NULL;
	if (fig_sums_load(db, &sc, &bs, &act, err) < 0 || keyer_open(&k, db, &sc, &bs, err) < 0) {
		fig_buildings_free(&bs);
		fig_activity_free(&act);
		return -1;
	}
	/* fig_rollup keeps the buildings' sums; the week's extra figures are added by row id */
	struct hashmap recovered = { 0 }, contacts = { 0 }, kept = { 0 };
	static const char *const sql[] = {
		/* arrears recovered: money taking effect in the week on bills due before it began */
		"SELECT building_id, -1, SUM(paid_fen) FROM fig_day WHERE project_id @P AND day > ? AND day <= ? "
		"AND due_day <= ? GROUP BY 1",
		"SELECT u.building_id, COALESCE(c.staff_id, 0), COUNT(*) FROM contact c JOIN unit u ON u.id = c.unit_id "
		"WHERE u.project_id @P AND c.day > ? AND c.day <= ? GROUP BY 1, 2",
		"SELECT u.building_id, COALESCE(c.staff_id, 0), COUNT(*) FROM promise p JOIN contact c ON c.id = p.contact_id "
		"JOIN unit u ON u.id = c.unit_id WHERE u.project_id @P AND p.outcome = 'kept' AND p.outcome_day > ? "
		"AND p.outcome_day <= ? GROUP BY 1, 2",
	};
	struct hashmap *maps[] = { &recovered, &contacts, &kept };
	for (int q = 0; q < 3; q++) {
		if (fig_prepare(db, &st, sql[q], project_id, err) < 0)
			goto out;
		db_bind_int64(st, 1, project_id);
		db_bind_int64(st, 2, day - 7);
		db_bind_int64(st, 3, day);
		if (q == 0)
			db_bind_int64(st, 4, day - 7);
		while ((rc = db_step(st, err)) == 1) {
			struct fig_building *b = fig_building_get(&bs, db_col_int64(st, 0));
			int64_t ids[64], v;
			size_t nk = keys_of(&k, b, db_col_int64(st, 1), ids, 64);
			for (size_t i = 0; i < nk; i++) {
				if (!hashmap_get(maps[q], (const char *)&ids[i], 8, &v))
					v = 0;
				hashmap_put(maps[q], (const char *)&ids[i], 8, v + db_col_int64(st, 2));
			}
		}
		db_finalize(st);
		st = NULL;
		if (rc < 0)
			goto out;
	}
	if (fig_rollup(db, &sc, &bs, &act, rows, err) < 0)
		goto out;
	/* people with no buildings but work in the week still appear: fig_rollup made rows
	 * for everyone with work in the month */
	*wk = xcalloc(rows->n ? rows->n : 1, sizeof(**wk));
	for (size_t i = 0; i < rows->n; i++) {
		int64_t id = rows->v[i].id, v;
		struct week *w = &(*wk)[i];
		w->rate = rows->v[i].r.rate_amount;
		w->has_rate = w->rate != FIG_NA;
		w->recovered = hashmap_get(&recovered, (const char *)&id, 8, &v) ? v : 0;
		w->contacts = hashmap_get(&contacts, (const char *)&id, 8, &v) ? v : 0;
		w->kept = hashmap_get(&kept, (const char *)&id, 8, &v) ? v : 0;
	}
	rc = 0;
out:
	if (st)
		db_finalize(st);
	hashmap_clear(&recovered);
	hashmap_clear(&contacts);
	hashmap_clear(&kept);
	keyer_close(&k);
	fig_buildings_free(&bs);
	fig_activity_free(&act);
	return rc < 0 ? -1 : 0;
}

static int cmp_rank(const void *a, const void *b)
{
	const struct fig_weekly_row *x = *(struct fig_weekly_row *const *)a, *y = *(struct fig_weekly_row *const *)b;
	if ((x->rate == FIG_NA) != (y->rate == FIG_NA))
		return x->rate == FIG_NA ? 1 : -1;
	if (x->rate != y->rate)
		return x->rate > y->rate ? -1 : 1;
	if (x->recovered != y->recovered)
		return x->recovered > y->recovered ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int cmp_rank_before(const void *a, const void *b)
{
	const struct fig_weekly_row *x = *(struct fig_weekly_row *const *)a, *y = *(struct fig_weekly_row *const *)b;
	if ((x->rate_before == FIG_NA) != (y->rate_before == FIG_NA))
		return x->rate_before == FIG_NA ? 1 : -1;
	if (x->rate_before != y->rate_before)
		return x->rate_before > y->rate_before ? -1 : 1;
	if (x->recovered_before != y->recovered_before)
		return x->recovered_before > y->recovered_before ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void rank(struct fig_weekly_row *v, size_t n)
{
	struct fig_weekly_row **p = xcalloc(n ? n : 1, sizeof(*p));
	for (size_t i = 0; i < n; i++)
		p[i] = &v[i];
	qsort(p, n, sizeof(*p), cmp_rank_before);
	for (size_t i = 0; i < n; i++)
		p[i]->rank_before = p[i]->rate_before == FIG_NA ? 0 : (int)i + 1;
	qsort(p, n, sizeof(*p), cmp_rank);
	for (size_t i = 0; i < n; i++)
		p[i]->rank = p[i]->rate == FIG_NA ? 0 : (int)i + 1;
	/* the array itself in ranking order */
	struct fig_weekly_row *sorted = xcalloc(n ? n : 1, sizeof(*sorted));
	for (size_t i = 0; i < n; i++)
		sorted[i] = *p[i];
	memcpy(v, sorted, n * sizeof(*v));
	free(sorted);
	free(p);
}

int fig_weekly(struct db *db, int64_t project_id, int today, struct fig_weekly_row **out, size_t *n,
	       struct buf *err)
{
	struct fig_weekly_row *v = NULL;
	size_t nv = 0, alloc = 0;

	*out = NULL;
	*n = 0;
	for (int g = 0; g < 2; g++) {
		enum fig_by by = g ? FIG_BY_GROUP : FIG_BY_STAFF;
		struct fig_rows now, before;
		struct week *wn, *wb;
		if (week_figures(db, project_id, today, by, &now, &wn, err) < 0)
			goto fail;
		if (week_figures(db, project_id, today - 7, by, &before, &wb, err) < 0) {
			fig_rows_free(&now);
			free(wn);
			goto fail;
		}
		size_t first = nv;
		for (size_t i = 0; i < now.n; i++) {
			if (g == 0 && !now.v[i].id)
				continue; /* buildings without a steward are no one's ranking */
			if (nv == alloc) {
				alloc = alloc ? 2 * alloc : 16;
				v = xrealloc(v, alloc * sizeof(*v));
			}
			struct fig_weekly_row *r = &v[nv++];
			memset(r, 0, sizeof(*r));
			r->id = now.v[i].id;
			r->group = g;
			snprintf(r->key, sizeof(r->key), "%s", now.v[i].key);
			snprintf(r->name, sizeof(r->name), "%s", now.v[i].name);
			r->rate = wn[i].rate;
			r->recovered = wn[i].recovered;
			r->contacts = wn[i].contacts;
			r->promises_kept = wn[i].kept;
			r->rate_before = FIG_NA;
			for (size_t j = 0; j < before.n; j++)
				if (before.v[j].id == r->id) {
					r->rate_before = wb[j].rate;
					r->recovered_before = wb[j].recovered;
					r->contacts_before = wb[j].contacts;
					r->promises_kept_before = wb[j].kept;
				}
		}
		rank(v + first, nv - first);
		fig_rows_free(&now);
		fig_rows_free(&before);
		free(wn);
		free(wb);
	}
	*out = v;
	*n = nv;
	return 0;
fail:
	free(v);
	return -1;
}

/* ---- the units behind a figure ---- */

int fig_row_buildings(struct db *db, const struct fig_scope *sc, int64_t row_id, int64_t **ids, size_t *n,
		      struct buf *err)
{
	struct fig_buildings bs;
	struct keyer k;

	*ids = NULL;
	*n = 0;
	if (fig_buildings_load(db, sc->project_id, sc->today, &bs, err) < 0 || keyer_open(&k, db, sc, &bs, err) < 0) {
		fig_buildings_free(&bs);
		return -1;
	}
	*ids = xcalloc(bs.n ? bs.n : 1, sizeof(**ids));
	for (size_t i = 0; i < bs.n; i++) {
		int64_t keys[64];
		size_t nk = keys_of(&k, &bs.v[i], -1, keys, 64);
		for (size_t j = 0; j < nk; j++)
			if (keys[j] == row_id) {
				(*ids)[(*n)++] = bs.v[i].id;
				break;
			}
	}
	keyer_close(&k);
	fig_buildings_free(&bs);
	return 0;
}

int fig_row_staff(struct db *db, const struct fig_scope *sc, int64_t row_id, int64_t **ids, size_t *n,
		  struct buf *err)
{
	struct fig_groups g = { 0 };

	*n = 0;
	*ids = xcalloc(1, sizeof(**ids));
	if (sc->by == FIG_BY_STAFF) {
		(*ids)[(*n)++] = row_id;
		return 0;
	}
	if (sc->by != FIG_BY_GROUP)
		return 0;
	if (fig_group_members(db, sc->project_id, &g, err) < 0)
		return -1;
	*ids = xrealloc(*ids, (g.n ? g.n : 1) * sizeof(**ids));
	for (size_t i = 0; i < g.n; i++)
		if (g.v[i].group_id == row_id && g.v[i].staff_id)
			(*ids)[(*n)++] = g.v[i].staff_id;
	free(g.v);
	return 0;
}

static int in_list(const int64_t *v, size_t n, int64_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

static void unit_row_add(struct fig_unit_row **rows, size_t *n, size_t *alloc, int64_t unit_id, const char *name,
			 int64_t fen, int settle)
{
	if (*n == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 64;
		*rows = xrealloc(*rows, *alloc * sizeof(**rows));
	}
	struct fig_unit_row *r = &(*rows)[(*n)++];
	r->unit_id = unit_id;
	snprintf(r->unit, sizeof(r->unit), "%s", name);
	r->amount_fen = fen;
	r->settle_day = settle;
}

#define UNIT_NAME "p.code || '/' || bd.code || '-' || u.entrance || '-' || u.room"

int fig_units(struct db *db, const struct fig_scope *sc, const char *what, const int64_t *building_ids,
	      size_t nbuildings, const int64_t *staff_ids, size_t nstaff, struct fig_unit_row **rows, size_t *n,
	      struct buf *err)
{
	struct db_stmt *st = NULL;
	size_t alloc = 0;
	int rc, bucket = -1;

	*rows = NULL;
	*n = 0;
	if (!strncmp(what, "aging:", 6)) {
		bucket = atoi(what + 6);
		if (bucket < 0 || bucket >= AGING_BUCKETS)
			return error(err, _("unknown figure '%s'"), what);
	}
	const char *reason = !strncmp(what, "unpaid:", 7) ? what + 7 : NULL;
	if (!strcmp(what, "households") || !strcmp(what, "paid") || !strcmp(what, "unpaid") || reason ||
	    !strcmp(what, "proactive")) {
		/* with a reason: the unit's latest on or before today, as fig_reasons takes it */
		if (fig_prepare(db, &st,
				reason ? "SELECT f.unit_id, " UNIT_NAME ", f.building_id, f.net_fen, f.open_count, f.max_settle, "
					 "f.first_contact, COALESCE((SELECT c.reason FROM contact c WHERE c.unit_id = f.unit_id "
					 "AND c.day <= ? AND c.reason <> '' ORDER BY c.day DESC, c.id DESC LIMIT 1), '') "
					 "FROM fig_unit f JOIN unit u ON u.id = f.unit_id JOIN building bd ON bd.id = u.building_id "
					 "JOIN project p ON p.id = u.project_id WHERE f.project_id @P AND f.period = ? "
					 "AND f.first_due <= ? AND f.net_fen > 0 ORDER BY bd.code, u.entrance, u.room"
				       : "SELECT f.unit_id, " UNIT_NAME ", f.building_id, f.net_fen, f.open_count, f.max_settle, "
					 "f.first_contact, '' FROM fig_unit f JOIN unit u ON u.id = f.unit_id "
					 "JOIN building bd ON bd.id = u.building_id JOIN project p ON p.id = u.project_id "
					 "WHERE f.project_id @P AND f.period = ? AND f.first_due <= ? AND f.net_fen > 0 "
					 "ORDER BY bd.code, u.entrance, u.room",
				sc->project_id, err) < 0)
			return -1;
		int k = 1;
		if (reason)
			db_bind_int64(st, k++, sc->today);
		db_bind_int64(st, k++, sc->project_id);
		db_bind_text(st, k++, sc->period.key);
		db_bind_int64(st, k, sc->today);
		while ((rc = db_step(st, err)) == 1) {
			if (nbuildings && !in_list(building_ids, nbuildings, db_col_int64(st, 2)))
				continue;
			int settled = db_col_int64(st, 4) == 0 && !db_col_is_null(st, 5) && db_col_int64(st, 5) <= sc->today;
			int settle = settled ? (int)db_col_int64(st, 5) : DATE_MIN;
			int proactive = settled && (db_col_is_null(st, 6) || db_col_int64(st, 6) > db_col_int64(st, 5));
			if ((!strcmp(what, "paid") && !settled) || ((!strcmp(what, "unpaid") || reason) && settled) ||
			    (!strcmp(what, "proactive") && !proactive) || (reason && strcmp(db_col_text(st, 7), reason)))
				continue;
			unit_row_add(rows, n, &alloc, db_col_int64(st, 0), db_col_text(st, 1), db_col_int64(st, 3), settle);
		}
		db_finalize(st);
		return rc < 0 ? -1 : 0;
	}
	if (!strncmp(what, "contacted", 9) && (what[9] == '\0' || what[9] == ':')) {
		/* units contacted in the period up to today (on one channel after the colon) */
		const char *channel = what[9] ? what + 10 : "";
		int end = sc->today < sc->period.pe ? sc->today : sc->period.pe;
		if (fig_prepare(db, &st,
				"SELECT u.id, " UNIT_NAME ", u.building_id, COUNT(*), MAX(c.day), COALESCE(c.staff_id, 0) FROM contact c "
				"JOIN unit u ON u.id = c.unit_id JOIN building bd ON bd.id = u.building_id "
				"JOIN project p ON p.id = u.project_id WHERE u.project_id @P AND c.day BETWEEN ? AND ? "
				"AND (? = '' OR c.channel = ?) GROUP BY u.id, p.code, bd.code, u.entrance, u.room, u.building_id, "
				"COALESCE(c.staff_id, 0) ORDER BY bd.code, u.entrance, u.room, u.id", sc->project_id, err) < 0)
			return -1;
		db_bind_int64(st, 1, sc->project_id);
		db_bind_int64(st, 2, sc->period.ps);
		db_bind_int64(st, 3, end);
		db_bind_text(st, 4, channel);
		db_bind_text(st, 5, channel);
		while ((rc = db_step(st, err)) == 1) {
			if ((nbuildings && !in_list(building_ids, nbuildings, db_col_int64(st, 2))) ||
			    (nstaff && !in_list(staff_ids, nstaff, db_col_int64(st, 5))))
				continue;
			/* amount: the number of contacts; settle_day: the last one (a unit's rows
			 * by several people come one after the other) */
			if (*n && (*rows)[*n - 1].unit_id == db_col_int64(st, 0)) {
				(*rows)[*n - 1].amount_fen += db_col_int64(st, 3);
				if ((*rows)[*n - 1].settle_day < (int)db_col_int64(st, 4))
					(*rows)[*n - 1].settle_day = (int)db_col_int64(st, 4);
			} else {
				unit_row_add(rows, n, &alloc, db_col_int64(st, 0), db_col_text(st, 1), db_col_int64(st, 3),
					     (int)db_col_int64(st, 4));
			}
		}
		db_finalize(st);
		return rc < 0 ? -1 : 0;
	}
	if (strcmp(what, "arrears") && bucket < 0)
		return error(err, _("unknown figure '%s'"), what);
	/* what each counted bill due before today still had open at the end of today */
	if (fig_prepare(db, &st,
			"SELECT u.id, " UNIT_NAME ", u.building_id, b.due_day, b.amount_fen "
			"- COALESCE((SELECT SUM(a.amount_fen) FROM allocation a WHERE a.bill_id = b.id "
			"AND (CASE WHEN a.day > b.due_day THEN a.day ELSE b.due_day END) <= ? "
			"AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.payment_id = a.payment_id)), 0) "
			"- COALESCE((SELECT SUM(w.amount_fen) FROM waiver w WHERE w.bill_id = b.id "
			"AND (CASE WHEN w.day > b.due_day THEN w.day ELSE b.due_day END) <= ? "
			"AND NOT EXISTS (SELECT 1 FROM waiver_void v WHERE v.waiver_id = w.id)), 0) "
			"FROM unit u JOIN building bd ON bd.id = u.building_id JOIN project p ON p.id = u.project_id "
			"JOIN bill b ON b.unit_id = u.id JOIN party pa ON pa.id = b.payer_id "
			"WHERE u.project_id @P AND b.kind IN ('fee', 'opening') AND pa.kind = 'person' AND b.due_day < ? "
			"ORDER BY bd.code, u.entrance, u.room, u.id", sc->project_id, err) < 0)
		return -1;
	db_bind_int64(st, 1, sc->today);
	db_bind_int64(st, 2, sc->today);
	db_bind_int64(st, 3, sc->project_id);
	db_bind_int64(st, 4, sc->today);
	while ((rc = db_step(st, err)) == 1) {
		int64_t open = db_col_int64(st, 4);
		if (open <= 0 || (nbuildings && !in_list(building_ids, nbuildings, db_col_int64(st, 2))))
			continue;
		if (bucket >= 0 && aging_bucket(sc->today - (int)db_col_int64(st, 3)) != bucket)
			continue;
		if (*n && (*rows)[*n - 1].unit_id == db_col_int64(st, 0))
			(*rows)[*n - 1].amount_fen += open;
		else
			unit_row_add(rows, n, &alloc, db_col_int64(st, 0), db_col_text(st, 1), open, DATE_MIN);
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}
