/* unit.c: unit names, states, owners and the unit listing. */
#include "core/unit.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/hashmap.h"
#include "base/i18n.h"
#include "base/money.h"
#include "core/phone.h"

const char *const unit_states[] = { "undelivered", "vacant", "decorating", "occupied", NULL };

static const struct { const char *code, *label; } state_labels[] = {
	{ "undelivered", "未交付" }, { "vacant", "空置" }, { "decorating", "装修中" }, { "occupied", "已入住" },
};

/* Other words spreadsheets use for the same states. */
static const struct { const char *label, *code; } state_aliases[] = {
	{ "入住", "occupied" }, { "已住", "occupied" }, { "自住", "occupied" }, { "出租", "occupied" },
	{ "空置房", "vacant" }, { "空房", "vacant" }, { "未入住", "vacant" }, { "已交付", "vacant" },
	{ "已交房", "vacant" }, { "未交房", "undelivered" }, { "未交", "undelivered" },
	{ "装修", "decorating" }, { "在装修", "decorating" },
};

static const struct { const char *code, *label; } type_labels[] = {
	{ "residential", "住宅" }, { "shop", "商铺" }, { "parking", "车位" },
};

static const struct { const char *label, *code; } type_aliases[] = {
	{ "住房", "residential" }, { "公寓", "residential" }, { "别墅", "residential" }, { "洋房", "residential" },
	{ "商业", "shop" }, { "门面", "shop" }, { "底商", "shop" }, { "车库", "parking" }, { "停车位", "parking" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *unit_state_label(const char *state)
{
	for (size_t i = 0; i < COUNT(state_labels); i++)
		if (!strcmp(state, state_labels[i].code))
			return state_labels[i].label;
	return state;
}

const char *unit_state_from_label(const char *label)
{
	for (size_t i = 0; i < COUNT(state_labels); i++)
		if (!strcmp(label, state_labels[i].label) || !strcmp(label, state_labels[i].code))
			return state_labels[i].code;
	for (size_t i = 0; i < COUNT(state_aliases); i++)
		if (!strcmp(label, state_aliases[i].label))
			return state_aliases[i].code;
	return NULL;
}

int unit_state_valid(const char *state)
{
	for (int i = 0; unit_states[i]; i++)
		if (!strcmp(state, unit_states[i]))
			return 1;
	return 0;
}

const char *unit_type_label(const char *type)
{
	for (size_t i = 0; i < COUNT(type_labels); i++)
		if (!strcmp(type, type_labels[i].code))
			return type_labels[i].label;
	return type;
}

const char *unit_type_from_label(const char *label)
{
	for (size_t i = 0; i < COUNT(type_labels); i++)
		if (!strcmp(label, type_labels[i].label) || !strcmp(label, type_labels[i].code))
			return type_labels[i].code;
	for (size_t i = 0; i < COUNT(type_aliases); i++)
		if (!strcmp(label, type_aliases[i].label))
			return type_aliases[i].code;
	return NULL;
}

int unit_name_parse(const char *s, struct unit_name *out)
{
	const char *slash = strchr(s, '/'), *rest, *d2, *d1;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!slash || slash == s || (size_t)(slash - s) >= sizeof(out->project))
		return -1;
	memcpy(out->project, s, (size_t)(slash - s));
	rest = slash + 1;
	/* the room and the entrance are the last two '-' separated parts; a building code
	 * may itself contain '-' */
	d2 = strrchr(rest, '-');
	if (!d2)
		return -1;
	d1 = d2;
	while (d1 > rest && d1[-1] != '-')
		d1--;
	if (d1 == rest)
		return -1;
	d1--; /* the '-' before the entrance */
	n = (size_t)(d1 - rest);
	if (!n || n >= sizeof(out->building))
		return -1;
	memcpy(out->building, rest, n);
	n = (size_t)(d2 - d1 - 1);
	if (n >= sizeof(out->entrance))
		return -1;
	memcpy(out->entrance, d1 + 1, n);
	n = strlen(d2 + 1);
	if (!n || n >= sizeof(out->room))
		return -1;
	memcpy(out->room, d2 + 1, n);
	return 0;
}

void unit_name_format(struct buf *out, const char *project, const char *building,
		      const char *entrance, const char *room)
{
	buf_addf(out, "%s/%s-%s-%s", project, building, entrance, room);
}

int unit_find(struct db *db, const char *name, int64_t *unit_id, int64_t *project_id, struct buf *err)
{
	struct unit_name un;
	struct db_stmt *st;
	int rc;

	if (unit_name_parse(name, &un) < 0)
		return error(err, _("'%s' is not a unit name (expected PROJECT/BUILDING-ENTRANCE-ROOM, e.g. HY/3-2-1201)"), name);
	/* project, then building, then unit: each step a unique index (asked the other way
	 * round, the planner would walk every unit of the project) */
	if (db_cached(db, &st, "SELECT u.id, p.id FROM project p JOIN building b ON b.project_id = p.id "
		      "JOIN unit u ON u.building_id = b.id "
		      "WHERE p.code = ? AND b.code = ? AND u.entrance = ? AND u.room = ?", err) < 0)
		return -1;
	db_bind_text(st, 1, un.project);
	db_bind_text(st, 2, un.building);
	db_bind_text(st, 3, un.entrance);
	db_bind_text(st, 4, un.room);
	rc = db_step(st, err);
	if (rc == 1) {
		*unit_id = db_col_int64(st, 0);
		if (project_id)
			*project_id = db_col_int64(st, 1);
	}
	db_finalize(st);
	if (rc == 0)
		return error(err, _("unknown unit '%s'"), name);
	return rc < 0 ? -1 : 0;
}

int unit_name_of(struct db *db, int64_t unit_id, struct buf *out, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	if (db_cached(db, &st, "SELECT p.code, b.code, u.entrance, u.room FROM unit u JOIN building b ON b.id = u.building_id "
		      "JOIN project p ON p.id = u.project_id WHERE u.id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, unit_id);
	rc = db_step(st, err);
	if (rc == 1)
		unit_name_format(out, db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3));
	db_finalize(st);
	if (rc == 0)
		return error(err, _("unknown unit %lld"), (long long)unit_id);
	return rc < 0 ? -1 : 0;
}

int unit_state_on(struct db *db, int64_t unit_id, int day, char out[16], struct buf *err)
{
	struct db_stmt *st;
	int rc;

	out[0] = '\0';
	if (db_prepare(db, &st, "SELECT state FROM unit_state WHERE unit_id = ? AND from_day <= ? "
		       "ORDER BY from_day DESC LIMIT 1", err) < 0)
		return -1;
	db_bind_int64(st, 1, unit_id);
	db_bind_int64(st, 2, day);
	rc = db_step(st, err);
	if (rc == 1)
		snprintf(out, 16, "%s", db_col_text(st, 0));
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

int unit_set_state(struct db *db, int64_t unit_id, const char *state, int from, struct buf *err)
{
	int rc;

	if (!unit_state_valid(state))
		return error(err, _("unknown state '%s' (expected undelivered, vacant, decorating or occupied)"), state);
	rc = db_run(db, NULL, err, "INSERT INTO unit_state (unit_id, from_day, state, recorded_at) VALUES (?, ?, ?, ?)",
		    "iiti", unit_id, (int64_t)from, state, (int64_t)time(NULL));
	if (rc == DB_CONFLICT) {
		char d[11];
		date_format(from, d);
		return error(err, _("the unit already has a state recorded from %s"), d);
	}
	return rc < 0 ? -1 : 0;
}

int unit_payer_on(struct db *db, int64_t unit_id, int day, int64_t *party_id, struct buf *err)
{
	int rc = db_run(db, party_id, err,
			"SELECT party_id FROM ownership WHERE unit_id = ? AND seq = 0 AND from_day <= ? "
			"ORDER BY from_day DESC LIMIT 1", "ii", unit_id, (int64_t)day);

	if (rc == 0)
		return error(err, _("the unit has no owner on that day"));
	return rc < 0 ? -1 : 0;
}

int unit_transfer(struct db *db, int64_t unit_id, int64_t party_id, int from, struct buf *err)
{
	int rc = db_run(db, NULL, err, "INSERT INTO ownership (unit_id, from_day, seq, party_id, recorded_at) "
			"VALUES (?, ?, 0, ?, ?)", "iiii", unit_id, (int64_t)from, party_id, (int64_t)time(NULL));

	if (rc == DB_CONFLICT)
		return error(err, _("the unit already changed hands on that day"));
	return rc < 0 ? -1 : 0;
}

static void key_of(int64_t id, char key[8])
{
	memcpy(key, &id, 8);
}

/* party id -> index into a JSON array of phone lists */
static int load_phones(struct db *db, int64_t project_id, int day, int mask, struct hashmap *map,
		       json_t *lists, struct buf *err)
{
	struct db_stmt *st;
	struct buf masked = BUF_INIT;
	int rc;

	if (db_prepare(db, &st,
		       "SELECT pp.party_id, pp.phone FROM party_phone pp WHERE pp.party_id IN ("
		       " SELECT o.party_id FROM ownership o JOIN unit u ON u.id = o.unit_id"
		       " WHERE u.project_id = ? AND o.from_day <= ?) ORDER BY pp.party_id, pp.seq", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, day);
	while ((rc = db_step(st, err)) == 1) {
		char key[8];
		int64_t idx;
		const char *phone = db_col_text(st, 1);

		key_of(db_col_int64(st, 0), key);
		if (!hashmap_get(map, key, 8, &idx)) {
			idx = (int64_t)json_array_size(lists);
			json_array_append_new(lists, json_array());
			hashmap_put(map, key, 8, idx);
		}
		if (mask) {
			phone_mask(phone, &masked);
			phone = masked.buf;
		}
		json_array_append_new(json_array_get(lists, (size_t)idx), json_string(phone));
	}
	db_finalize(st);
	buf_release(&masked);
	return rc < 0 ? -1 : 0;
}

const char *party_tag_label(const char *tag)
{
	return !strcmp(tag, "key") ? "重点户" : !strcmp(tag, "care") ? "关怀" : !strcmp(tag, "attention") ? "重点关注" : tag;
}

/* unit id -> JSON array of its owners on `day` */
static int load_owners(struct db *db, int64_t project_id, int day, int mask, struct hashmap *map,
		       json_t *lists, struct buf *err)
{
	struct hashmap phone_map = HASHMAP_INIT, tag_map = HASHMAP_INIT;
	json_t *phone_lists = json_array(), *tag_lists = json_array();
	struct db_stmt *st = NULL;
	int rc;

	if (load_phones(db, project_id, day, mask, &phone_map, phone_lists, err) < 0) {
		rc = -1;
		goto cleanup;
	}
	if ((rc = db_prepare(db, &st,
			     "SELECT t.party_id, t.tag FROM party_tag t WHERE t.party_id IN ("
			     " SELECT o.party_id FROM ownership o JOIN unit u ON u.id = o.unit_id"
			     " WHERE u.project_id = ?) ORDER BY t.party_id,"
			     " CASE t.tag WHEN 'key' THEN 0 WHEN 'care' THEN 1 ELSE 2 END", err)) < 0)
		goto cleanup;
	db_bind_int64(st, 1, project_id);
	while ((rc = db_step(st, err)) == 1) {
		char key[8];
		int64_t idx;
		key_of(db_col_int64(st, 0), key);
		if (!hashmap_get(&tag_map, key, 8, &idx)) {
			idx = (int64_t)json_array_size(tag_lists);
			json_array_append_new(tag_lists, json_array());
			hashmap_put(&tag_map, key, 8, idx);
		}
		json_array_append_new(json_array_get(tag_lists, (size_t)idx), json_string(party_tag_label(db_col_text(st, 1))));
	}
	db_finalize(st);
	st = NULL;
	if (rc < 0)
		goto cleanup;
	if ((rc = db_prepare(db, &st,
			     "SELECT o.unit_id, p.id, p.name, p.kind, p.email, p.workplace, p.wechat, p.address FROM ownership o"
			     " JOIN unit u ON u.id = o.unit_id JOIN party p ON p.id = o.party_id"
			     " WHERE u.project_id = ? AND o.from_day = (SELECT MAX(o2.from_day) FROM ownership o2"
			     "  WHERE o2.unit_id = o.unit_id AND o2.from_day <= ?)"
			     " ORDER BY o.unit_id, o.seq", err)) < 0)
		goto cleanup;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, day);
	while ((rc = db_step(st, err)) == 1) {
		char key[8], pkey[8];
		int64_t idx, pidx;
		json_t *owner = json_object(), *phones, *tags;

		key_of(db_col_int64(st, 0), key);
		key_of(db_col_int64(st, 1), pkey);
		if (!hashmap_get(map, key, 8, &idx)) {
			idx = (int64_t)json_array_size(lists);
			json_array_append_new(lists, json_array());
			hashmap_put(map, key, 8, idx);
		}
		phones = hashmap_get(&phone_map, pkey, 8, &pidx) ? json_copy(json_array_get(phone_lists, (size_t)pidx))
								  : json_array();
		tags = hashmap_get(&tag_map, pkey, 8, &pidx) ? json_copy(json_array_get(tag_lists, (size_t)pidx))
							     : json_array();
		json_object_set_new(owner, "name", json_string(db_col_text(st, 2)));
		json_object_set_new(owner, "phones", phones);
		json_object_set_new(owner, "kind", json_string(db_col_text(st, 3)));
		json_object_set_new(owner, "email", json_string(db_col_text(st, 4)));
		json_object_set_new(owner, "workplace", json_string(db_col_text(st, 5)));
		json_object_set_new(owner, "wechat", json_string(db_col_text(st, 6)));
		json_object_set_new(owner, "address", json_string(db_col_text(st, 7)));
		json_object_set_new(owner, "tags", tags);
		json_array_append_new(json_array_get(lists, (size_t)idx), owner);
	}
cleanup:
	db_finalize(st);
	hashmap_clear(&phone_map);
	hashmap_clear(&tag_map);
	json_decref(phone_lists);
	json_decref(tag_lists);
	return rc < 0 ? -1 : 0;
}

int unit_list(struct db *db, int64_t project_id, const char *building, const char *state,
	      int day, int mask_phones, json_t **out, struct buf *err)
{
	struct hashmap owner_map = HASHMAP_INIT;
	json_t *owner_lists = json_array(), *list = json_array();
	struct db_stmt *st = NULL;
	struct buf name = BUF_INIT, area = BUF_INIT;
	int rc;

	*out = NULL;
	if ((rc = load_owners(db, project_id, day, mask_phones, &owner_map, owner_lists, err)) < 0)
		goto cleanup;
	if ((rc = db_prepare(db, &st,
			     "SELECT u.id, p.code, b.code, u.entrance, u.room, u.floor, u.area, u.inner_area, u.type,"
			     " (SELECT s.state FROM unit_state s WHERE s.unit_id = u.id AND s.from_day <= ?"
			     "  ORDER BY s.from_day DESC LIMIT 1),"
			     " (SELECT MIN(s.from_day) FROM unit_state s WHERE s.unit_id = u.id AND s.state <> 'undelivered'"
			     "  AND s.from_day > ?),"
			     " (SELECT MIN(s.from_day) FROM unit_state s WHERE s.unit_id = u.id AND s.state = 'occupied'"
			     "  AND s.from_day > ?)"
			     " FROM unit u JOIN building b ON b.id = u.building_id JOIN project p ON p.id = u.project_id"
			     " WHERE u.project_id = ? AND (? = '' OR b.code = ?)"
			     " ORDER BY LENGTH(b.code), b.code, u.entrance, LENGTH(u.room), u.room", err)) < 0)
		goto cleanup;
	db_bind_int64(st, 1, day);
	db_bind_int64(st, 2, DATE_MIN);
	db_bind_int64(st, 3, DATE_MIN);
	db_bind_int64(st, 4, project_id);
	db_bind_text(st, 5, building ? building : "");
	db_bind_text(st, 6, building ? building : "");
	while ((rc = db_step(st, err)) == 1) {
		const char *ustate = db_col_text(st, 9);
		json_t *u, *owners;
		char key[8], d[11];
		int64_t idx;

		if (state && strcmp(state, ustate))
			continue;
		u = json_object();
		buf_reset(&name);
		unit_name_format(&name, db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4));
		json_object_set_new(u, "id", json_integer(db_col_int64(st, 0)));
		json_object_set_new(u, "unit", json_string(name.buf));
		json_object_set_new(u, "building", json_string(db_col_text(st, 2)));
		json_object_set_new(u, "entrance", json_string(db_col_text(st, 3)));
		json_object_set_new(u, "room", json_string(db_col_text(st, 4)));
		json_object_set_new(u, "floor", json_string(db_col_text(st, 5)));
		buf_reset(&area);
		buf_add_decimal(&area, db_col_int64(st, 6), 2);
		json_object_set_new(u, "area_m2", json_string(area.buf));
		if (!db_col_is_null(st, 7)) {
			buf_reset(&area);
			buf_add_decimal(&area, db_col_int64(st, 7), 2);
			json_object_set_new(u, "inner_area_m2", json_string(area.buf));
		} else {
			json_object_set_new(u, "inner_area_m2", json_null());
		}
		json_object_set_new(u, "type", json_string(unit_type_label(db_col_text(st, 8))));
		json_object_set_new(u, "state", json_string(ustate));
		date_format(db_col_is_null(st, 10) ? DATE_MIN : (int)db_col_int64(st, 10), d);
		json_object_set_new(u, "handover", d[0] ? json_string(d) : json_null());
		date_format(db_col_is_null(st, 11) ? DATE_MIN : (int)db_col_int64(st, 11), d);
		json_object_set_new(u, "movein", d[0] ? json_string(d) : json_null());
		key_of(db_col_int64(st, 0), key);
		owners = hashmap_get(&owner_map, key, 8, &idx) ? json_incref(json_array_get(owner_lists, (size_t)idx))
							       : json_array();
		json_object_set_new(u, "owners", owners);
		json_array_append_new(list, u);
	}
	if (rc == 0) {
		*out = list;
		list = NULL;
	}
cleanup:
	db_finalize(st);
	hashmap_clear(&owner_map);
	json_decref(owner_lists);
	json_decref(list);
	buf_release(&name);
	buf_release(&area);
	return rc < 0 ? -1 : 0;
}
