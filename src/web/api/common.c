/* common.c: the JSON API's body and query readers, and its errors (api.h). */
#include "web/api/api.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/str.h"
#include "core/unit.h"

#define AMOUNT_MAX_FEN 10000000000LL /* ¥100,000,000 */

int api_send(struct web_req *r, int status, json_t *v)
{
	web_json(r, status, v);
	json_decref(v);
	return 0;
}

int api_fail(struct web_req *r, struct buf *err)
{
	/* the database's words stay in the server's log, not in the answer */
	fprintf(stderr, "wuye: %s %s: %s\n", r->method, r->path, err && err->len ? err->buf : "failed");
	buf_release(err);
	return web_error(r, 500, _("something went wrong on our side; nothing was changed"));
}

int api_bad(struct web_req *r, const char *field, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	buf_addf(&msg, "%s: ", field);
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	api_send(r, 400, json_pack("{s:s,s:i,s:s}", "error", msg.buf, "status", 400, "field", field));
	buf_release(&msg);
	return -1;
}

static int listed(const char *name, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		if (!strcmp(names[i], name))
			return 1;
	return 0;
}

int api_body(struct web_req *r, size_t max, const char *const *fields, json_t **out)
{
	json_error_t jerr;
	json_t *v, *x;
	const char *key;

	*out = NULL;
	if (r->body_len > max) {
		struct buf msg = BUF_INIT;
		buf_addf(&msg, _("the request body is larger than %zu bytes"), max);
		web_error(r, 413, msg.buf);
		buf_release(&msg);
		return -1;
	}
	if (!r->body_raw || !r->body_len)
		return api_bad(r, "body", _("a JSON object is needed"));
	v = json_loadb(r->body_raw, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v)
		return api_bad(r, "body", _("not valid JSON (line %d, column %d): %s"), jerr.line, jerr.column, jerr.text);
	if (!json_is_object(v)) {
		json_decref(v);
		return api_bad(r, "body", _("a JSON object is needed"));
	}
	json_object_foreach(v, key, x) {
		if (!listed(key, fields)) {
			api_bad(r, key, _("unknown field"));
			json_decref(v);
			return -1;
		}
	}
	*out = v;
	return 0;
}

int api_int(struct web_req *r, json_t *o, const char *name, int required, int64_t min, int64_t max, int64_t *out)
{
	json_t *v = json_object_get(o, name);

	if (!v || json_is_null(v))
		return required ? api_bad(r, name, _("required")) : 0;
	if (!json_is_integer(v))
		return api_bad(r, name, _("must be an integer"));
	if (json_integer_value(v) < min || json_integer_value(v) > max)
		return api_bad(r, name, _("must be between %lld and %lld"), (long long)min, (long long)max);
	*out = json_integer_value(v);
	return 1;
}

/* Text without control characters (multiline: newline and tab allowed) and at most
 * max_chars characters; else 400 naming the field. */
static int text_ok(struct web_req *r, const char *name, const char *s, size_t max_chars, int multiline)
{
	size_t chars = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 && !(multiline && (*p == '\n' || *p == '\t' || *p == '\r'))) || *p == 0x7f)
			return api_bad(r, name, _("contains a control character"));
		chars += (*p & 0xC0) != 0x80;
	}
	if (chars > max_chars)
		return api_bad(r, name, _("at most %zu characters"), max_chars);
	return 0;
}

int api_text(struct web_req *r, json_t *o, const char *name, int required, size_t max_chars, int multiline,
	     const char **out)
{
	json_t *v = json_object_get(o, name);
	struct buf t = BUF_INIT;

	if (!v || json_is_null(v))
		return required ? api_bad(r, name, _("required")) : 0;
	if (!json_is_string(v))
		return api_bad(r, name, _("must be a string"));
	/* jansson has checked the UTF-8 and refused NUL characters */
	if (text_ok(r, name, json_string_value(v), max_chars, multiline) < 0)
		return -1;
	buf_adds(&t, json_string_value(v));
	str_trim(t.buf);
	json_object_set_new(o, name, json_string(t.buf)); /* the object keeps the trimmed text */
	buf_release(&t);
	*out = json_string_value(json_object_get(o, name));
	if (required && !**out)
		return api_bad(r, name, _("required"));
	return 1;
}

int api_bool(struct web_req *r, json_t *o, const char *name, int *out)
{
	json_t *v = json_object_get(o, name);

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return api_bad(r, name, _("must be true or false"));
	*out = json_is_true(v);
	return 1;
}

int api_day(struct web_req *r, json_t *o, const char *name, int *out)
{
	json_t *v = json_object_get(o, name);

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || date_parse(json_string_value(v), out) != 0)
		return api_bad(r, name, _("must be a date written YYYY-MM-DD"));
	return 1;
}

