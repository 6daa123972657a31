/* unit_import.c: import the owners' register (业主档案) from .xlsx/.csv, all or nothing. */
#include "core/unit_import.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/hashmap.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/phone.h"
#include "core/project.h"
#include "core/unit.h"

enum col {
	C_BUILDING, C_ENTRANCE, C_FLOOR, C_ROOM, C_AREA, C_INNER, C_TYPE, C_STATE, C_OWNER,
	C_PHONE, C_EMAIL, C_WORKPLACE, C_HANDOVER, C_MOVEIN, C_TAGS, C_WECHAT, C_ADDRESS, C_NCOLS
};

static const char *const a_building[] = { "楼栋", "楼号", "楼栋号", "栋号", "楼宇", NULL };
static const char *const a_entrance[] = { "单元", "单元号", NULL };
static const char *const a_floor[] = { "楼层", "层", NULL };
static const char *const a_room[] = { "房号", "房间号", "室号", "门牌号", "房屋编号", NULL };
static const char *const a_area[] = { "建筑面积", "面积", NULL };
static const char *const a_inner[] = { "套内面积", NULL };
static const char *const a_type[] = { "房屋类型", "类型", "物业类型", NULL };
static const char *const a_state[] = { "状态", "房屋状态", NULL };
static const char *const a_owner[] = { "业主", "业主姓名", "姓名", "业主名称", NULL };
static const char *const a_phone[] = { "电话", "联系电话", "手机", "手机号", "手机号码", "联系方式", NULL };
static const char *const a_email[] = { "邮箱", "电子邮箱", "email", "e-mail", NULL };
static const char *const a_workplace[] = { "工作单位", "单位", NULL };
static const char *const a_handover[] = { "交房日期", "交付日期", NULL };
static const char *const a_movein[] = { "入住日期", NULL };
static const char *const a_tags[] = { "标签", NULL };
static const char *const a_wechat[] = { "微信", "微信号", NULL };
static const char *const a_address[] = { "通讯地址", "住址", "联系地址", NULL };

static const struct header_spec unit_spec[C_NCOLS] = {
	[C_BUILDING] = { a_building, 1 }, [C_ENTRANCE] = { a_entrance, 0 }, [C_FLOOR] = { a_floor, 0 },
	[C_ROOM] = { a_room, 1 }, [C_AREA] = { a_area, 1 }, [C_INNER] = { a_inner, 0 },
	[C_TYPE] = { a_type, 0 }, [C_STATE] = { a_state, 0 }, [C_OWNER] = { a_owner, 0 },
	[C_PHONE] = { a_phone, 0 }, [C_EMAIL] = { a_email, 0 }, [C_WORKPLACE] = { a_workplace, 0 },
	[C_HANDOVER] = { a_handover, 0 }, [C_MOVEIN] = { a_movein, 0 }, [C_TAGS] = { a_tags, 0 },
	[C_WECHAT] = { a_wechat, 0 }, [C_ADDRESS] = { a_address, 0 },
};

/* ---- headers ---- */

