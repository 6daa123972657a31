/* project.c: projects, their buildings and developer accounts. */
#include "core/project.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "base/i18n.h"

static int code_valid(const char *code)
{
	size_t n = strlen(code);

	if (!n || n > 31)
		return 0;
	for (const char *p = code; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-'))
			return 0;
	return 1;
}

int project_add(struct db *db, const char *code, const char *name, const char *pay_url,
		int64_t *id, struct buf *err)
{
	unsigned char key[32];
	char hex[65];
	struct buf devname = BUF_INIT;
	int64_t now = (int64_t)time(NULL);
	int rc;

	if (!code_valid(code))
		return error(err, _("project code '%s' must be 1-31 letters, digits, '_' or '-'"), code);
	if (!*name)
		return error(err, _("project name must not be empty"));
	if (!pay_url || !*pay_url)
		pay_url = PROJECT_DEFAULT_PAY_URL;
	if (strncmp(pay_url, "http://", 7) && strncmp(pay_url, "https://", 8))
		return error(err, _("pay URL '%s' must start with http:// or https://"), pay_url);
	if (sodium_init() < 0)
		return error(err, "cannot initialise libsodium");
	randombytes_buf(key, sizeof(key));
	sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
	rc = db_run(db, id, err, "INSERT INTO project (code, name, pay_url, pay_secret, created_at) "
		    "VALUES (?, ?, ?, ?, ?) RETURNING id", "tttti", code, name, pay_url, hex, now);
	if (rc == DB_CONFLICT)
		return error(err, _("project '%s' already exists"), code);
	if (rc < 0)
		return -1;
	buf_addf(&devname, _("%s developer account"), name);
	rc = db_run(db, NULL, err, "INSERT INTO party (kind, project_id, name, created_at) VALUES ('developer', ?, ?, ?)",
		    "iti", *id, devname.buf, now);
	buf_release(&devname);
	if (rc >= 0)
		rc = db_run(db, NULL, err, "INSERT INTO receipt_counter (project_id, last_no) VALUES (?, 0)", "i", *id);
	return rc < 0 ? -1 : 0;
}

int project_set_contact(struct db *db, int64_t project_id, const char *phone, const char *address, struct buf *err)
{
	if (phone && strlen(phone) > 60)
		return error(err, _("the office phone '%s' is too long"), phone);
	if (address && strlen(address) > 500)
		return error(err, _("the address is too long (at most 500 bytes)"));
	if (phone && db_run(db, NULL, err, "UPDATE project SET office_phone = ? WHERE id = ?", "ti", phone, project_id) < 0)
		return -1;
	if (address && db_run(db, NULL, err, "UPDATE project SET address = ? WHERE id = ?", "ti", address, project_id) < 0)
		return -1;
	return 0;
}

static int load(struct db *db, struct project *out, struct buf *err, const char *where_sql,
		const char *types, int64_t id, const char *code)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc;

	buf_addf(&sql, "SELECT p.id, p.code, p.name, p.pay_url, d.id FROM project p "
		 "LEFT JOIN party d ON d.project_id = p.id AND d.kind = 'developer' WHERE %s", where_sql);
	rc = db_prepare(db, &st, sql.buf, err);
	buf_release(&sql);
	if (rc < 0)
		return -1;
	if (types[0] == 'i')
		db_bind_int64(st, 1, id);
	else
		db_bind_text(st, 1, code);
	rc = db_step(st, err);
	if (rc == 1) {
		out->id = db_col_int64(st, 0);
		snprintf(out->code, sizeof(out->code), "%s", db_col_text(st, 1));
		snprintf(out->name, sizeof(out->name), "%s", db_col_text(st, 2));
		snprintf(out->pay_url, sizeof(out->pay_url), "%s", db_col_text(st, 3));
		out->developer_id = db_col_int64(st, 4);
	}
	db_finalize(st);
	return rc;
}

int project_find(struct db *db, const char *code, struct project *out, struct buf *err)
{
	int rc = load(db, out, err, "p.code = ?", "t", 0, code);

	if (rc == 0)
		return error(err, _("unknown project '%s'"), code);
	return rc < 0 ? -1 : 0;
}

int project_get(struct db *db, int64_t id, struct project *out, struct buf *err)
{
	int rc = load(db, out, err, "p.id = ?", "i", id, NULL);

	if (rc == 0)
		return error(err, "unknown project id %lld", (long long)id);
	return rc < 0 ? -1 : 0;
}

int project_building(struct db *db, int64_t project_id, const char *code, int64_t *building_id, struct buf *err)
{
	int rc = db_run(db, building_id, err, "SELECT id FROM building WHERE project_id = ? AND code = ?",
			"it", project_id, code);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	rc = db_run(db, building_id, err, "INSERT INTO building (project_id, code, name) VALUES (?, ?, ?) RETURNING id",
		    "itt", project_id, code, code);
	return rc < 0 ? -1 : 0;
}

