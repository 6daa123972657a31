/* unit_search.c: finding units by room, owner name or phone; one unit's card. */
#include "core/unit_search.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/money.h"
#include "base/str.h"
#include "core/phone.h"
#include "core/unit.h"

static json_t *date_json(int day)
{
	char s[11];

	if (day == DATE_MIN)
		return json_null();
	date_format(day, s);
	return json_string(s);
}

/* What people type on a phone: full-width ASCII (０-９, Ａ-Ｚ, －) and dashes of other
 * widths become ASCII; the ideographic space a space. */
static void normalize(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && (p[2] & 0xC0) == 0x80) {
			unsigned cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				buf_addch(out, (int)(cp - 0xFEE0));
				p += 3;
				continue;
			}
		}
		if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 */
			buf_addch(out, ' ');
			p += 3;
			continue;
		}
		if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x90 || p[2] == 0x91 || p[2] == 0x93 || p[2] == 0x94)) {
			buf_addch(out, '-'); /* ‐ ‑ – — */
			p += 3;
			continue;
		}
		buf_addch(out, *p++);
	}
	buf_trim(out);
}

static int is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

const char *unit_search_split(const char *query, char *code, size_t ncode)
{
	const char *slash = strchr(query, '/');
	size_t n;

	code[0] = '\0';
	if (!slash)
		return query;
	n = (size_t)(slash - query);
	while (n && query[n - 1] == ' ')
		n--;
	while (n && *query == ' ') {
		query++;
		n--;
	}
	if (n >= ncode)
		n = ncode - 1;
	memcpy(code, query, n);
	code[n] = '\0';
	return slash + 1;
}

/* ---- collecting hits ---- */

struct hits {
	json_t *list;
	int limit, more;
};

static int seen(const struct hits *h, int64_t id)
{
	size_t i;
	json_t *x;

	json_array_foreach(h->list, i, x)
		if (json_integer_value(json_object_get(x, "id")) == id)
			return 1;
	return 0;
}

/* The owners of the unit on `day` (the rows of its latest ownership change), with
 * their phones. */
static int owners_json(struct db *db, int64_t unit_id, int day, int mask, int full, json_t **out, struct buf *err)
{
	struct db_stmt *st, *ph;
	struct buf masked = BUF_INIT;
	json_t *list = json_array();
	int rc;

	*out = NULL;
	if (db_cached(db, &st, "SELECT p.id, p.name, p.kind, p.email, p.workplace, o.from_day FROM ownership o "
		      "JOIN party p ON p.id = o.party_id WHERE o.unit_id = ? AND o.from_day = (SELECT MAX(o2.from_day) "
		      "FROM ownership o2 WHERE o2.unit_id = ? AND o2.from_day <= ?) ORDER BY o.seq", err) < 0)
		goto fail;
	db_bind_int64(st, 1, unit_id);
	db_bind_int64(st, 2, unit_id);
	db_bind_int64(st, 3, day);
	while ((rc = db_step(st, err)) == 1) {
		int64_t party = db_col_int64(st, 0);
		json_t *o = json_object(), *phones = json_array();
		json_object_set_new(o, "name", json_string(db_col_text(st, 1)));
		json_object_set_new(o, "phones", phones);
		if (full) {
			json_object_set_new(o, "party_id", json_integer(party));
			json_object_set_new(o, "kind", json_string(db_col_text(st, 2)));
			json_object_set_new(o, "email", json_string(db_col_text(st, 3)));
			json_object_set_new(o, "workplace", json_string(db_col_text(st, 4)));
			json_object_set_new(o, "since", date_json((int)db_col_int64(st, 5)));
		}
		json_array_append_new(list, o);
		if (db_cached(db, &ph, "SELECT phone FROM party_phone WHERE party_id = ? ORDER BY seq", err) < 0) {
			db_reset(st);
			goto fail;
		}
		db_bind_int64(ph, 1, party);
		while ((rc = db_step(ph, err)) == 1) {
			const char *phone = db_col_text(ph, 0);
			if (mask) {
				phone_mask(phone, &masked);
				phone = masked.buf;
			}
			json_array_append_new(phones, json_string(phone));
		}
		db_reset(ph);
		if (rc < 0)
			break;
		if (full) {
			json_t *tags = json_array();
			json_object_set_new(o, "tags", tags);
			if (db_cached(db, &ph, "SELECT tag FROM party_tag WHERE party_id = ? ORDER BY "
				      "CASE tag WHEN 'key' THEN 0 WHEN 'care' THEN 1 ELSE 2 END", err) < 0) {
				rc = -1;
				break;
			}
			db_bind_int64(ph, 1, party);
			while ((rc = db_step(ph, err)) == 1)
				json_array_append_new(tags, json_string(db_col_text(ph, 0)));
			db_reset(ph);
			if (rc < 0)
				break;
		}
	}
	db_reset(st);
	if (rc < 0)
		goto fail;
	buf_release(&masked);
	*out = list;
	return 0;
fail:
	buf_release(&masked);
	json_decref(list);
	return -1;
}