/* A header as people write it: "建筑面积(㎡)", "*房号", "楼栋 " all name the column. */
static void normalize_header(const char *in, struct buf *out)
{
	int depth = 0;

	buf_reset(out);
	for (const char *p = in; *p;) {
		if (*p == '(' || !strncmp(p, "\xef\xbc\x88", 3)) { /* ( （ */
			depth++;
			p += *p == '(' ? 1 : 3;
		} else if (*p == ')' || !strncmp(p, "\xef\xbc\x89", 3)) { /* ) ） */
			if (depth)
				depth--;
			p += *p == ')' ? 1 : 3;
		} else if (*p == ' ' || *p == '*' || *p == '\t' || *p == ':') {
			p++;
		} else if (!strncmp(p, "\xef\xbc\x8a", 3) || !strncmp(p, "\xe3\x80\x80", 3) ||
			   !strncmp(p, "\xef\xbc\x9a", 3)) { /* ＊ ideographic space ： */
			p += 3;
		} else {
			if (!depth)
				buf_addch(out, (*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
			p++;
		}
	}
}

static int match_header(const struct header_spec *spec, int nspec, const char *text, struct buf *tmp)
{
	normalize_header(text, tmp);
	if (!tmp->len)
		return -1;
	for (int i = 0; i < nspec; i++)
		for (const char *const *a = spec[i].aliases; *a; a++)
			if (!strcmp(tmp->buf, *a))
				return i;
	return -1;
}

int import_find_header(const struct sheet *sheet, const struct header_spec *spec, int nspec,
		       struct header_map *map, struct buf *err)
{
	struct buf tmp = BUF_INIT;
	size_t limit = sheet->nr < 20 ? sheet->nr : 20;

	map->row = -1;
	map->col = xcalloc((size_t)nspec, sizeof(int));
	map->name = xcalloc((size_t)nspec, sizeof(char *));
	for (size_t r = 0; r < limit; r++) {
		const struct sheet_row *row = &sheet->rows[r];
		int found_required = 0, nrequired = 0, duplicate = -1, dupcol = -1;

		for (int i = 0; i < nspec; i++) {
			map->col[i] = -1;
			nrequired += spec[i].required;
		}
		for (int c = 0; c < row->ncells; c++) {
			int k = match_header(spec, nspec, row->cells[c].text, &tmp);
			if (k < 0)
				continue;
			if (map->col[k] >= 0) {
				duplicate = k;
				dupcol = c;
				continue;
			}
			map->col[k] = c;
			map->name[k] = row->cells[c].text;
			found_required += spec[k].required;
		}
		if (found_required < nrequired) {
			/* a header row that names some required columns but not all is the header
			 * with a missing column: say which */
			if (found_required * 2 >= nrequired && found_required > 0) {
				for (int i = 0; i < nspec; i++) {
					if (!spec[i].required || map->col[i] >= 0)
						continue;
					struct buf names = BUF_INIT;
					for (const char *const *a = spec[i].aliases; *a; a++)
						buf_addf(&names, "%s%s", a == spec[i].aliases ? "" : "|", *a);
					error_add(err, _("row %d: no column %s"), row->rownum, names.buf);
					buf_release(&names);
				}
				buf_release(&tmp);
				return -1;
			}
			continue;
		}
		if (duplicate >= 0) {
			buf_release(&tmp);
			return error(err, _("row %d, column %s: the column appears twice"), row->rownum,
				     row->cells[dupcol].text);
		}
		map->row = (int)r;
		buf_release(&tmp);
		return 0;
	}
	buf_release(&tmp);
	{
		struct buf names = BUF_INIT;
		for (int i = 0; i < nspec; i++)
			if (spec[i].required)
				buf_addf(&names, "%s%s", names.len ? ", " : "", spec[i].aliases[0]);
		error(err, _("no header row found: the first rows must name the columns (at least %s)"), names.buf);
		buf_release(&names);
	}
	return -1;
}

void import_header_release(struct header_map *map)
{
	free(map->col);
	free(map->name);
	map->col = NULL;
	map->name = NULL;
}

int import_cell_date(const struct sheet_cell *cell, int *day)
{
	if (cell->is_number) {
		/* An Excel serial date: 1 is 1900-01-01; 60 is the 1900-02-29 that Excel
		 * believes in (Lotus 1-2-3's bug), so from 61 on serials count from 1899-12-30. */
		double v = strtod(cell->text, NULL);
		long serial = (long)v;
		if (v < 1 || v > 2958465 || serial == 60)
			return -1;
		*day = serial < 60 ? date_from_ymd(1899, 12, 31) + (int)serial
				   : date_from_ymd(1899, 12, 30) + (int)serial;
		return 0;
	}
	return date_parse_loose(cell->text, day);
}

/* ---- validating rows ---- */

struct owner_rec {
	char *name, *email, *workplace, *wechat, *address;
	struct strlist phones;
	unsigned tags; /* 1 key, 2 care, 4 attention */
	int64_t existing_id; /* an owner already in the database, or 0 */
	int64_t id;          /* after writing */
};

struct unit_rec {
	char *building, *entrance, *floor, *room;
	int64_t area, inner_area; /* inner_area < 0 when not given */
	const char *type, *state;
	int handover, movein; /* DATE_MIN when not given */
	int owner;            /* index into owners, or -1 */
	int buyer;            /* undelivered unit: the named buyer is a contact, not liable */
};

struct importer {
	struct db *db;
	int64_t project_id;
	const struct sheet *sheet;
	struct header_map hm;
	struct buf *err;
	int nerrors;
	struct arena arena;
	struct unit_rec *units;
	size_t nunits, units_alloc;
	struct owner_rec *owners;
	size_t nowners, owners_alloc;
	struct hashmap rooms;         /* building\0entrance\0room -> row number */
	struct hashmap existing_rooms;
	struct hashmap owner_keys;    /* name\0phone -> owner index */
	struct db_stmt *find_owner;   /* existing owner by name and phone, or NULL */
	struct buf tmp, key;
};

static void row_error(struct importer *im, const struct sheet_row *row, enum col c, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void row_error(struct importer *im, const struct sheet_row *row, enum col c, const char *fmt, ...)
{
	va_list ap;

	if (im->err->len)
		buf_addch(im->err, '\n');
	buf_addf(im->err, "row %d, column %s: ", row->rownum, im->hm.name[c] ? im->hm.name[c] : unit_spec[c].aliases[0]);
	va_start(ap, fmt);
	buf_vaddf(im->err, fmt, ap);
	va_end(ap);
	im->nerrors++;
}

static const struct sheet_cell *cell_of(struct importer *im, const struct sheet_row *row, enum col c)
{
	static const struct sheet_cell empty = { "", 0, 0 };
	int idx = im->hm.col[c];

	return idx >= 0 && idx < row->ncells ? &row->cells[idx] : &empty;
}

/* "3栋" → "3", "2单元" → "2", "1201室" → "1201": the suffixes people type. */
static char *strip_suffix(struct importer *im, const char *s, const char *const *suffixes)
{
	size_t n = strlen(s);

	for (const char *const *suf = suffixes; *suf; suf++) {
		size_t m = strlen(*suf);
		if (n > m && !strcmp(s + n - m, *suf)) {
			char *t = arena_strndup(&im->arena, s, n - m);
			return str_trim(t);
		}
	}
	return arena_strdup(&im->arena, s);
}

/* A number cell that stands for an integer ("1201" stored as 1201 or 1201.0). */
static const char *integer_text(struct importer *im, const struct sheet_cell *cell)
{
	int64_t v;

	if (cell->is_number && !decimal_parse_round(cell->text, 0, &v)) {
		buf_reset(&im->tmp);
		buf_addf(&im->tmp, "%lld", (long long)v);
		return arena_strdup(&im->arena, im->tmp.buf);
	}
	return cell->text;
}

static int parse_area(const struct sheet_cell *cell, struct buf *tmp, int64_t *out)
{
	static const char *const units[] = { "\xe3\x8e\xa1" /* ㎡ */, "m\xc2\xb2" /* m² */, "m2", "M2",
					     "平方米", "平米", "平", "m", NULL };
	const char *s = cell->text;
	size_t n = strlen(s);

	buf_reset(tmp);
	for (const char *const *u = units; *u; u++) {
		size_t m = strlen(*u);
		if (n > m && !strcmp(s + n - m, *u)) {
			n -= m;
			break;
		}
	}
	buf_add(tmp, s, n);
	buf_trim(tmp);
	if (cell->is_number)
		return decimal_parse_round(tmp->buf, 2, out);
	return decimal_parse(tmp->buf, 2, out);
}

static int valid_email(const char *s)
{
	const char *at = strchr(s, '@');

	if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || str_ends_with(s, "."))
		return 0;
	for (const char *p = s; *p; p++)
		if (*p == ' ' || *p == ',' || *p == ';' || (unsigned char)*p < 0x21)
			return 0;
	return 1;
}

static void add_phone_unique(struct strlist *l, const char *phone)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->items[i], phone))
			return;
	strlist_add(l, phone);
}

