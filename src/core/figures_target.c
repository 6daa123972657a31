/* figures_target.c: targets (收费指标) per project, group and person, and their progress. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/xalloc.h"
#include "core/figures.h"

int fig_target_set(struct db *db, int64_t project_id, const char *period, const char *scope, int64_t scope_id,
		   int64_t amount_fen, int64_t rate_bp, int64_t staff_id, int64_t *id, struct buf *err)
{
	struct fig_period p;
	int rc;

	if (fig_period_parse(period, &p) < 0)
		return error(err, _("bad period '%s' (YYYY-MM or YYYY)"), period);
	if (strcmp(scope, "project") && strcmp(scope, "group") && strcmp(scope, "staff"))
		return error(err, _("unknown target scope '%s'"), scope);
	if (amount_fen < 0 && rate_bp < 0)
		return error(err, _("a target needs an amount or a rate"));
	if (rate_bp > 10000)
		return error(err, _("a rate target is at most 100%%"));
	/* one row per project, period and scope; setting one measure keeps the other */
	rc = db_run(db, id, err,
		    "INSERT INTO fig_target (project_id, period, scope, scope_id, amount_fen, rate_bp, set_by, set_at) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, period, scope, scope_id) DO UPDATE SET "
		    "amount_fen = COALESCE(excluded.amount_fen, fig_target.amount_fen), "
		    "rate_bp = COALESCE(excluded.rate_bp, fig_target.rate_bp), set_by = excluded.set_by, "
		    "set_at = excluded.set_at RETURNING id",
		    "ittinnni", project_id, p.key, scope, scope_id, amount_fen >= 0 ? amount_fen : 0,
		    rate_bp >= 0 ? rate_bp : 0, staff_id, (int64_t)time(NULL));
	return rc < 0 ? -1 : 0;
}

/* The row of a roll-up for the target's scope. */
static const struct fig_row *find_row(const struct fig_rows *rows, int64_t id)
{
	for (size_t i = 0; i < rows->n; i++)
		if (rows->v[i].id == id)
			return &rows->v[i];
	return NULL;
}

int fig_target_list(struct db *db, int64_t project_id, const char *period, int today, struct fig_target **out,
		    size_t *n, struct buf *err)
{
	struct db_stmt *st = NULL;
	struct fig_target *v = NULL;
	size_t nv = 0, alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (db_prepare(db, &st,
		       "SELECT t.id, t.project_id, t.period, t.scope, t.scope_id, t.amount_fen, t.rate_bp, "
		       "CASE t.scope WHEN 'project' THEN p.code WHEN 'group' THEN g.name ELSE s.login END, "
		       "CASE t.scope WHEN 'project' THEN p.name WHEN 'group' THEN '' ELSE s.name END, p.code "
		       "FROM fig_target t JOIN project p ON p.id = t.project_id "
		       "LEFT JOIN staff_group g ON t.scope = 'group' AND g.id = t.scope_id "
		       "LEFT JOIN staff s ON t.scope = 'staff' AND s.id = t.scope_id "
		       "WHERE (? = 0 OR t.project_id = ?) AND (? = '' OR t.period = ?) "
		       "ORDER BY p.code, t.period, CASE t.scope WHEN 'project' THEN 0 WHEN 'group' THEN 1 ELSE 2 END, 8",
		       err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, project_id);
	db_bind_text(st, 3, period ? period : "");
	db_bind_text(st, 4, period ? period : "");
	while ((rc = db_step(st, err)) == 1) {
		if (nv == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			v = xrealloc(v, alloc * sizeof(*v));
		}
		struct fig_target *t = &v[nv++];
		memset(t, 0, sizeof(*t));
		t->id = db_col_int64(st, 0);
		t->project_id = db_col_int64(st, 1);
		snprintf(t->period, sizeof(t->period), "%s", db_col_text(st, 2));
		snprintf(t->scope, sizeof(t->scope), "%s", db_col_text(st, 3));
		t->scope_id = db_col_int64(st, 4);
		t->amount_fen = db_col_is_null(st, 5) ? -1 : db_col_int64(st, 5);
		t->rate_bp = db_col_is_null(st, 6) ? -1 : db_col_int64(st, 6);
		snprintf(t->key, sizeof(t->key), "%s", db_col_text(st, 7));
		snprintf(t->name, sizeof(t->name), "%s", db_col_text(st, 8));
		snprintf(t->project, sizeof(t->project), "%s", db_col_text(st, 9));
	}
	db_finalize(st);
	if (rc < 0)
		goto fail;
	/* progress: one roll-up per project, period and kind of scope */
	unsigned char *done = xcalloc(nv ? nv : 1, 1);
	for (size_t i = 0; i < nv; i++) {
		struct fig_target *t = &v[i];
		struct fig_scope sc = { .project_id = t->project_id, .today = today };
		struct fig_rows rows;
		if (done[i] || fig_period_parse(t->period, &sc.period) < 0)
			continue;
		sc.by = !strcmp(t->scope, "project") ? FIG_BY_PROJECT : !strcmp(t->scope, "group") ? FIG_BY_GROUP
												      : FIG_BY_STAFF;
		if (fig_compute(db, &sc, &rows, err) < 0) {
			free(done);
			goto fail;
		}
		int days = sc.period.pe - sc.period.ps + 1;
		int elapsed = today < sc.period.ps ? 0 : today > sc.period.pe ? days : today - sc.period.ps + 1;
		for (size_t j = i; j < nv; j++) {
			struct fig_target *u = &v[j];
			if (done[j] || u->project_id != t->project_id || strcmp(u->period, t->period) ||
			    strcmp(u->scope, t->scope))
				continue;
			done[j] = 1;
			const struct fig_row *r = find_row(&rows, !strcmp(u->scope, "project") ? u->project_id : u->scope_id);
			u->collected = r ? r->r.collected : 0;
			u->rate = r ? r->r.rate_amount : FIG_NA;
			/* where the amount should stand today, pro rata by days of the period */
			u->expected_fen = u->amount_fen > 0 ? round_div((__int128)u->amount_fen * elapsed, days) : 0;
			u->amount_progress = u->amount_fen > 0 ? fig_rate(u->collected, u->amount_fen) : FIG_NA;
		}
		fig_rows_free(&rows);
	}
	free(done);
	*out = v;
	*n = nv;
	return 0;
fail:
	free(v);
	return -1;
}