/* Adds the unit to the hits (once), with what a list shows of it. */
static int add_hit(struct db *db, struct hits *h, int64_t unit_id, const char *matched, int day, int mask,
		   struct buf *err)
{
	struct db_stmt *st;
	struct buf name = BUF_INIT;
	json_t *hit, *owners;
	char state[16];
	int64_t open = 0;
	int rc;

	if (seen(h, unit_id))
		return 0;
	if ((int)json_array_size(h->list) >= h->limit) {
		h->more = 1;
		return 0;
	}
	if (db_cached(db, &st, "SELECT p.code, b.code, u.entrance, u.room, (SELECT COALESCE(SUM(o.open_fen), 0) "
		      "FROM bill_open o WHERE o.unit_id = u.id), COALESCE((SELECT s.state FROM unit_state s "
		      "WHERE s.unit_id = u.id AND s.from_day <= ? ORDER BY s.from_day DESC LIMIT 1), '') "
		      "FROM unit u JOIN building b ON b.id = u.building_id JOIN project p ON p.id = u.project_id "
		      "WHERE u.id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, day);
	db_bind_int64(st, 2, unit_id);
	rc = db_step(st, err);
	if (rc == 1) {
		unit_name_format(&name, db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3));
		open = db_col_int64(st, 4);
		snprintf(state, sizeof(state), "%s", db_col_text(st, 5));
	}
	db_reset(st);
	if (rc != 1) {
		buf_release(&name);
		return rc < 0 ? -1 : 0;
	}
	if (owners_json(db, unit_id, day, mask, 0, &owners, err) < 0) {
		buf_release(&name);
		return -1;
	}
	hit = json_object();
	json_object_set_new(hit, "id", json_integer(unit_id));
	json_object_set_new(hit, "unit", json_string(name.buf));
	json_object_set_new(hit, "state", json_string(state));
	json_object_set_new(hit, "owners", owners);
	json_object_set_new(hit, "open_fen", json_integer(open));
	json_object_set_new(hit, "matched", json_string(matched));
	json_array_append_new(h->list, hit);
	buf_release(&name);
	return 0;
}

/* Runs a query whose rows are unit ids (bound by bind) and adds each. */
static int add_rows(struct db *db, struct hits *h, struct db_stmt *st, const char *matched, int day, int mask,
		    struct buf *err)
{
	int64_t ids[64];
	int n = 0, rc = 0;