/* Finds the owner this row names: the same name with a phone in common, in this file
 * or (when there are owners already) in the database. */
static int owner_for(struct importer *im, const char *name, const struct strlist *phones)
{
	int64_t idx, existing = 0;
	struct owner_rec *o;

	for (size_t i = 0; i < phones->nr; i++) {
		buf_reset(&im->key);
		buf_addf(&im->key, "%s%c%s", name, 0, phones->items[i]);
		if (hashmap_get(&im->owner_keys, im->key.buf, im->key.len, &idx))
			goto found;
	}
	if (im->find_owner) {
		for (size_t i = 0; i < phones->nr && !existing; i++) {
			db_reset(im->find_owner);
			db_bind_text(im->find_owner, 1, name);
			db_bind_text(im->find_owner, 2, phones->items[i]);
			if (db_step(im->find_owner, NULL) == 1)
				existing = db_col_int64(im->find_owner, 0);
		}
	}
	XGROW(im->owners, im->owners_alloc, im->nowners + 1);
	o = &im->owners[im->nowners];
	memset(o, 0, sizeof(*o));
	o->name = arena_strdup(&im->arena, name);
	o->email = "";
	o->workplace = "";
	o->wechat = "";
	o->address = "";
	o->existing_id = existing;
	idx = (int64_t)im->nowners++;
found:
	o = &im->owners[idx];
	for (size_t i = 0; i < phones->nr; i++) {
		add_phone_unique(&o->phones, phones->items[i]);
		buf_reset(&im->key);
		buf_addf(&im->key, "%s%c%s", name, 0, phones->items[i]);
		hashmap_put(&im->owner_keys, im->key.buf, im->key.len, idx);
	}
	return (int)idx;
}

