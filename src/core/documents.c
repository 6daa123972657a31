/* documents.c: the content of the printed documents (payment notice, demand, lawyer
 * letter, statement, receipt, public notice), as JSON for src/doc to render. */
#include "core/documents.h"

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
#include "base/hashmap.h"
#include "core/bills.h"
#include "core/cases.h"
#include "core/payment.h"
#include "core/project.h"
#include "core/receipt.h"
#include "core/unit.h"

static json_t *date_json(int day)
{
	char s[11];

	if (day == DATE_MIN || day == DATE_MAX)
		return json_null();
	date_format(day, s);
	return json_string(s);
}

/* A name part gets its Chinese word unless it already ends with one. */
static void add_part(struct buf *out, const char *part, const char *const *ends, const char *word)
{
	if (!*part)
		return;
	buf_adds(out, part);
	for (int i = 0; ends[i]; i++)
		if (str_ends_with(part, ends[i]))
			return;
	buf_adds(out, word);
}

void doc_unit_label(struct buf *out, const char *building, const char *entrance, const char *room)
{
	static const char *const b_ends[] = { "栋", "楼", "座", "幢", "号", NULL };
	static const char *const e_ends[] = { "单元", NULL };
	static const char *const r_ends[] = { "室", "号", "铺", "位", NULL };

	add_part(out, building, b_ends, "栋");
	add_part(out, entrance, e_ends, "单元");
	add_part(out, room, r_ends, "室");
}

/* Units in the order a steward walks them: building, entrance, room, numbers as numbers. */
static int unit_order(const char *b1, const char *e1, const char *r1, const char *b2, const char *e2, const char *r2)
{
	int c = strverscmp(b1, b2);

	if (!c)
		c = strverscmp(e1, e2);
	if (!c)
		c = strverscmp(r1, r2);
	return c;
}