	/* read the ids first: add_hit uses statements of its own */
	while (n < (int)(sizeof(ids) / sizeof(ids[0])) && (rc = db_step(st, err)) == 1)
		ids[n++] = db_col_int64(st, 0);
	if (n < (int)(sizeof(ids) / sizeof(ids[0])) && rc < 0) {
		db_finalize(st);
		return -1;
	}
	db_finalize(st);
	for (int i = 0; i < n; i++)
		if (add_hit(db, h, ids[i], matched, day, mask, err) < 0)
			return -1;
	return 0;
}

/* "3-2-1201", "3-1201", "1201" */
static int search_room(struct db *db, int64_t project_id, const char *q, struct hits *h, int day, int mask,
		       struct buf *err)
{
	struct db_stmt *st;
	int dashes = 0;

	for (const char *p = q; *p; p++)
		dashes += *p == '-';
	if (dashes >= 2) {
		struct unit_name un;
		struct buf full = BUF_INIT;
		int rc;
		buf_addf(&full, "X/%s", q);
		rc = unit_name_parse(full.buf, &un);
		buf_release(&full);
		if (rc < 0)
			return 0;
		if (db_prepare(db, &st, "SELECT u.id FROM building b JOIN unit u ON u.building_id = b.id "
			       "WHERE b.project_id = ? AND b.code = ? AND u.entrance = ? AND u.room = ?", err) < 0)
			return -1;
		db_bind_int64(st, 1, project_id);
		db_bind_text(st, 2, un.building);
		db_bind_text(st, 3, un.entrance);
		db_bind_text(st, 4, un.room);
	} else if (dashes == 1) {
		const char *dash = strchr(q, '-');
		char building[64];
		size_t n = (size_t)(dash - q);
		if (!n || n >= sizeof(building) || !dash[1])
			return 0;
		memcpy(building, q, n);
		building[n] = '\0';
		if (db_prepare(db, &st, "SELECT u.id FROM building b JOIN unit u ON u.building_id = b.id "
			       "WHERE b.project_id = ? AND b.code = ? AND u.room = ? ORDER BY u.entrance LIMIT ?", err) < 0)
			return -1;
		db_bind_int64(st, 1, project_id);
		db_bind_text(st, 2, building);
		db_bind_text(st, 3, dash + 1);
		db_bind_int64(st, 4, h->limit + 1);
	} else {
		if (db_prepare(db, &st, "SELECT u.id FROM unit u JOIN building b ON b.id = u.building_id "
			       "WHERE u.project_id = ? AND u.room = ? ORDER BY LENGTH(b.code), b.code, u.entrance LIMIT ?", err) < 0)
			return -1;
		db_bind_int64(st, 1, project_id);
		db_bind_text(st, 2, q);
		db_bind_int64(st, 3, h->limit + 1);
	}
	return add_rows(db, h, st, "room", day, mask, err);
}

/* Any part of a current owner's name or phone number (kind "name" or "phone"): one range
 * of owner_search (see 006_units_web.sql), then whether the owner still owns the unit. */
static int search_terms(struct db *db, int64_t project_id, const char *q, const char *kind, struct hits *h, int day,
			int mask, struct buf *err)
{
	struct db_stmt *st;
	struct buf pattern = BUF_INIT;
	int rc;

	buf_addch(&pattern, '%');
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_addch(&pattern, '\\');
		buf_addch(&pattern, *p);
	}
	buf_addch(&pattern, '%');
	if (db_prepare(db, &st, "SELECT s.unit_id FROM owner_search s WHERE s.project_id = ? AND s.kind = ? "
		       "AND s.term LIKE ? ESCAPE '\\' "
		       "AND EXISTS (SELECT 1 FROM ownership o WHERE o.unit_id = s.unit_id AND o.party_id = s.party_id "
		       "AND o.from_day = (SELECT MAX(o2.from_day) FROM ownership o2 WHERE o2.unit_id = s.unit_id "
		       "AND o2.from_day <= ?)) GROUP BY s.unit_id ORDER BY s.unit_id LIMIT ?", err) < 0) {
		buf_release(&pattern);
		return -1;
	}
	db_bind_int64(st, 1, project_id);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, pattern.buf);
	db_bind_int64(st, 4, day);
	db_bind_int64(st, 5, h->limit + 1);
	rc = add_rows(db, h, st, kind, day, mask, err);
	buf_release(&pattern);
	return rc;
}