static void check_row(struct importer *im, const struct sheet_row *row)
{
	static const char *const building_suffixes[] = { "号楼", "栋", "幢", "座", "号", NULL };
	static const char *const entrance_suffixes[] = { "单元", NULL };
	static const char *const room_suffixes[] = { "室", "号", NULL };
	static const char *const floor_suffixes[] = { "层", "楼", NULL };
	static const char *const tag_seps[] = { "/", "、", ";", "；", ",", "，", " ", NULL };
	struct unit_rec u;
	struct strlist phones = STRLIST_INIT, tags = STRLIST_INIT, pieces = STRLIST_INIT;
	const char *owner, *email, *workplace, *wechat, *address, *s;
	unsigned tagbits = 0;
	int before = im->nerrors, rc;
	int64_t other;

	memset(&u, 0, sizeof(u));
	u.owner = -1;
	u.handover = u.movein = DATE_MIN;
	u.inner_area = -1;

	s = integer_text(im, cell_of(im, row, C_BUILDING));
	u.building = strip_suffix(im, s, building_suffixes);
	if (!*u.building)
		row_error(im, row, C_BUILDING, _("the building is missing"));
	else if (strchr(u.building, '/'))
		row_error(im, row, C_BUILDING, _("'%s' must not contain '/'"), u.building);
	u.entrance = strip_suffix(im, integer_text(im, cell_of(im, row, C_ENTRANCE)), entrance_suffixes);
	if (strchr(u.entrance, '-') || strchr(u.entrance, '/'))
		row_error(im, row, C_ENTRANCE, _("'%s' must not contain '-' or '/'"), u.entrance);
	u.floor = strip_suffix(im, integer_text(im, cell_of(im, row, C_FLOOR)), floor_suffixes);
	u.room = strip_suffix(im, integer_text(im, cell_of(im, row, C_ROOM)), room_suffixes);
	if (!*u.room)
		row_error(im, row, C_ROOM, _("the room number is missing"));
	else if (strchr(u.room, '-') || strchr(u.room, '/'))
		row_error(im, row, C_ROOM, _("'%s' must not contain '-' or '/'"), u.room);

	s = cell_of(im, row, C_AREA)->text;
	if (!*s)
		row_error(im, row, C_AREA, _("the area is missing"));
	else if ((rc = parse_area(cell_of(im, row, C_AREA), &im->tmp, &u.area)) == -2)
		row_error(im, row, C_AREA, _("'%s' has more than two decimals"), s);
	else if (rc < 0)
		row_error(im, row, C_AREA, _("'%s' is not an area in m² (e.g. 89.57)"), s);
	else if (u.area <= 0 || u.area > 10000000)
		row_error(im, row, C_AREA, _("'%s' is not a plausible area (more than 0, at most 100000 m²)"), s);

	s = cell_of(im, row, C_INNER)->text;
	if (*s) {
		if ((rc = parse_area(cell_of(im, row, C_INNER), &im->tmp, &u.inner_area)) == -2)
			row_error(im, row, C_INNER, _("'%s' has more than two decimals"), s);
		else if (rc < 0 || u.inner_area <= 0)
			row_error(im, row, C_INNER, _("'%s' is not an area in m² (e.g. 89.57)"), s);
		else if (u.area > 0 && u.inner_area > u.area)
			row_error(im, row, C_INNER, _("'%s' is larger than the building area"), s);
	}

	s = cell_of(im, row, C_TYPE)->text;
	u.type = *s ? unit_type_from_label(s) : "residential";
	if (!u.type)
		row_error(im, row, C_TYPE, _("unknown unit type '%s' (expected 住宅, 商铺 or 车位)"), s);

	owner = cell_of(im, row, C_OWNER)->text;
	s = cell_of(im, row, C_STATE)->text;
	u.state = *s ? unit_state_from_label(s) : (*owner ? "occupied" : "undelivered");
	if (!u.state)
		row_error(im, row, C_STATE, _("unknown state '%s' (expected 已入住, 空置, 未交付 or 装修中)"), s);

	phone_split(integer_text(im, cell_of(im, row, C_PHONE)), &pieces);
	for (size_t i = 0; i < pieces.nr; i++) {
		if (phone_normalize(pieces.items[i], &im->tmp) < 0)
			row_error(im, row, C_PHONE, _("'%s' is not a Chinese mobile or landline number"), pieces.items[i]);
		else
			add_phone_unique(&phones, im->tmp.buf);
	}
	if (u.state && strcmp(u.state, "undelivered")) {
		if (!*owner)
			row_error(im, row, C_OWNER, _("the owner is missing (only a unit not handed over may have none)"));
		if (!pieces.nr)
			row_error(im, row, C_PHONE, _("the phone is missing (only a unit not handed over may have none)"));
	}

	email = cell_of(im, row, C_EMAIL)->text;
	if (*email && !valid_email(email))
		row_error(im, row, C_EMAIL, _("'%s' is not an e-mail address"), email);
	workplace = cell_of(im, row, C_WORKPLACE)->text;
	wechat = cell_of(im, row, C_WECHAT)->text;
	address = cell_of(im, row, C_ADDRESS)->text;

	s = cell_of(im, row, C_HANDOVER)->text;
	if (*s && import_cell_date(cell_of(im, row, C_HANDOVER), &u.handover) < 0)
		row_error(im, row, C_HANDOVER, _("'%s' is not a date (e.g. 2020-05-01)"), s);
	s = cell_of(im, row, C_MOVEIN)->text;
	if (*s && import_cell_date(cell_of(im, row, C_MOVEIN), &u.movein) < 0)
		row_error(im, row, C_MOVEIN, _("'%s' is not a date (e.g. 2020-05-01)"), s);
	else if (*s && u.handover != DATE_MIN && u.movein < u.handover)
		row_error(im, row, C_MOVEIN, _("'%s' is before the handover date"), s);
	if (u.state && !strcmp(u.state, "undelivered") && (u.handover != DATE_MIN || u.movein != DATE_MIN))
		row_error(im, row, C_STATE, _("a unit not handed over (未交付) cannot have a handover or move-in date"));

	str_split_any(&tags, cell_of(im, row, C_TAGS)->text, tag_seps);
	for (size_t i = 0; i < tags.nr; i++) {
		const char *t = tags.items[i];
		if (!strcmp(t, "重点户"))
			tagbits |= 1;
		else if (!strcmp(t, "关怀") || !strcmp(t, "关怀户"))
			tagbits |= 2;
		else if (!strcmp(t, "重点关注"))
			tagbits |= 4;
		else
			row_error(im, row, C_TAGS, _("unknown tag '%s' (expected 重点户, 关怀 or 重点关注)"), t);
	}

	if (*u.building && *u.room) {
		buf_reset(&im->key);
		buf_addf(&im->key, "%s%c%s%c%s", u.building, 0, u.entrance, 0, u.room);
		if (hashmap_get(&im->rooms, im->key.buf, im->key.len, &other))
			row_error(im, row, C_ROOM, _("room %s-%s-%s also appears on row %d"), u.building, u.entrance,
				  u.room, (int)other);
		else if (hashmap_get(&im->existing_rooms, im->key.buf, im->key.len, &other))
			row_error(im, row, C_ROOM, _("room %s-%s-%s already exists in this project"), u.building,
				  u.entrance, u.room);
		else
			hashmap_put(&im->rooms, im->key.buf, im->key.len, row->rownum);
	}

	if (im->nerrors == before) {
		if (*owner) {
			struct owner_rec *o;
			u.owner = owner_for(im, owner, &phones);
			o = &im->owners[u.owner];
			if (!*o->email && *email)
				o->email = arena_strdup(&im->arena, email);
			if (!*o->workplace && *workplace)
				o->workplace = arena_strdup(&im->arena, workplace);
			if (!*o->wechat && *wechat)
				o->wechat = arena_strdup(&im->arena, wechat);
			if (!*o->address && *address)
				o->address = arena_strdup(&im->arena, address);
			o->tags |= tagbits;
			u.buyer = !strcmp(u.state, "undelivered");
		}
		XGROW(im->units, im->units_alloc, im->nunits + 1);
		im->units[im->nunits++] = u;
	}
	strlist_clear(&phones);
	strlist_clear(&tags);
	strlist_clear(&pieces);
}