int project_list_for_staff(struct db *db, int64_t staff_id, int all_projects, json_t **out, struct buf *err)
{
	struct db_stmt *st;
	json_t *list = json_array();
	int rc;

	*out = NULL;
	if (db_prepare(db, &st, "SELECT p.id, p.code, p.name FROM project p WHERE ? = 1 OR EXISTS (SELECT 1 "
		       "FROM staff_project sp WHERE sp.project_id = p.id AND sp.staff_id = ?) ORDER BY p.code", err) < 0) {
		json_decref(list);
		return -1;
	}
	db_bind_int64(st, 1, all_projects ? 1 : 0);
	db_bind_int64(st, 2, staff_id);
	while ((rc = db_step(st, err)) == 1)
		json_array_append_new(list, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_col_int64(st, 0), "code",
						      db_col_text(st, 1), "name", db_col_text(st, 2)));
	db_finalize(st);
	if (rc < 0) {
		json_decref(list);
		return -1;
	}
	*out = list;
	return 0;
}

int project_buildings(struct db *db, int64_t project_id, struct strlist *codes, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	if (db_prepare(db, &st, "SELECT code FROM building WHERE project_id = ? ORDER BY LENGTH(code), code", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	while ((rc = db_step(st, err)) == 1)
		strlist_add(codes, db_col_text(st, 0));
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

int project_list_of(struct db *db, int64_t staff_id, int all_projects, struct strlist *codes, struct strlist *names,
		    struct buf *err)
{
	json_t *list, *p;
	size_t i;

	if (project_list_for_staff(db, staff_id, all_projects, &list, err) < 0)
		return -1;
	json_array_foreach(list, i, p) {
		strlist_add(codes, json_string_value(json_object_get(p, "code")));
		strlist_add(names, json_string_value(json_object_get(p, "name")));
	}
	json_decref(list);
	return 0;
}

int project_building_add(struct db *db, int64_t project_id, const char *code, const char *name, int64_t *id,
			 struct buf *err)
{
	int rc;

	if (!*code || strlen(code) > 63 || strpbrk(code, "/, \t") || strstr(code, "，") || strstr(code, "\u3000"))
		return error(err, _("a building code is 1-63 bytes without '/', commas or blanks, not '%s'"), code);
	rc = db_run(db, id, err, "INSERT INTO building (project_id, code, name) VALUES (?, ?, ?) RETURNING id", "itt",
		    project_id, code, *name ? name : code);
	if (rc == DB_CONFLICT)
		return error(err, _("building '%s' already exists"), code);
	return rc < 0 ? -1 : 0;
}

int project_settings_get(struct db *db, int64_t id, struct project_settings *out, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (db_prepare(db, &st, "SELECT name, address, office_phone, billing_day FROM project WHERE id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st, err);
	if (rc == 1) {
		snprintf(out->name, sizeof(out->name), "%s", db_col_text(st, 0));
		snprintf(out->address, sizeof(out->address), "%s", db_col_text(st, 1));
		snprintf(out->office_phone, sizeof(out->office_phone), "%s", db_col_text(st, 2));
		out->billing_day = (int)db_col_int64(st, 3);
	}
	db_finalize(st);
	if (rc == 0)
		return error(err, "unknown project id %lld", (long long)id);
	return rc < 0 ? -1 : 0;
}

int project_phone_valid(const char *s)
{
	int digits = 0;

	while (*s) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (!strncmp(s, "转", strlen("转"))) {
			s += strlen("转");
			continue;
		} else if (!strchr("-+() ", *s))
			return 0;
		s++;
	}
	return digits >= 5 && digits <= 20;
}

int project_settings_set(struct db *db, int64_t id, const struct project_settings *s, struct buf *err)
{
	int rc;

	if (!s->name[0])
		return error(err, _("project name must not be empty"));
	if (s->billing_day < 1 || s->billing_day > 28)
		return error(err, _("the billing day must be between 1 and 28 (a day every month has)"));
	if (s->office_phone[0] && !project_phone_valid(s->office_phone))
		return error(err, _("'%s' is not a phone number"), s->office_phone);
	rc = db_run(db, NULL, err, "UPDATE project SET name = ?, address = ?, office_phone = ?, billing_day = ? "
		    "WHERE id = ? RETURNING id", "tttii", s->name, s->address, s->office_phone, (int64_t)s->billing_day, id);
	if (rc == 0)
		return error(err, "unknown project id %lld", (long long)id);
	return rc < 0 ? -1 : 0;
}
