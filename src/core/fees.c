/* fees.c: fee items, contracts, tariffs, and which tariff is in force when. */
#include "core/fees.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/str.h"
#include "base/xalloc.h"

const char *cycle_name(enum cycle c)
{
	return c == CYCLE_MONTH ? "month" : c == CYCLE_QUARTER ? "quarter" : "year";
}

int cycle_parse(const char *s, enum cycle *c)
{
	if (!strcmp(s, "month"))
		*c = CYCLE_MONTH;
	else if (!strcmp(s, "quarter"))
		*c = CYCLE_QUARTER;
	else if (!strcmp(s, "year"))
		*c = CYCLE_YEAR;
	else
		return -1;
	return 0;
}

int rate_parse(const char *s, int64_t *out)
{
	if (decimal_parse(s, 4, out) < 0 || *out < 0 || *out > 100000000)
		return -1;
	return 0;
}

int daily_rate_parse(const char *s, int64_t *ppm)
{
	static const char *const numerals[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九" };
	const char *wan = "万分之";

	if (str_starts_with(s, wan)) {
		const char *n = s + strlen(wan);
		int64_t v;
		for (int i = 0; i < 9; i++)
			if (!strcmp(n, numerals[i])) {
				*ppm = (int64_t)(i + 1) * 100;
				return 0;
			}
		if (decimal_parse(n, 2, &v) < 0 || v < 0)
			return -1;
		*ppm = v; /* hundredths of a ten-thousandth = millionths */
		return 0;
	}
	if (decimal_parse(s, 6, ppm) < 0 || *ppm < 0 || *ppm > 1000000)
		return -1;
	return 0;
}

/* The kind of a new item, guessed from its name. */
static const char *guess_kind(const char *name, int basis_area)
{
	static const struct { const char *word, *kind; } words[] = {
		{ "停车", "parking" }, { "车位", "parking" }, { "公摊", "shared" }, { "水电", "shared" },
		{ "维修", "maintenance" }, { "维护", "maintenance" }, { "滞纳金", "latefee" }, { "违约金", "latefee" },
		{ "物业", "property" },
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(name, words[i].word))
			return words[i].kind;
	return basis_area ? "property" : "fixed";
}

int fee_item_get(struct db *db, int64_t project_id, const char *name, int basis_area, int64_t *id,
		 struct buf *err)
{
	int rc;

	if (!*name)
		return error(err, _("the fee item needs a name"));
	rc = db_run(db, id, err, "SELECT id FROM fee_item WHERE project_id = ? AND name = ?", "it", project_id, name);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	rc = db_run(db, id, err, "INSERT INTO fee_item (project_id, name, kind, created_at) VALUES (?, ?, ?, ?) RETURNING id",
		    "itti", project_id, name, guess_kind(name, basis_area), (int64_t)time(NULL));
	return rc < 0 ? -1 : 0;
}

const char *const fee_item_kinds[] = { "property", "fixed", "parking", "shared", "maintenance", "service",
				       "metered", "latefee", "other", NULL };

int fee_item_set(struct db *db, int64_t project_id, const char *name, const char *kind, int64_t tax_bp, int64_t *id,
		 struct buf *err)
{
	int known = !kind;

	for (int i = 0; kind && fee_item_kinds[i]; i++)
		known |= !strcmp(kind, fee_item_kinds[i]);
	if (!known)
		return error(err, _("unknown kind of fee item '%s'"), kind);
	if (tax_bp < -1 || tax_bp > 10000)
		return error(err, _("the tax rate must be between 0 and 100 percent"));
	if (fee_item_get(db, project_id, name, 1, id, err) < 0 ||
	    (kind && db_run(db, NULL, err, "UPDATE fee_item SET kind = ? WHERE id = ?", "ti", kind, *id) < 0) ||
	    (tax_bp >= 0 && db_run(db, NULL, err, "UPDATE fee_item SET tax_rate_bp = ? WHERE id = ?", "ii", tax_bp, *id) < 0))
		return -1;
	return 0;
}

int contract_add(struct db *db, const struct contract_new *c, int64_t *id, struct buf *err)
{
	int rc;

	if (!c->name || !*c->name)
		return error(err, _("the contract needs a name"));
	if (c->to != DATE_MAX && c->to < c->from)
		return error(err, _("--to is before --from"));
	if (c->late_cap_pct < 0 || c->late_cap_pct > 100)
		return error(err, _("--late-cap-pct must be between 0 and 100 (a late fee never exceeds the principal)"));
	if (c->late_grace_days < 0 || c->late_grace_days > 3650)
		return error(err, _("--late-grace-days must be between 0 and 3650"));
	rc = db_run(db, id, err, "INSERT INTO contract (project_id, name, from_day, to_day, late_daily_ppm, late_grace_days, "
		    "late_cap_pct, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    "itiiiiiin", c->project_id, c->name, (int64_t)c->from,
		    (int64_t)(c->to == DATE_MAX ? DATE_MAX : c->to), c->late_daily_ppm, (int64_t)c->late_grace_days,
		    (int64_t)c->late_cap_pct, (int64_t)time(NULL), c->staff_id);
	return rc < 0 ? -1 : 0;
}

int tariff_add(struct db *db, const struct tariff_new *t, int64_t *id, struct buf *err)
{
	struct db_stmt *st;
	int64_t project_id = 0, item_id, from = 0, to = 0;
	int rc;

	if (t->due_day < 1 || t->due_day > 31)
		return error(err, _("--due-day must be between 1 and 31"));
	if (t->vacant_pct < 0 || t->vacant_pct > 100)
		return error(err, _("--vacant-pct must be between 0 and 100"));
	if (t->unit_type && *t->unit_type && strcmp(t->unit_type, "residential") && strcmp(t->unit_type, "shop") &&
	    strcmp(t->unit_type, "parking"))
		return error(err, _("unknown unit type '%s' (expected residential, shop or parking)"), t->unit_type);
	if (db_prepare(db, &st, "SELECT project_id, from_day, to_day FROM contract WHERE id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, t->contract_id);
	rc = db_step(st, err);
	if (rc == 1) {
		project_id = db_col_int64(st, 0);
		from = db_col_int64(st, 1);
		to = db_col_int64(st, 2);
	}
	db_finalize(st);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return error(err, _("unknown contract %lld"), (long long)t->contract_id);
	if (fee_item_get(db, project_id, t->item, t->basis_area, &item_id, err) < 0)
		return -1;
	/* Another contract with this item whose dates overlap: the same start, an earlier one
	 * whose explicit end reaches into this one, or a later one this one's end reaches. */
	if (db_prepare(db, &st, "SELECT c.id, c.name FROM contract c JOIN tariff t ON t.contract_id = c.id "
		       "WHERE c.project_id = ? AND t.item_id = ? AND c.id <> ? AND ("
		       " c.from_day = ? OR (c.from_day < ? AND c.to_day <> ? AND c.to_day >= ?)"
		       " OR (c.from_day > ? AND c.from_day <= ?)) LIMIT 1", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, item_id);
	db_bind_int64(st, 3, t->contract_id);
	db_bind_int64(st, 4, from);
	db_bind_int64(st, 5, from);
	db_bind_int64(st, 6, DATE_MAX);
	db_bind_int64(st, 7, from);
	db_bind_int64(st, 8, from);
	db_bind_int64(st, 9, to == DATE_MAX ? from : to); /* an open end reaches no later contract */
	rc = db_step(st, err);
	if (rc == 1) {
		error(err, _("contract %lld ('%s') already sets '%s' for dates that overlap this contract's"),
		      (long long)db_col_int64(st, 0), db_col_text(st, 1), t->item);
		db_finalize(st);
		return -1;
	}
	db_finalize(st);
	if (rc < 0)
		return -1;
	rc = db_run(db, id, err, "INSERT INTO tariff (contract_id, item_id, basis, rate, cycle, due_day, vacant_pct, "
		    "unit_type, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    "iititiiti", t->contract_id, item_id, t->basis_area ? "area" : "unit", t->rate,
		    cycle_name(t->cycle), (int64_t)t->due_day, (int64_t)t->vacant_pct,
		    t->unit_type ? t->unit_type : "", (int64_t)time(NULL));
	if (rc == DB_CONFLICT)
		return error(err, _("contract %lld already has a tariff for '%s'"), (long long)t->contract_id, t->item);
	return rc < 0 ? -1 : 0;
}

static void read_terms(struct db_stmt *st, int col, struct contract_terms *t)
{
	t->id = db_col_int64(st, col);
	t->from = (int)db_col_int64(st, col + 1);
	t->to = (int)db_col_int64(st, col + 2);
	t->late_daily_ppm = db_col_int64(st, col + 3);
	t->late_grace_days = (int)db_col_int64(st, col + 4);
	t->late_cap_pct = (int)db_col_int64(st, col + 5);
}

int tariffs_in_force(struct db *db, int64_t project_id, int first_day, struct tariff **out, size_t *n,
		     struct buf *err)
{
	struct db_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/* per item, the contract with the latest start on or before the period's first day */
	if (db_prepare(db, &st,
		       "SELECT t.id, t.contract_id, t.item_id, i.name, t.basis, t.rate, t.cycle, t.due_day, t.vacant_pct,"
		       " t.unit_type, c.id, c.from_day, c.to_day, c.late_daily_ppm, c.late_grace_days, c.late_cap_pct"
		       " FROM tariff t JOIN contract c ON c.id = t.contract_id JOIN fee_item i ON i.id = t.item_id"
		       " WHERE c.project_id = ? AND c.from_day <= ? AND c.from_day = ("
		       "  SELECT MAX(c2.from_day) FROM contract c2 JOIN tariff t2 ON t2.contract_id = c2.id"
		       "  WHERE c2.project_id = c.project_id AND t2.item_id = t.item_id AND c2.from_day <= ?)"
		       " ORDER BY t.item_id", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, first_day);
	db_bind_int64(st, 3, first_day);
	while ((rc = db_step(st, err)) == 1) {
		struct tariff *t;
		XGROW(*out, alloc, *n + 1);
		t = &(*out)[(*n)++];
		memset(t, 0, sizeof(*t));
		t->id = db_col_int64(st, 0);
		t->contract_id = db_col_int64(st, 1);
		t->item_id = db_col_int64(st, 2);
		snprintf(t->item_name, sizeof(t->item_name), "%s", db_col_text(st, 3));
		t->basis_area = !strcmp(db_col_text(st, 4), "area");
		t->rate = db_col_int64(st, 5);
		cycle_parse(db_col_text(st, 6), &t->cycle);
		t->due_day = (int)db_col_int64(st, 7);
		t->vacant_pct = (int)db_col_int64(st, 8);
		snprintf(t->unit_type, sizeof(t->unit_type), "%s", db_col_text(st, 9));
		read_terms(st, 10, &t->terms);
	}
	db_finalize(st);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

static int terms_query(struct db *db, const char *sql, int64_t a, int64_t b, int nparams,
		       struct contract_terms *out, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	out->late_cap_pct = 100;
	out->to = DATE_MAX;
	if (db_cached(db, &st, sql, err) < 0)
		return -1;
	db_bind_int64(st, 1, a);
	if (nparams > 1)
		db_bind_int64(st, 2, b);
	rc = db_step(st, err);
	if (rc == 1)
		read_terms(st, 0, out);
	db_finalize(st);
	return rc < 0 ? -1 : rc;
}

int contract_terms_on(struct db *db, int64_t project_id, int day, struct contract_terms *out, struct buf *err)
{
	int rc = terms_query(db, "SELECT id, from_day, to_day, late_daily_ppm, late_grace_days, late_cap_pct "
			     "FROM contract WHERE project_id = ? AND from_day <= ? ORDER BY from_day DESC, id DESC LIMIT 1",
			     project_id, day, 2, out, err);
	return rc < 0 ? -1 : 0;
}

int contract_terms_get(struct db *db, int64_t contract_id, struct contract_terms *out, struct buf *err)
{
	int rc = terms_query(db, "SELECT id, from_day, to_day, late_daily_ppm, late_grace_days, late_cap_pct "
			     "FROM contract WHERE id = ?", contract_id, 0, 1, out, err);
	if (rc == 0)
		return error(err, _("unknown contract %lld"), (long long)contract_id);
	return rc < 0 ? -1 : 0;
}