static int load_existing(struct importer *im)
{
	struct db_stmt *st;
	int64_t any;
	int rc;

	if (db_prepare(im->db, &st, "SELECT b.code, u.entrance, u.room FROM unit u JOIN building b ON b.id = u.building_id "
		       "WHERE u.project_id = ?", im->err) < 0)
		return -1;
	db_bind_int64(st, 1, im->project_id);
	while ((rc = db_step(st, im->err)) == 1) {
		buf_reset(&im->key);
		buf_addf(&im->key, "%s%c%s%c%s", db_col_text(st, 0), 0, db_col_text(st, 1), 0, db_col_text(st, 2));
		hashmap_put(&im->existing_rooms, im->key.buf, im->key.len, 1);
	}
	db_finalize(st);
	if (rc < 0)
		return -1;
	/* only look owners up one by one when there are owners to find */
	rc = db_run(im->db, &any, im->err, "SELECT 1 FROM party WHERE kind = 'person' LIMIT 1", "");
	if (rc < 0)
		return -1;
	if (rc == 1 && db_prepare(im->db, &im->find_owner,
				  "SELECT p.id FROM party p JOIN party_phone pp ON pp.party_id = p.id "
				  "WHERE p.kind = 'person' AND p.name = ? AND pp.phone = ? ORDER BY p.id LIMIT 1", im->err) < 0)
		return -1;
	return 0;
}