int unit_search(struct db *db, int64_t project_id, const char *query, int day, int mask_phones, int limit,
		json_t **out, int *more, struct buf *err)
{
	struct buf q = BUF_INIT, compact = BUF_INIT;
	struct hits h = { json_array(), limit > 0 && limit < 60 ? limit : 60, 0 };
	int roomlike = 1, digits = 1, rc = 0;

	*out = NULL;
	*more = 0;
	normalize(&q, query);
	for (const char *p = q.buf; *p; p++)
		if (*p != ' ')
			buf_addch(&compact, *p);
	if (!compact.len || !utf8_valid(q.buf, q.len))
		goto done;
	for (const char *p = compact.buf; *p; p++) {
		if (!is_alnum(*p) && *p != '-')
			roomlike = 0;
		if (*p < '0' || *p > '9')
			digits = 0;
	}
	if (roomlike && compact.len <= 64)
		rc = search_room(db, project_id, compact.buf, &h, day, mask_phones, err);
	/* a full page of rooms already: more of them (or owners) would not be shown */
	if (!rc && h.more)
		goto done;
	if (!rc && digits && compact.len >= 4)
		rc = search_terms(db, project_id, compact.buf, "phone", &h, day, mask_phones, err);
	if (!rc && !digits && strchr(compact.buf, '-') == NULL)
		rc = search_terms(db, project_id, q.buf, "name", &h, day, mask_phones, err);
done:
	buf_release(&q);
	buf_release(&compact);
	if (rc < 0) {
		json_decref(h.list);
		return -1;
	}
	*out = h.list;
	*more = h.more;
	return 0;
}

/* ---- one unit ---- */

static int contacts_json(struct db *db, int64_t unit_id, int day, int mask, json_t **out, struct buf *err)
{
	struct db_stmt *st, *ph;
	struct buf masked = BUF_INIT;
	json_t *list = json_array();
	int rc;

	*out = NULL;
	if (db_prepare(db, &st, "SELECT c.role, p.name, c.from_day, c.to_day, p.id FROM unit_contact c "
		       "JOIN party p ON p.id = c.party_id WHERE c.unit_id = ? AND c.from_day <= ? "
		       "AND (c.to_day IS NULL OR c.to_day >= ?) ORDER BY c.id", err) < 0)
		goto fail;
	db_bind_int64(st, 1, unit_id);
	db_bind_int64(st, 2, day);
	db_bind_int64(st, 3, day);
	while ((rc = db_step(st, err)) == 1) {
		json_t *phones = json_array();
		json_array_append_new(list, json_pack("{s:s,s:s,s:o,s:o,s:o}", "role", db_col_text(st, 0), "name",
						      db_col_text(st, 1), "phones", phones, "from",
						      date_json((int)db_col_int64(st, 2)), "to",
						      date_json(db_col_is_null(st, 3) ? DATE_MIN : (int)db_col_int64(st, 3))));
		if (db_cached(db, &ph, "SELECT phone FROM party_phone WHERE party_id = ? ORDER BY seq", err) < 0) {
			rc = -1;
			break;
		}
		db_bind_int64(ph, 1, db_col_int64(st, 4));
		while ((rc = db_step(ph, err)) == 1) {
			const char *phone = db_col_text(ph, 0);
			if (mask) {
				phone_mask(phone, &masked);
				phone = masked.buf;
			}
			json_array_append_new(phones, json_string(phone));
		}
		db_reset(ph);
		if (rc < 0)
			break;
	}
	db_finalize(st);
	if (rc < 0)
		goto fail;
	buf_release(&masked);
	*out = list;
	return 0;
fail:
	buf_release(&masked);
	json_decref(list);
	return -1;
}