int api_amount(struct web_req *r, json_t *o, const char *fen_name, const char *yuan_name, int required, int64_t *fen)
{
	json_t *f = json_object_get(o, fen_name), *y = json_object_get(o, yuan_name);
	int64_t v = 0;

	if (f && json_is_null(f))
		f = NULL;
	if (y && json_is_null(y))
		y = NULL;
	if (f && y)
		return api_bad(r, yuan_name, _("give %s or %s, not both"), fen_name, yuan_name);
	if (!f && !y)
		return required ? api_bad(r, fen_name, _("required (or %s)"), yuan_name) : 0;
	if (f)
		return api_int(r, o, fen_name, 1, 1, AMOUNT_MAX_FEN, fen);
	if (json_is_string(y)) {
		if (money_parse(json_string_value(y), &v) != 0)
			return api_bad(r, yuan_name, _("not an amount in yuan with at most two decimals ('165.70')"));
	} else if (json_is_integer(y)) {
		if (json_integer_value(y) > AMOUNT_MAX_FEN / 100 || json_integer_value(y) < -AMOUNT_MAX_FEN / 100)
			return api_bad(r, yuan_name, _("must be between 0.01 and %lld"), AMOUNT_MAX_FEN / 100);
		v = json_integer_value(y) * 100;
	} else if (json_is_real(y)) {
		double x = json_real_value(y) * 100;
		if (!isfinite(x) || fabs(x) > (double)AMOUNT_MAX_FEN || fabs(x - (double)llround(x)) > 1e-6)
			return api_bad(r, yuan_name, _("not an amount in yuan with at most two decimals ('165.70')"));
		v = llround(x);
	} else {
		return api_bad(r, yuan_name, _("not an amount in yuan with at most two decimals ('165.70')"));
	}
	if (v < 1 || v > AMOUNT_MAX_FEN)
		return api_bad(r, yuan_name, _("must be between 0.01 and %lld"), AMOUNT_MAX_FEN / 100);
	*fen = v;
	return 1;
}

int api_body_unit(struct web_req *r, json_t *o, const char *name, int64_t *unit_id, struct buf *unit_name)
{
	json_t *v = json_object_get(o, name);
	struct buf err = BUF_INIT;
	struct db_stmt *st;
	int64_t project_id = 0;
	int rc;

	if (!v || json_is_null(v))
		return api_bad(r, name, _("required"));
	if (json_is_string(v)) {
		if (unit_find(r->db, json_string_value(v), unit_id, &project_id, &err) < 0) {
			api_bad(r, name, "%s", err.buf);
			buf_release(&err);
			return -1;
		}
	} else if (json_is_integer(v)) {
		*unit_id = json_integer_value(v);
	} else {
		return api_bad(r, name, _("must be a unit's id or its name ('HY/3-2-1201')"));
	}
	if (db_cached(r->db, &st, "SELECT u.project_id, p.code, b.code, u.entrance, u.room FROM unit u "
		      "JOIN building b ON b.id = u.building_id JOIN project p ON p.id = u.project_id WHERE u.id = ?", &err) < 0)
		return api_fail(r, &err), -1;
	db_bind_int64(st, 1, *unit_id);
	rc = db_step(st, &err);
	if (rc == 1) {
		project_id = db_col_int64(st, 0);
		unit_name_format(unit_name, db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4));
	}
	db_reset(st);
	if (rc < 0)
		return api_fail(r, &err), -1;
	buf_release(&err);
	if (rc == 0)
		return api_bad(r, name, _("unknown unit %lld"), (long long)*unit_id);
	r->unit_id = *unit_id;
	r->project_id = project_id;
	if (!staff_in_project(r->db, &r->staff, project_id)) {
		web_error(r, 403, _("this belongs to a project you do not work on"));
		return -1;
	}
	return 1;
}

int api_query_known(struct web_req *r, const char *const *names)
{
	for (size_t i = 0; i < r->query.n; i++)
		if (!listed(r->query.f[i].name, names))
			return api_bad(r, r->query.f[i].name, _("unknown parameter"));
	return 0;
}

int api_query_int(struct web_req *r, const char *name, int64_t def, int64_t min, int64_t max, int64_t *out)
{
	const char *v = form_get(&r->query, name);

	*out = def;
	if (!v)
		return 0;
	if (str_to_int64(v, min, max, out) != 0)
		return api_bad(r, name, _("must be an integer between %lld and %lld"), (long long)min, (long long)max);
	return 1;
}

int api_query_text(struct web_req *r, const char *name, size_t max_chars, const char **out)
{
	const struct form_field *f = form_field(&r->query, name);
	const char *v = f ? f->value : NULL;

	*out = "";
	if (!v)
		return 0;
	if (strlen(v) != f->len || !utf8_valid(v, f->len))
		return api_bad(r, name, _("not valid text (UTF-8)"));
	if (text_ok(r, name, v, max_chars, 0) < 0)
		return -1;
	*out = v;
	return 1;
}