/* ---- writing ---- */

struct writer {
	struct db_stmt *party, *phone, *more_phone, *tag, *unit, *state, *owner, *contact;
};

static void writer_release(struct writer *w)
{
	db_finalize(w->party);
	db_finalize(w->phone);
	db_finalize(w->more_phone);
	db_finalize(w->tag);
	db_finalize(w->unit);
	db_finalize(w->state);
	db_finalize(w->owner);
	db_finalize(w->contact);
}

static int writer_prepare(struct db *db, struct writer *w, struct buf *err)
{
	memset(w, 0, sizeof(*w));
	return db_prepare(db, &w->party, "INSERT INTO party (kind, name, email, workplace, wechat, address, created_at) "
			  "VALUES ('person', ?, ?, ?, ?, ?, ?) RETURNING id", err) < 0 ||
	       db_prepare(db, &w->phone, "INSERT INTO party_phone (party_id, seq, phone) VALUES (?, ?, ?) "
			  "ON CONFLICT DO NOTHING", err) < 0 ||
	       /* a further number for an owner we already had: next seq, unless known */
	       db_prepare(db, &w->more_phone, "INSERT INTO party_phone (party_id, seq, phone) "
			  "SELECT CAST(? AS BIGINT), COALESCE(MAX(seq) + 1, 0), CAST(? AS TEXT) FROM party_phone "
			  "WHERE party_id = ? HAVING SUM(CASE WHEN phone = ? THEN 1 ELSE 0 END) = 0", err) < 0 ||
	       db_prepare(db, &w->tag, "INSERT INTO party_tag (party_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", err) < 0 ||
	       db_prepare(db, &w->unit, "INSERT INTO unit (project_id, building_id, entrance, floor, room, area, "
			  "inner_area, type) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", err) < 0 ||
	       db_prepare(db, &w->state, "INSERT INTO unit_state (unit_id, from_day, state, recorded_at) "
			  "VALUES (?, ?, ?, ?)", err) < 0 ||
	       db_prepare(db, &w->owner, "INSERT INTO ownership (unit_id, from_day, seq, party_id, recorded_at) "
			  "VALUES (?, ?, 0, ?, ?)", err) < 0 ||
	       db_prepare(db, &w->contact, "INSERT INTO unit_contact (unit_id, party_id, role, from_day) "
			  "VALUES (?, ?, 'buyer', ?)", err) < 0
		       ? -1 : 0;
}