int unit_card_json(struct db *db, int64_t unit_id, int day, int mask_phones, json_t **out, struct buf *err)
{
	struct db_stmt *st;
	struct buf name = BUF_INIT, area = BUF_INIT;
	json_t *o = NULL, *part;
	int64_t project_id = 0, payer = 0, case_id = 0;
	int rc;

	*out = NULL;
	if (db_prepare(db, &st, "SELECT p.id, p.code, p.name, b.code, u.entrance, u.floor, u.room, u.area, u.inner_area, "
		       "u.type FROM unit u JOIN building b ON b.id = u.building_id JOIN project p ON p.id = u.project_id "
		       "WHERE u.id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, unit_id);
	rc = db_step(st, err);
	if (rc == 1) {
		o = json_object();
		project_id = db_col_int64(st, 0);
		unit_name_format(&name, db_col_text(st, 1), db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 6));
		json_object_set_new(o, "id", json_integer(unit_id));
		json_object_set_new(o, "unit", json_string(name.buf));
		json_object_set_new(o, "project", json_string(db_col_text(st, 1)));
		json_object_set_new(o, "project_name", json_string(db_col_text(st, 2)));
		json_object_set_new(o, "building", json_string(db_col_text(st, 3)));
		json_object_set_new(o, "entrance", json_string(db_col_text(st, 4)));
		json_object_set_new(o, "floor", json_string(db_col_text(st, 5)));
		json_object_set_new(o, "room", json_string(db_col_text(st, 6)));
		buf_add_decimal(&area, db_col_int64(st, 7), 2);
		json_object_set_new(o, "area_m2", json_string(area.buf));
		if (db_col_is_null(st, 8)) {
			json_object_set_new(o, "inner_area_m2", json_null());
		} else {
			buf_reset(&area);
			buf_add_decimal(&area, db_col_int64(st, 8), 2);
			json_object_set_new(o, "inner_area_m2", json_string(area.buf));
		}
		json_object_set_new(o, "type", json_string(unit_type_label(db_col_text(st, 9))));
	}
	db_finalize(st);
	buf_release(&name);
	buf_release(&area);
	if (rc != 1)
		return rc < 0 ? -1 : error(err, "unknown unit %lld", (long long)unit_id);

	if (db_prepare(db, &st, "SELECT state, from_day FROM unit_state WHERE unit_id = ? AND from_day <= ? "
		       "ORDER BY from_day DESC LIMIT 1", err) < 0)
		goto fail;
	db_bind_int64(st, 1, unit_id);
	db_bind_int64(st, 2, day);
	rc = db_step(st, err);
	json_object_set_new(o, "state", json_string(rc == 1 ? db_col_text(st, 0) : ""));
	json_object_set_new(o, "state_since", date_json(rc == 1 ? (int)db_col_int64(st, 1) : DATE_MIN));
	db_finalize(st);
	if (rc < 0)
		goto fail;

	if (owners_json(db, unit_id, day, mask_phones, 1, &part, err) < 0)
		goto fail;
	json_object_set_new(o, "owners", part);
	if (contacts_json(db, unit_id, day, mask_phones, &part, err) < 0)
		goto fail;
	json_object_set_new(o, "contacts", part);

	/* the payer and the payer's case (as case_json finds it) */
	rc = db_run(db, &payer, err, "SELECT party_id FROM ownership WHERE unit_id = ? AND seq = 0 AND from_day <= ? "
		    "ORDER BY from_day DESC LIMIT 1", "ii", unit_id, (int64_t)day);
	if (rc < 0)
		goto fail;
	if (payer && (rc = db_run(db, &case_id, err, "SELECT id FROM dun_case WHERE project_id = ? AND payer_id = ? "
				  "ORDER BY state = 'closed', id DESC LIMIT 1", "ii", project_id, payer)) < 0)
		goto fail;
	json_object_set_new(o, "payer_id", json_integer(payer));
	json_object_set_new(o, "case_id", json_integer(case_id));
	*out = o;
	return 0;
fail:
	json_decref(o);
	return -1;
}