int doc_issuer_json(struct db *db, int64_t project_id, json_t **out, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	*out = NULL;
	if (db_cached(db, &st, "SELECT code, name, office_phone, address FROM project WHERE id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	rc = db_step(st, err);
	if (rc == 1) {
		struct buf issuer = BUF_INIT;
		/* the office that signs: the project's service centre (物业服务中心) */
		buf_adds(&issuer, db_col_text(st, 1));
		if (!str_ends_with(issuer.buf, "物业服务中心") && !str_ends_with(issuer.buf, "管理处"))
			buf_adds(&issuer, "物业服务中心");
		*out = json_pack("{s:s,s:s,s:s,s:s,s:s}", "code", db_col_text(st, 0), "project", db_col_text(st, 1),
				 "issuer", issuer.buf, "phone", db_col_text(st, 2), "address", db_col_text(st, 3));
		buf_release(&issuer);
	}
	db_reset(st);
	if (rc == 0)
		return error(err, "unknown project %lld", (long long)project_id);
	return rc < 0 ? -1 : 0;
}

struct unit_info {
	int64_t id, project_id;
	char name[160];
	char label[160];
	char building[64], entrance[32], room[32];
	char area[24];
};

static int unit_info(struct db *db, int64_t unit_id, struct unit_info *u, struct buf *err)
{
	struct db_stmt *st;
	struct buf b = BUF_INIT;
	int rc;

	memset(u, 0, sizeof(*u));
	if (db_cached(db, &st, "SELECT u.project_id, p.code, b.code, u.entrance, u.room, u.area FROM unit u "
		      "JOIN building b ON b.id = u.building_id JOIN project p ON p.id = u.project_id WHERE u.id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, unit_id);
	rc = db_step(st, err);
	if (rc == 1) {
		u->id = unit_id;
		u->project_id = db_col_int64(st, 0);
		snprintf(u->building, sizeof(u->building), "%s", db_col_text(st, 2));
		snprintf(u->entrance, sizeof(u->entrance), "%s", db_col_text(st, 3));
		snprintf(u->room, sizeof(u->room), "%s", db_col_text(st, 4));
		unit_name_format(&b, db_col_text(st, 1), u->building, u->entrance, u->room);
		snprintf(u->name, sizeof(u->name), "%s", b.buf);
		buf_reset(&b);
		doc_unit_label(&b, u->building, u->entrance, u->room);
		snprintf(u->label, sizeof(u->label), "%s", b.buf);
		buf_reset(&b);
		buf_add_decimal(&b, db_col_int64(st, 5), 2);
		snprintf(u->area, sizeof(u->area), "%s", b.buf);
	}
	db_reset(st);
	buf_release(&b);
	if (rc == 0)
		return error(err, "unknown unit %lld", (long long)unit_id);
	return rc < 0 ? -1 : 0;
}

static int party_name(struct db *db, int64_t party_id, char *out, size_t n, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	if (db_cached(db, &st, "SELECT name FROM party WHERE id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, party_id);
	rc = db_step(st, err);
	snprintf(out, n, "%s", rc == 1 ? db_col_text(st, 0) : "");
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static void pay_link(const struct case_ctx *cx, int64_t payer_id, json_t *o)
{
	struct buf link = BUF_INIT;

	case_pay_link(cx, payer_id, &link);
	json_object_set_new(o, "pay_link", json_string(link.buf));
	buf_release(&link);
}

/* ---- demands ---- */

/* The payer's units with something open in the project, in walking order. */
static int payer_units(struct db *db, int64_t project_id, int64_t payer_id, struct unit_info **out, size_t *n,
		       struct buf *err)
{
	struct db_stmt *st;
	int64_t *ids = NULL;
	size_t count = 0, alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (db_cached(db, &st, "SELECT DISTINCT unit_id FROM bill_open WHERE project_id = ? AND payer_id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, payer_id);
	while ((rc = db_step(st, err)) == 1) {
		XGROW(ids, alloc, count + 1);
		ids[count++] = db_col_int64(st, 0);
	}
	db_reset(st);
	if (rc < 0) {
		free(ids);
		return -1;
	}
	*out = count ? xcalloc(count, sizeof(**out)) : NULL;
	for (size_t i = 0; i < count; i++)
		if (unit_info(db, ids[i], &(*out)[i], err) < 0) {
			free(ids);
			free(*out);
			*out = NULL;
			return -1;
		}
	free(ids);
	/* insertion sort: a payer has a handful of units */
	for (size_t i = 1; i < count; i++)
		for (size_t k = i; k > 0; k--) {
			struct unit_info *a = &(*out)[k - 1], *b = &(*out)[k], tmp;
			if (unit_order(a->building, a->entrance, a->room, b->building, b->entrance, b->room) <= 0)
				break;
			tmp = *a;
			*a = *b;
			*b = tmp;
		}
	*n = count;
	return 0;
}

/* The demand to one payer (see documents.h); *out NULL when nothing is overdue. */
static int payer_demand(struct db *db, const struct case_ctx *cx, json_t *issuer, int64_t payer_id,
			const struct case_row *k, int day, json_t **out, struct buf *err)
{
	struct unit_info *units = NULL;
	size_t nunits = 0;
	char name[128];
	json_t *o = NULL, *bills = NULL, *unit_names = NULL, *unit_labels = NULL, *terms = json_null();
	int64_t overdue = 0, late = 0;
	int oldest = DATE_MAX, terms_due = DATE_MIN;

	*out = NULL;
	if (party_name(db, payer_id, name, sizeof(name), err) < 0 ||
	    payer_units(db, cx->project_id, payer_id, &units, &nunits, err) < 0)
		goto fail;
	bills = json_array();
	unit_names = json_array();
	unit_labels = json_array();
	for (size_t u = 0; u < nunits; u++) {
		struct bill_state *b = NULL;
		size_t n = 0;
		int listed = 0;
		if (bills_load_unit(db, units[u].id, day, &b, &n, err) < 0)
			goto fail;
		for (size_t i = 0; i < n; i++) {
			int64_t fee;
			if (b[i].payer_id != payer_id || b[i].open <= 0 || b[i].due >= day)
				continue;
			fee = bill_latefee_uncharged(&b[i]);
			json_array_append_new(bills, json_pack("{s:s,s:s,s:s,s:s,s:o,s:I,s:I,s:i,s:I}", "unit", units[u].name,
							       "unit_label", units[u].label, "item", b[i].item, "period",
							       b[i].period, "due", date_json(b[i].due), "amount_fen",
							       (json_int_t)b[i].amount, "open_fen", (json_int_t)b[i].open,
							       "overdue_days", b[i].overdue_days, "late_fee_fen", (json_int_t)fee));
			overdue += b[i].open;
			late += fee;
			if (b[i].due < oldest)
				oldest = b[i].due;
			/* the terms of the latest contract that sets a late fee */
			if (b[i].terms.daily_ppm > 0 && b[i].terms.cap_pct > 0 && b[i].due >= terms_due) {
				terms_due = b[i].due;
				json_decref(terms);
				terms = json_pack("{s:I,s:i,s:i}", "daily_ppm", (json_int_t)b[i].terms.daily_ppm, "grace_days",
						  b[i].terms.grace_days, "cap_pct", b[i].terms.cap_pct);
			}
			listed = 1;
		}
		bills_free(b, n);
		if (listed) {
			json_array_append_new(unit_names, json_string(units[u].name));
			json_array_append_new(unit_labels, json_string(units[u].label));
		}
	}
	if (!overdue) {
		json_decref(bills);
		json_decref(unit_names);
		json_decref(unit_labels);
		json_decref(terms);
		free(units);
		return 0;
	}
	o = json_object();
	json_object_set(o, "issuer", issuer);
	json_object_set_new(o, "day", date_json(day));
	json_object_set_new(o, "case_id", json_integer(k ? k->id : 0));
	json_object_set_new(o, "payer", json_string(name));
	json_object_set_new(o, "payer_id", json_integer(payer_id));
	json_object_set_new(o, "units", unit_names);
	json_object_set_new(o, "unit_labels", unit_labels);
	json_object_set_new(o, "bills", bills);
	json_object_set_new(o, "overdue_fen", json_integer(overdue));
	json_object_set_new(o, "late_fee_fen", json_integer(late));
	json_object_set_new(o, "oldest_due", date_json(oldest));
	json_object_set_new(o, "overdue_days", json_integer(day - oldest));
	json_object_set_new(o, "late_terms", terms);
	json_object_set_new(o, "deadline", date_json(day + cx->policy.notice_deadline_days));
	json_object_set_new(o, "deadline_days", json_integer(cx->policy.notice_deadline_days));
	json_object_set_new(o, "notice_delivered", date_json(k ? k->notice_day : DATE_MIN));
	json_object_set_new(o, "law_firm", json_string(cx->policy.law_firm));
	pay_link(cx, payer_id, o);
	free(units);
	*out = o;
	return 0;
fail:
	json_decref(bills);
	json_decref(unit_names);
	json_decref(unit_labels);
	json_decref(terms);
	free(units);
	return -1;
}

/* The developer's account (开发商) pays for the units not handed over; that is settled
 * between companies, not by demands addressed to an owner. */
static int is_developer(struct db *db, int64_t party_id)
{
	int64_t n = 0;

	db_run(db, &n, NULL, "SELECT COUNT(*) FROM party WHERE id = ? AND kind = 'developer'", "i", party_id);
	return n > 0;
}

int doc_demand_json(struct db *db, int64_t unit_id, int day, json_t **out, struct buf *err)
{
	struct unit_info u;
	struct case_ctx cx;
	struct case_row k;
	json_t *issuer = NULL;
	int64_t payer_id;
	int rc, has_case;

	*out = NULL;
	if (unit_info(db, unit_id, &u, err) < 0 || unit_payer_on(db, unit_id, day, &payer_id, err) < 0)
		return -1;
	if (case_ctx_open(&cx, db, u.project_id, day, err) < 0) {
		case_ctx_close(&cx);
		return -1;
	}
	rc = -1;
	if (is_developer(db, payer_id)) {
		error(err, _("%s is not handed over: its fees are the developer's, settled with the developer, not by a demand"),
		      u.name);
		goto out;
	}
	if ((has_case = case_find_open(db, u.project_id, payer_id, &k, err)) < 0 || doc_issuer_json(db, u.project_id, &issuer, err) < 0 ||
	    payer_demand(db, &cx, issuer, payer_id, has_case ? &k : NULL, day, out, err) < 0)
		goto out;
	if (!*out) {
		char name[128];
		if (party_name(db, payer_id, name, sizeof(name), err) == 0)
			error(err, _("%s (the payer of %s) has no overdue bills"), name, u.name);
		goto out;
	}
	rc = 0;
out:
	json_decref(issuer);
	case_ctx_close(&cx);
	return rc;
}

struct candidate {
	struct case_row k;
	char building[64], entrance[32], room[32];
	int in_building;
};

static int candidate_cmp(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	int c = unit_order(x->building, x->entrance, x->room, y->building, y->entrance, y->room);

	return c ? c : (x->k.id > y->k.id) - (x->k.id < y->k.id);
}

/* Demands to the payers of the project's cases that are open (lawyer 0) or at the
 * lawyer step (lawyer 1). */
static int demands(struct db *db, int64_t project_id, const char *building, int day, int limit, int lawyer,
		   json_t **out, struct buf *err)
{
	struct case_row *cases = NULL;
	struct candidate *cand = NULL;
	size_t ncases = 0, ncand = 0;
	struct case_ctx cx;
	struct db_stmt *st;
	json_t *issuer = NULL, *list = json_array();
	int rc = -1;

	*out = NULL;
	if (case_ctx_open(&cx, db, project_id, day, err) < 0 || doc_issuer_json(db, project_id, &issuer, err) < 0 ||
	    case_list_open(db, project_id, &cases, &ncases, err) < 0)
		goto out;
	cand = ncases ? xcalloc(ncases, sizeof(*cand)) : NULL;
	for (size_t i = 0; i < ncases; i++) {
		if (lawyer ? cases[i].step != STEP_LAWYER : cases[i].state != CASE_OPEN)
			continue;
		if (is_developer(db, cases[i].payer_id))
			continue;
		cand[ncand++].k = cases[i];
	}
	/* each payer's first unit in arrears (and whether one is in the building asked for) */
	if (db_prepare(db, &st, "SELECT DISTINCT o.payer_id, b.code, u.entrance, u.room FROM bill_open o "
		       "JOIN unit u ON u.id = o.unit_id JOIN building b ON b.id = u.building_id "
		       "WHERE o.project_id = ? AND o.due_day < ?", err) < 0)
		goto out;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, day);
	{
		struct hashmap index = HASHMAP_INIT;
		int64_t idx;
		for (size_t i = 0; i < ncand; i++)
			hashmap_put(&index, (const char *)&cand[i].k.payer_id, 8, (int64_t)i);
		while ((rc = db_step(st, err)) == 1) {
			int64_t payer = db_col_int64(st, 0);
			struct candidate *c;
			const char *b = db_col_text(st, 1), *e = db_col_text(st, 2), *r = db_col_text(st, 3);
			if (!hashmap_get(&index, (const char *)&payer, 8, &idx))
				continue;
			c = &cand[idx];
			if (building && !strcmp(building, b))
				c->in_building = 1;
			if (!c->building[0] || unit_order(b, e, r, c->building, c->entrance, c->room) < 0) {
				snprintf(c->building, sizeof(c->building), "%s", b);
				snprintf(c->entrance, sizeof(c->entrance), "%s", e);
				snprintf(c->room, sizeof(c->room), "%s", r);
			}
		}
		hashmap_clear(&index);
	}
	db_finalize(st);
	if (rc < 0)
		goto out;
	if (ncand)
		qsort(cand, ncand, sizeof(*cand), candidate_cmp);
	rc = -1;
	for (size_t i = 0; i < ncand; i++) {
		json_t *o;
		if (!cand[i].building[0] || (building && !cand[i].in_building))
			continue;
		if (payer_demand(db, &cx, issuer, cand[i].k.payer_id, &cand[i].k, day, &o, err) < 0)
			goto out;
		if (!o)
			continue;
		json_array_append_new(list, o);
		if (limit > 0 && json_array_size(list) >= (size_t)limit)
			break;
	}
	*out = list;
	list = NULL;
	rc = 0;
out:
	json_decref(list);
	json_decref(issuer);
	free(cases);
	free(cand);
	case_ctx_close(&cx);
	return rc;
}

int doc_demands_json(struct db *db, int64_t project_id, const char *building, int day, int limit, json_t **out,
		     struct buf *err)
{
	return demands(db, project_id, building, day, limit, 0, out, err);
}

int doc_lawyer_letters_json(struct db *db, int64_t project_id, int day, json_t **out, struct buf *err)
{
	return demands(db, project_id, NULL, day, 0, 1, out, err);
}

int doc_record_printed(struct db *db, json_t *list, const char *step, int64_t staff_id, int day, struct buf *err)
{
	struct db_stmt *st;
	struct buf detail = BUF_INIT;
	json_t *o;
	size_t i;
	int64_t now = (int64_t)time(NULL);
	int rc = 0;

	if (db_cached(db, &st, "INSERT INTO case_event (case_id, day, kind, step, detail, staff_id, created_at) "
		      "VALUES (?, ?, 'printed', ?, ?, ?, ?)", err) < 0)
		return -1;
	json_array_foreach(list, i, o) {
		int64_t case_id = json_integer_value(json_object_get(o, "case_id"));
		if (!case_id)
			continue;
		buf_reset(&detail);
		buf_adds(&detail, !strcmp(step, "lawyer") ? "律师函已打印：欠费" : "催缴通知书已打印：欠费");
		buf_add_yuan(&detail, json_integer_value(json_object_get(o, "overdue_fen")));
		buf_addf(&detail, "，缴费期限%s（送达后记录送达回执）", json_string_value(json_object_get(o, "deadline")));
		db_bind_int64(st, 1, case_id);
		db_bind_int64(st, 2, day);
		db_bind_text(st, 3, step);
		db_bind_text(st, 4, detail.buf);
		if (staff_id)
			db_bind_int64(st, 5, staff_id);
		else
			db_bind_null(st, 5);
		db_bind_int64(st, 6, now);
		rc = db_step(st, err);
		db_reset(st);
		if (rc < 0)
			break;
	}
	buf_release(&detail);
	return rc < 0 ? -1 : 0;
}

/* ---- payment notice, statement ---- */

/* The unit, its payer, the issuer and the pay link: what the unit's documents share. */
static int unit_doc(struct db *db, int64_t unit_id, int day, struct unit_info *u, int64_t *payer_id, json_t **out,
		    struct buf *err)
{
	struct case_ctx cx;
	char name[128];
	json_t *issuer;

	*out = NULL;
	if (unit_info(db, unit_id, u, err) < 0 || unit_payer_on(db, unit_id, day, payer_id, err) < 0 ||
	    party_name(db, *payer_id, name, sizeof(name), err) < 0 || doc_issuer_json(db, u->project_id, &issuer, err) < 0)
		return -1;
	if (case_ctx_open(&cx, db, u->project_id, day, err) < 0) {
		case_ctx_close(&cx);
		json_decref(issuer);
		return -1;
	}
	*out = json_pack("{s:o,s:o,s:s,s:s,s:s,s:s}", "issuer", issuer, "day", date_json(day), "unit", u->name,
			 "unit_label", u->label, "area_m2", u->area, "payer", name);
	pay_link(&cx, *payer_id, *out);
	case_ctx_close(&cx);
	return 0;
}

/* What of the payer's payments on the unit is still prepaid on `day`. */
static int prepaid_on(struct db *db, int64_t unit_id, int64_t payer_id, int day, int64_t *fen, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	*fen = 0;
	if (db_cached(db, &st,
		      "SELECT COALESCE(SUM(y.amount_fen - COALESCE((SELECT SUM(a.amount_fen) FROM allocation a"
		      " WHERE a.payment_id = y.id AND a.day <= ?), 0) - COALESCE((SELECT SUM(f.amount_fen) FROM refund f"
		      " WHERE f.payment_id = y.id AND f.day <= ?), 0)), 0) FROM payment y WHERE y.unit_id = ? AND y.payer_id = ?"
		      " AND y.paid_day <= ? AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.payment_id = y.id)", err) < 0)
		return -1;
	db_bind_int64(st, 1, day);
	db_bind_int64(st, 2, day);
	db_bind_int64(st, 3, unit_id);
	db_bind_int64(st, 4, payer_id);
	db_bind_int64(st, 5, day);
	rc = db_step(st, err);
	if (rc == 1)
		*fen = db_col_int64(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int doc_payment_notice_json(struct db *db, int64_t unit_id, int day, json_t **out, struct buf *err)
{
	struct unit_info u;
	struct bill_state *b = NULL;
	size_t n = 0;
	int64_t payer_id, total = 0, late = 0, prepaid;
	int pay_by = DATE_MAX;
	json_t *o, *bills;

	*out = NULL;
	if (unit_doc(db, unit_id, day, &u, &payer_id, &o, err) < 0)
		return -1;
	if (bills_load_unit(db, unit_id, day, &b, &n, err) < 0 || prepaid_on(db, unit_id, payer_id, day, &prepaid, err) < 0) {
		bills_free(b, n);
		json_decref(o);
		return -1;
	}
	bills = json_array();
	for (size_t i = 0; i < n; i++) {
		if (b[i].payer_id != payer_id || b[i].open <= 0)
			continue;
		json_array_append_new(bills, json_pack("{s:s,s:s,s:o,s:s,s:I,s:I,s:I,s:i}", "item", b[i].item, "period",
						       b[i].period, "due", date_json(b[i].due), "explain",
						       b[i].explain ? b[i].explain : "", "amount_fen", (json_int_t)b[i].amount,
						       "paid_fen", (json_int_t)(b[i].paid + b[i].waived), "open_fen",
						       (json_int_t)b[i].open, "overdue_days", b[i].overdue_days));
		total += b[i].open;
		late += bill_latefee_uncharged(&b[i]);
		if (b[i].due >= day && b[i].due < pay_by)
			pay_by = b[i].due;
	}
	bills_free(b, n);
	if (!total) {
		json_decref(bills);
		json_decref(o);
		return error(err, _("%s has nothing to pay"), u.name);
	}
	json_object_set_new(o, "bills", bills);
	json_object_set_new(o, "total_fen", json_integer(total));
	json_object_set_new(o, "late_fee_fen", json_integer(late));
	json_object_set_new(o, "prepaid_fen", json_integer(prepaid));
	json_object_set_new(o, "pay_by", date_json(pay_by));
	*out = o;
	return 0;
}

int doc_statement_json(struct db *db, int64_t unit_id, int from, int day, json_t **out, struct buf *err)
{
	struct unit_info u;
	struct bill_state *b = NULL;
	struct db_stmt *st = NULL;
	size_t n = 0;
	int64_t payer_id, billed = 0, paid = 0, waived = 0, open = 0, late = 0, prepaid = 0;
	json_t *o, *bills, *payments = NULL, *byid;
	int rc;

	*out = NULL;
	if (unit_doc(db, unit_id, day, &u, &payer_id, &o, err) < 0)
		return -1;
	if (bills_load_unit(db, unit_id, day, &b, &n, err) < 0 || prepaid_on(db, unit_id, payer_id, day, &prepaid, err) < 0)
		goto fail;
	bills = json_array();
	json_object_set_new(o, "bills", bills);
	for (size_t i = 0; i < n; i++) {
		if (b[i].payer_id != payer_id || b[i].period_start > day || (b[i].due < from && b[i].open <= 0))
			continue;
		json_array_append_new(bills, json_pack("{s:s,s:s,s:o,s:I,s:I,s:I,s:I,s:i,s:I}", "item", b[i].item, "period",
						       b[i].period, "due", date_json(b[i].due), "amount_fen",
						       (json_int_t)b[i].amount, "paid_fen", (json_int_t)b[i].paid, "waived_fen",
						       (json_int_t)b[i].waived, "open_fen", (json_int_t)b[i].open, "overdue_days",
						       b[i].overdue_days, "late_fee_fen", (json_int_t)bill_latefee_uncharged(&b[i])));
		billed += b[i].amount;
		paid += b[i].paid;
		waived += b[i].waived;
		open += b[i].open;
		late += bill_latefee_uncharged(&b[i]);
	}

	/* the payer's payments on the unit in the period, each with what it settled */
	payments = json_array();
	byid = json_object();
	if (db_prepare(db, &st, "SELECT y.id, p.code, y.receipt_no, y.amount_fen, y.channel, y.paid_day,"
		       " (SELECT COUNT(*) FROM reversal r WHERE r.payment_id = y.id)"
		       " FROM payment y JOIN project p ON p.id = y.project_id"
		       " WHERE y.unit_id = ? AND y.payer_id = ? AND y.paid_day >= ? AND y.paid_day <= ? ORDER BY y.paid_day, y.id",
		       err) < 0)
		goto fail_p;
	db_bind_int64(st, 1, unit_id);
	db_bind_int64(st, 2, payer_id);
	db_bind_int64(st, 3, from);
	db_bind_int64(st, 4, day);
	while ((rc = db_step(st, err)) == 1) {
		char receipt[48], key[24];
		json_t *y;
		receipt_format(receipt, sizeof(receipt), db_col_text(st, 1), db_col_int64(st, 2));
		y = json_pack("{s:o,s:s,s:s,s:s,s:I,s:b,s:[]}", "day", date_json((int)db_col_int64(st, 5)), "receipt", receipt,
			      "channel", db_col_text(st, 4), "channel_label", payment_channel_label(db_col_text(st, 4)),
			      "amount_fen", (json_int_t)db_col_int64(st, 3), "reversed", db_col_int64(st, 6) > 0,
			      "allocations");
		snprintf(key, sizeof(key), "%lld", (long long)db_col_int64(st, 0));
		json_object_set(byid, key, y);
		json_array_append_new(payments, y);
	}
	db_finalize(st);
	st = NULL;
	if (rc < 0 || db_prepare(db, &st, "SELECT a.payment_id, i.name, b.period, a.amount_fen, a.day FROM allocation a"
				 " JOIN payment y ON y.id = a.payment_id JOIN bill b ON b.id = a.bill_id"
				 " JOIN fee_item i ON i.id = b.item_id WHERE y.unit_id = ? AND y.payer_id = ? AND y.paid_day >= ?"
				 " AND a.day <= ? ORDER BY a.id", err) < 0)
		goto fail_p;
	db_bind_int64(st, 1, unit_id);
	db_bind_int64(st, 2, payer_id);
	db_bind_int64(st, 3, from);
	db_bind_int64(st, 4, day);
	while ((rc = db_step(st, err)) == 1) {
		char key[24];
		json_t *y;
		snprintf(key, sizeof(key), "%lld", (long long)db_col_int64(st, 0));
		if (!(y = json_object_get(byid, key)))
			continue;
		json_array_append_new(json_object_get(y, "allocations"),
				      json_pack("{s:s,s:s,s:I,s:o}", "item", db_col_text(st, 1), "period", db_col_text(st, 2),
						"amount_fen", (json_int_t)db_col_int64(st, 3), "day",
						date_json((int)db_col_int64(st, 4))));
	}
	db_finalize(st);
	st = NULL;
	if (rc < 0)
		goto fail_p;
	json_decref(byid);
	bills_free(b, n);
	json_object_set_new(o, "from", date_json(from));
	json_object_set_new(o, "payments", payments);
	json_object_set_new(o, "billed_fen", json_integer(billed));
	json_object_set_new(o, "paid_fen", json_integer(paid));
	json_object_set_new(o, "waived_fen", json_integer(waived));
	json_object_set_new(o, "open_fen", json_integer(open));
	json_object_set_new(o, "prepaid_fen", json_integer(prepaid));
	json_object_set_new(o, "late_fee_fen", json_integer(late));
	json_object_set_new(o, "balance_fen", json_integer(prepaid - open));
	*out = o;
	return 0;
fail_p:
	db_finalize(st);
	json_decref(byid);
	json_decref(payments);
fail:
	bills_free(b, n);
	json_decref(o);
	return -1;
}

/* ---- receipt ---- */

int doc_receipt_json(struct db *db, const char *receipt_no, json_t **out, struct buf *err)
{
	struct project p;
	char code[32];
	int64_t no;
	json_t *r, *issuer;

	*out = NULL;
	if (receipt_json(db, receipt_no, &r, err) < 0)
		return -1;
	if (receipt_parse(receipt_no, code, sizeof(code), &no) < 0 || project_find(db, code, &p, err) < 0 ||
	    doc_issuer_json(db, p.id, &issuer, err) < 0) {
		json_decref(r);
		return -1;
	}
	json_object_set_new(r, "issuer", issuer);
	json_object_set_new(r, "channel_label", json_string(payment_channel_label(json_string_value(json_object_get(r, "channel")))));
	*out = r;
	return 0;
}

/* ---- public notice ---- */

struct pn_row {
	char building[64], entrance[32], room[32];
	int64_t overdue;
	int oldest;
};

static int pn_cmp(const void *a, const void *b)
{
	const struct pn_row *x = a, *y = b;

	return unit_order(x->building, x->entrance, x->room, y->building, y->entrance, y->room);
}

int doc_public_notice_json(struct db *db, int64_t project_id, int min_days, int day, json_t **out, struct buf *err)
{
	struct policy pol;
	struct db_stmt *st;
	struct pn_row *rows = NULL;
	size_t n = 0, alloc = 0;
	struct buf label = BUF_INIT;
	json_t *o, *units, *issuer;
	int64_t total = 0;
	int rc;

	*out = NULL;
	if (policy_get(db, project_id, &pol, err) < 0 || doc_issuer_json(db, project_id, &issuer, err) < 0)
		return -1;
	/* overdue per unit; no party's name or number is even read */
	if (db_prepare(db, &st, "SELECT b.code, u.entrance, u.room, SUM(o.open_fen), MIN(o.due_day) FROM bill_open o "
		       "JOIN unit u ON u.id = o.unit_id JOIN building b ON b.id = u.building_id "
		       "JOIN party pa ON pa.id = o.payer_id WHERE o.project_id = ? AND o.due_day < ? AND pa.kind = 'person' "
		       "GROUP BY u.id, b.code, u.entrance, u.room HAVING MIN(o.due_day) <= ?", err) < 0) {
		json_decref(issuer);
		return -1;
	}
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, day);
	db_bind_int64(st, 3, (int64_t)day - min_days);
	while ((rc = db_step(st, err)) == 1) {
		struct pn_row *r;
		if (db_col_int64(st, 3) <= 0 || db_col_int64(st, 3) < pol.min_arrears_fen)
			continue;
		XGROW(rows, alloc, n + 1);
		r = &rows[n++];
		snprintf(r->building, sizeof(r->building), "%s", db_col_text(st, 0));
		snprintf(r->entrance, sizeof(r->entrance), "%s", db_col_text(st, 1));
		snprintf(r->room, sizeof(r->room), "%s", db_col_text(st, 2));
		r->overdue = db_col_int64(st, 3);
		r->oldest = (int)db_col_int64(st, 4);
	}
	db_finalize(st);
	if (rc < 0) {
		free(rows);
		json_decref(issuer);
		return -1;
	}
	if (n)
		qsort(rows, n, sizeof(*rows), pn_cmp);
	units = json_array();
	for (size_t i = 0; i < n; i++) {
		buf_reset(&label);
		doc_unit_label(&label, rows[i].building, rows[i].entrance, rows[i].room);
		json_array_append_new(units, json_pack("{s:s,s:s,s:s,s:s,s:I,s:o,s:i}", "building", rows[i].building, "entrance",
						       rows[i].entrance, "room", rows[i].room, "unit_label", label.buf,
						       "overdue_fen", (json_int_t)rows[i].overdue, "oldest_due",
						       date_json(rows[i].oldest), "overdue_days", day - rows[i].oldest));
		total += rows[i].overdue;
	}
	free(rows);
	buf_release(&label);
	o = json_pack("{s:o,s:o,s:i,s:o,s:i,s:I}", "issuer", issuer, "day", date_json(day), "min_days", min_days, "units",
		      units, "count", (int)n, "total_fen", (json_int_t)total);
	*out = o;
	return 0;
}

int doc_public_notice_request(struct db *db, int64_t project_id, int min_days, int64_t staff_id, int day,
			      int64_t *request_id, int *approved, int *created, struct buf *err)
{
	struct db_stmt *st;
	struct buf reason = BUF_INIT;
	int rc = -1, found = 0;

	*request_id = 0;
	*approved = 0;
	*created = 0;
	/* the terms are in the reason: an approval covers the notice it was asked for */
	buf_addf(&reason, "张贴欠费公示：逾期%d天以上的房屋及欠费金额（仅列房号，不含姓名、电话）", min_days);
	if (db_prepare(db, &st, "SELECT r.id, d.approved, d.business_day FROM request r LEFT JOIN decision d "
		       "ON d.request_id = r.id WHERE r.project_id = ? AND r.kind = 'public_notice' AND r.reason = ? "
		       "ORDER BY r.id DESC", err) < 0)
		goto out;
	db_bind_int64(st, 1, project_id);
	db_bind_text(st, 2, reason.buf);
	while ((rc = db_step(st, err)) == 1) {
		if (db_col_is_null(st, 1)) {
			/* waiting for a decision: asking again would only make a second request */
			*request_id = db_col_int64(st, 0);
			found = 1;
			break;
		}
		if (db_col_int64(st, 1) == 1 && db_col_int64(st, 2) <= day && db_col_int64(st, 2) >= day - 30) {
			*request_id = db_col_int64(st, 0);
			*approved = 1;
			found = 1;
			break;
		}
	}
	db_finalize(st);
	if (rc < 0)
		goto out;
	if (!found) {
		rc = db_run(db, request_id, err, "INSERT INTO request (project_id, kind, amount_fen, reason, requested_by, "
			    "business_day, created_at) VALUES (?, 'public_notice', 0, ?, ?, ?, ?) RETURNING id", "itnii",
			    project_id, reason.buf, staff_id, (int64_t)day, (int64_t)time(NULL));
		if (rc != 1) {
			rc = -1;
			goto out;
		}
		*created = 1;
	}
	rc = 0;
out:
	buf_release(&reason);
	return rc < 0 ? -1 : 0;
}