static int step_once(struct db_stmt *st, struct buf *err, int64_t *id)
{
	int rc = db_step(st, err);

	if (rc == 1 && id)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int write_owner(struct writer *w, struct owner_rec *o, int64_t now, struct buf *err)
{
	static const char *const tag_names[] = { "key", "care", "attention" };
	if (o->existing_id) {
		o->id = o->existing_id;
		for (size_t i = 0; i < o->phones.nr; i++) {
			db_bind_int64(w->more_phone, 1, o->id);
			db_bind_text(w->more_phone, 2, o->phones.items[i]);
			db_bind_int64(w->more_phone, 3, o->id);
			db_bind_text(w->more_phone, 4, o->phones.items[i]);
			if (step_once(w->more_phone, err, NULL) < 0)
				return -1;
		}
	} else {
		db_bind_text(w->party, 1, o->name);
		db_bind_text(w->party, 2, o->email);
		db_bind_text(w->party, 3, o->workplace);
		db_bind_text(w->party, 4, o->wechat);
		db_bind_text(w->party, 5, o->address);
		db_bind_int64(w->party, 6, now);
		if (step_once(w->party, err, &o->id) < 0)
			return -1;
		for (size_t i = 0; i < o->phones.nr; i++) {
			db_bind_int64(w->phone, 1, o->id);
			db_bind_int64(w->phone, 2, (int64_t)i);
			db_bind_text(w->phone, 3, o->phones.items[i]);
			if (step_once(w->phone, err, NULL) < 0)
				return -1;
		}
	}
	for (int t = 0; t < 3; t++) {
		if (!(o->tags & (1u << t)))
			continue;
		db_bind_int64(w->tag, 1, o->id);
		db_bind_text(w->tag, 2, tag_names[t]);
		if (step_once(w->tag, err, NULL) < 0)
			return -1;
	}
	return 0;
}

static int add_state(struct writer *w, int64_t unit_id, int from, const char *state, int64_t now, struct buf *err)
{
	db_bind_int64(w->state, 1, unit_id);
	db_bind_int64(w->state, 2, from);
	db_bind_text(w->state, 3, state);
	db_bind_int64(w->state, 4, now);
	return step_once(w->state, err, NULL);
}

static int add_owner(struct writer *w, int64_t unit_id, int from, int64_t party, int64_t now, struct buf *err)
{
	db_bind_int64(w->owner, 1, unit_id);
	db_bind_int64(w->owner, 2, from);
	db_bind_int64(w->owner, 3, party);
	db_bind_int64(w->owner, 4, now);
	return step_once(w->owner, err, NULL);
}

/* The state history and ownership a row stands for: the unit was the developer's
 * until it was handed over (交房日期), occupied from 入住日期; without dates, the
 * state and the owner hold from the beginning of time. */
static int write_unit(struct importer *im, struct writer *w, struct unit_rec *u, int64_t building_id,
		      int64_t developer, int64_t now)
{
	int64_t id = 0;
	int handover = u->handover != DATE_MIN ? u->handover : u->movein;
	int owned_from;

	db_bind_int64(w->unit, 1, im->project_id);
	db_bind_int64(w->unit, 2, building_id);
	db_bind_text(w->unit, 3, u->entrance);
	db_bind_text(w->unit, 4, u->floor);
	db_bind_text(w->unit, 5, u->room);
	db_bind_int64(w->unit, 6, u->area);
	if (u->inner_area >= 0)
		db_bind_int64(w->unit, 7, u->inner_area);
	else
		db_bind_null(w->unit, 7);
	db_bind_text(w->unit, 8, u->type);
	if (step_once(w->unit, im->err, &id) < 0)
		return -1;

	if (!strcmp(u->state, "undelivered")) {
		if (add_state(w, id, DATE_MIN, "undelivered", now, im->err) < 0 ||
		    add_owner(w, id, DATE_MIN, developer, now, im->err) < 0)
			return -1;
		if (u->owner >= 0) {
			db_bind_int64(w->contact, 1, id);
			db_bind_int64(w->contact, 2, im->owners[u->owner].id);
			db_bind_int64(w->contact, 3, DATE_MIN);
			if (step_once(w->contact, im->err, NULL) < 0)
				return -1;
		}
		return 0;
	}
	if (handover != DATE_MIN && add_state(w, id, DATE_MIN, "undelivered", now, im->err) < 0)
		return -1;
	if (!strcmp(u->state, "occupied") && u->movein != DATE_MIN && u->movein > handover) {
		/* handed over, lived in later */
		if (add_state(w, id, handover, "vacant", now, im->err) < 0 ||
		    add_state(w, id, u->movein, "occupied", now, im->err) < 0)
			return -1;
	} else if (add_state(w, id, handover, u->state, now, im->err) < 0) {
		return -1;
	}
	owned_from = handover;
	if (owned_from != DATE_MIN && add_owner(w, id, DATE_MIN, developer, now, im->err) < 0)
		return -1;
	return add_owner(w, id, owned_from, im->owners[u->owner].id, now, im->err);
}

static int write_all(struct importer *im, struct import_result *res)
{
	struct hashmap buildings = HASHMAP_INIT;
	struct writer w;
	struct project p;
	int64_t now = (int64_t)time(NULL), existing_buildings = 0;
	int rc = -1;

	if (project_get(im->db, im->project_id, &p, im->err) < 0)
		return -1;
	if (db_run(im->db, &existing_buildings, im->err, "SELECT COUNT(*) FROM building WHERE project_id = ?",
		   "i", im->project_id) < 0)
		return -1;
	if (writer_prepare(im->db, &w, im->err) < 0)
		goto cleanup;
	for (size_t i = 0; i < im->nowners; i++) {
		if (write_owner(&w, &im->owners[i], now, im->err) < 0)
			goto cleanup;
		res->owners += !im->owners[i].existing_id;
	}
	for (size_t i = 0; i < im->nunits; i++) {
		struct unit_rec *u = &im->units[i];
		int64_t bid;
		size_t n = strlen(u->building);

		if (!hashmap_get(&buildings, u->building, n, &bid)) {
			if (project_building(im->db, im->project_id, u->building, &bid, im->err) < 0)
				goto cleanup;
			hashmap_put(&buildings, u->building, n, bid);
		}
		if (write_unit(im, &w, u, bid, p.developer_id, now) < 0)
			goto cleanup;
		res->units++;
	}
	{
		int64_t after;
		if (db_run(im->db, &after, im->err, "SELECT COUNT(*) FROM building WHERE project_id = ?", "i",
			   im->project_id) < 0)
			goto cleanup;
		res->buildings = (int)(after - existing_buildings);
	}
	rc = 0;
cleanup:
	writer_release(&w);
	hashmap_clear(&buildings);
	return rc;
}

int unit_import(struct db *db, int64_t project_id, const struct sheet *sheet, int dry_run,
		struct import_result *res, struct buf *err)
{
	struct importer im;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	memset(&im, 0, sizeof(im));
	im.db = db;
	im.project_id = project_id;
	im.sheet = sheet;
	im.err = err;
	buf_init(&im.tmp);
	buf_init(&im.key);
	buf_reset(err);
	if (!sheet->nr) {
		error(err, _("the file is empty"));
		goto cleanup;
	}
	if (import_find_header(sheet, unit_spec, C_NCOLS, &im.hm, err) < 0)
		goto cleanup;
	res->header_row = sheet->rows[im.hm.row].rownum;
	if (load_existing(&im) < 0)
		goto cleanup;
	for (size_t r = (size_t)im.hm.row + 1; r < sheet->nr; r++)
		check_row(&im, &sheet->rows[r]);
	if (im.nerrors)
		goto cleanup;
	if (!im.nunits) {
		error(err, _("the file has no units below its header row"));
		goto cleanup;
	}
	if (dry_run) {
		res->units = (int)im.nunits;
		for (size_t i = 0; i < im.nowners; i++)
			res->owners += !im.owners[i].existing_id;
		rc = 0;
		goto cleanup;
	}
	if (db_begin_immediate(db, err) < 0)
		goto cleanup;
	if (write_all(&im, res) < 0) {
		db_rollback(db);
		memset(res, 0, sizeof(*res));
		goto cleanup;
	}
	if (db_commit(db, err) < 0) {
		memset(res, 0, sizeof(*res));
		goto cleanup;
	}
	rc = 0;
cleanup:
	db_finalize(im.find_owner);
	for (size_t i = 0; i < im.nowners; i++)
		strlist_clear(&im.owners[i].phones);
	free(im.owners);
	free(im.units);
	hashmap_clear(&im.rooms);
	hashmap_clear(&im.existing_rooms);
	hashmap_clear(&im.owner_keys);
	arena_release(&im.arena);
	import_header_release(&im.hm);
	buf_release(&im.tmp);
	buf_release(&im.key);
	return rc;
}
