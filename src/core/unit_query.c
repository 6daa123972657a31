/* unit_query.c: a page of units found by room, owner or phone; one unit with owners. */
#include "core/unit_query.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/money.h"
#include "base/xalloc.h"
#include "core/phone.h"
#include "core/unit.h"

static json_t *day_or_null(struct db_stmt *st, int col)
{
	char d[11];

	date_format(db_col_is_null(st, col) ? DATE_MIN : (int)db_col_int64(st, col), d);
	return d[0] ? json_string(d) : json_null();
}

static json_t *area_json(struct db_stmt *st, int col)
{
	struct buf b = BUF_INIT;
	json_t *v;

	if (db_col_is_null(st, col))
		return json_null();
	buf_add_decimal(&b, db_col_int64(st, col), 2);
	v = json_string(b.buf);
	buf_release(&b);
	return v;
}

/* One party's phone numbers (masked when asked) and tags, as JSON arrays. */
static int party_lists(struct db *db, int64_t party_id, int mask, json_t *phones, json_t *tags, struct buf *err)
{
	struct db_stmt *st;
	struct buf masked = BUF_INIT;
	int rc;

	if (db_cached(db, &st, "SELECT phone FROM party_phone WHERE party_id = ? ORDER BY seq", err) < 0)
		return -1;
	db_bind_int64(st, 1, party_id);
	while ((rc = db_step(st, err)) == 1) {
		if (mask)
			phone_mask(db_col_text(st, 0), &masked);
		json_array_append_new(phones, json_string(mask ? masked.buf : db_col_text(st, 0)));
	}
	db_reset(st);
	buf_release(&masked);
	if (rc < 0 || db_cached(db, &st, "SELECT tag FROM party_tag WHERE party_id = ? "
				"ORDER BY CASE tag WHEN 'key' THEN 0 WHEN 'care' THEN 1 ELSE 2 END", err) < 0)
		return -1;
	db_bind_int64(st, 1, party_id);
	while ((rc = db_step(st, err)) == 1)
		json_array_append_new(tags, json_string(party_tag_label(db_col_text(st, 0))));
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* The unit's owners on `day` (the ownership rows of the latest from_day), payer first. */
static int owners_json(struct db *db, int64_t unit_id, int day, int mask, json_t *owners, struct buf *err)
{
	struct db_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, alloc = 0;
	int rc;

	if (db_cached(db, &st, "SELECT p.id, p.name, p.kind, p.email, p.workplace, p.wechat, p.address FROM ownership o "
		      "JOIN party p ON p.id = o.party_id WHERE o.unit_id = ? AND o.from_day = (SELECT MAX(o2.from_day) "
		      "FROM ownership o2 WHERE o2.unit_id = ? AND o2.from_day <= ?) ORDER BY o.seq", err) < 0)
		return -1;
	db_bind_int64(st, 1, unit_id);
	db_bind_int64(st, 2, unit_id);
	db_bind_int64(st, 3, day);
	while ((rc = db_step(st, err)) == 1) {
		XGROW(ids, alloc, n + 1);
		ids[n++] = db_col_int64(st, 0);
		json_array_append_new(owners, json_pack("{s:s,s:[],s:s,s:s,s:s,s:s,s:s,s:[]}", "name", db_col_text(st, 1),
							"phones", "kind", db_col_text(st, 2), "email", db_col_text(st, 3),
							"workplace", db_col_text(st, 4), "wechat", db_col_text(st, 5),
							"address", db_col_text(st, 6), "tags"));
	}
	db_reset(st);
	/* the numbers and tags after the owners' loop: one cached statement each */
	for (size_t i = 0; rc == 0 && i < n; i++) {
		json_t *o = json_array_get(owners, i);
		if (party_lists(db, ids[i], mask, json_object_get(o, "phones"), json_object_get(o, "tags"), err) < 0)
			rc = -1;
	}
	free(ids);
	return rc < 0 ? -1 : 0;
}

int unit_json(struct db *db, int64_t unit_id, int day, int mask_phones, json_t **out, struct buf *err)
{
	struct db_stmt *st;
	struct buf name = BUF_INIT;
	json_t *u = NULL;
	int rc;

	*out = NULL;
	if (db_cached(db, &st, "SELECT u.id, p.code, b.code, u.entrance, u.room, u.floor, u.area, u.inner_area, u.type, "
		      "(SELECT s.state FROM unit_state s WHERE s.unit_id = u.id AND s.from_day <= ? "
		      "ORDER BY s.from_day DESC LIMIT 1), "
		      "(SELECT MIN(s.from_day) FROM unit_state s WHERE s.unit_id = u.id AND s.state <> 'undelivered' "
		      "AND s.from_day > ?), "
		      "(SELECT MIN(s.from_day) FROM unit_state s WHERE s.unit_id = u.id AND s.state = 'occupied' "
		      "AND s.from_day > ?) "
		      "FROM unit u JOIN building b ON b.id = u.building_id JOIN project p ON p.id = u.project_id "
		      "WHERE u.id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, day);
	db_bind_int64(st, 2, DATE_MIN);
	db_bind_int64(st, 3, DATE_MIN);
	db_bind_int64(st, 4, unit_id);
	rc = db_step(st, err);
	if (rc == 1) {
		unit_name_format(&name, db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4));
		u = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:o,s:o,s:[]}", "id", (json_int_t)unit_id,
			      "unit", name.buf, "building", db_col_text(st, 2), "entrance", db_col_text(st, 3), "room",
			      db_col_text(st, 4), "floor", db_col_text(st, 5), "area_m2", area_json(st, 6), "inner_area_m2",
			      area_json(st, 7), "type", unit_type_label(db_col_text(st, 8)), "state", db_col_text(st, 9),
			      "handover", day_or_null(st, 10), "movein", day_or_null(st, 11), "owners");
	}
	db_reset(st);
	buf_release(&name);
	if (rc == 0)
		return error(err, "unknown unit %lld", (long long)unit_id);
	if (rc < 0 || owners_json(db, unit_id, day, mask_phones, json_object_get(u, "owners"), err) < 0) {
		json_decref(u);
		return -1;
	}
	*out = u;
	return 0;
}

/* '%' + s with LIKE's wildcards escaped + '%' */
static void like_pattern(struct buf *out, const char *s)
{
	buf_addch(out, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_addch(out, '\\');
		buf_addch(out, *s);
	}
	buf_addch(out, '%');
}

/* The digits of a phone number as typed ("138 0013-8000", "+86 138…"), or "" when the
 * text is not one (letters, or fewer than 3 digits). */
static void phone_digits(struct buf *out, const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			buf_addch(out, *p);
		else if (*p != ' ' && *p != '-' && *p != '+') {
			buf_reset(out);
			return;
		}
	}
	if (out->len == 13 && !strncmp(out->buf, "86", 2)) {
		memmove(out->buf, out->buf + 2, 12);
		buf_setlen(out, 11);
	}
	if (out->len < 3)
		buf_reset(out);
}

/* What matches: the project, building, state on the day, and the text in the unit's
 * name, a present owner's name or one of their numbers (landlines without their '-'). */
#define UNIT_MATCH                                                                                              \
	" FROM unit u JOIN building b ON b.id = u.building_id WHERE u.project_id = ? AND (? = '' OR b.code = ?)"   \
	" AND (? = '' OR COALESCE((SELECT s.state FROM unit_state s WHERE s.unit_id = u.id AND s.from_day <= ?" \
	"  ORDER BY s.from_day DESC LIMIT 1), '') = ?)"                                                            \
	" AND (? = '' OR (b.code || '-' || u.entrance || '-' || u.room) LIKE ? ESCAPE '\\'"                       \
	"  OR EXISTS (SELECT 1 FROM ownership o JOIN party pa ON pa.id = o.party_id WHERE o.unit_id = u.id"        \
	"   AND o.from_day = (SELECT MAX(o2.from_day) FROM ownership o2 WHERE o2.unit_id = u.id AND o2.from_day <= ?)" \
	"   AND (pa.name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM party_phone pp WHERE pp.party_id = pa.id"     \
	"    AND REPLACE(pp.phone, '-', '') LIKE ?))))"

static void bind_match(struct db_stmt *st, const struct unit_query *q, int day, const char *text, const char *unit_pat,
		       const char *name_pat, const char *phone_pat)
{
	db_bind_int64(st, 1, q->project_id);
	db_bind_text(st, 2, q->building ? q->building : "");
	db_bind_text(st, 3, q->building ? q->building : "");
	db_bind_text(st, 4, q->state ? q->state : "");
	db_bind_int64(st, 5, day);
	db_bind_text(st, 6, q->state ? q->state : "");
	db_bind_text(st, 7, text);
	db_bind_text(st, 8, unit_pat);
	db_bind_int64(st, 9, day);
	db_bind_text(st, 10, name_pat);
	db_bind_text_or_null(st, 11, *phone_pat ? phone_pat : NULL);
}

int unit_query_page(struct db *db, const struct unit_query *q, int day, int mask_phones, json_t **units, int64_t *total,
		struct buf *err)
{
	struct buf text = BUF_INIT, unit_pat = BUF_INIT, name_pat = BUF_INIT, digits = BUF_INIT, phone_pat = BUF_INIT;
	struct db_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, alloc = 0;
	json_t *list = NULL;
	const char *slash;
	int rc;

	*units = NULL;
	*total = 0;
	buf_adds(&text, q->text ? q->text : "");
	buf_trim(&text);
	/* "HY/3-2-1201": the part after the project's code names the unit */
	slash = strrchr(text.buf, '/');
	like_pattern(&unit_pat, slash ? slash + 1 : text.buf);
	like_pattern(&name_pat, text.buf);
	phone_digits(&digits, text.buf);
	if (digits.len)
		like_pattern(&phone_pat, digits.buf);

	if ((rc = db_cached(db, &st, "SELECT COUNT(*)" UNIT_MATCH, err)) < 0)
		goto cleanup;
	bind_match(st, q, day, text.buf, unit_pat.buf, name_pat.buf, phone_pat.buf);
	if ((rc = db_step(st, err)) == 1)
		*total = db_col_int64(st, 0);
	db_reset(st);
	if (rc < 0 || (rc = db_cached(db, &st, "SELECT u.id" UNIT_MATCH " ORDER BY LENGTH(b.code), b.code, u.entrance, "
				      "LENGTH(u.room), u.room, u.id LIMIT ? OFFSET ?", err)) < 0)
		goto cleanup;
	bind_match(st, q, day, text.buf, unit_pat.buf, name_pat.buf, phone_pat.buf);
	db_bind_int64(st, 12, q->limit);
	db_bind_int64(st, 13, q->offset);
	while ((rc = db_step(st, err)) == 1) {
		XGROW(ids, alloc, n + 1);
		ids[n++] = db_col_int64(st, 0);
	}
	db_reset(st);
	if (rc < 0)
		goto cleanup;
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *u;
		if ((rc = unit_json(db, ids[i], day, mask_phones, &u, err)) < 0)
			goto cleanup;
		json_array_append_new(list, u);
	}
	*units = list;
	list = NULL;
cleanup:
	json_decref(list);
	free(ids);
	buf_release(&text);
	buf_release(&unit_pat);
	buf_release(&name_pat);
	buf_release(&digits);
	buf_release(&phone_pat);
	return rc < 0 ? -1 : 0;
}
