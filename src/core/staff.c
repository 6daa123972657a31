/* staff.c: staff members, roles, projects, buildings and groups. */
#include "core/staff.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/str.h"

const char *const staff_roles[] = {
	"admin", "manager", "steward", "service", "cashier", "maintenance", "legal", "committee", NULL
};

static const char *const role_labels[] = {
	N_("administrator"), N_("project manager"), N_("building steward"), N_("customer service"),
	N_("cashier"), N_("maintenance"), N_("legal"), N_("owners' committee"), NULL
};

int staff_role_valid(const char *role)
{
	for (int i = 0; staff_roles[i]; i++)
		if (!strcmp(role, staff_roles[i]))
			return 1;
	return 0;
}

const char *staff_role_label(const char *role)
{
	for (int i = 0; staff_roles[i]; i++)
		if (!strcmp(role, staff_roles[i]))
			return _(role_labels[i]);
	return role;
}

int staff_hash_password(const char *password, struct buf *out, struct buf *err)
{
	char hash[crypto_pwhash_STRBYTES];

	if (sodium_init() < 0)
		return error(err, "cannot initialise libsodium");
	if (strlen(password) < 8)
		return error(err, _("password must have at least 8 characters"));
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return error(err, "out of memory while hashing the password");
	buf_setf(out, "%s", hash);
	sodium_memzero(hash, sizeof(hash));
	return 0;
}

static int login_valid(const char *login)
{
	size_t n = strlen(login);

	if (!n || n >= 64)
		return 0;
	for (const char *p = login; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		      *p == '-' || (*p >= 'A' && *p <= 'Z')))
			return 0;
	return 1;
}

int staff_assign_buildings(struct db *db, int64_t staff_id, int64_t project_id,
			   const char *buildings, int from, struct buf *err)
{
	static const char *const seps[] = { ",", "\xef\xbc\x8c", " ", NULL }; /* , ， space */
	struct strlist codes = STRLIST_INIT;
	struct db_stmt *find = NULL, *ins = NULL;
	int rc = 0;

	str_split_any(&codes, buildings, seps);
	if (!codes.nr) {
		rc = error(err, _("no buildings given"));
		goto cleanup;
	}
	if (db_prepare(db, &find, "SELECT id FROM building WHERE project_id = ? AND code = ?", err) < 0 ||
	    db_prepare(db, &ins, "INSERT INTO staff_building (staff_id, building_id, from_day) VALUES (?, ?, ?) "
		       "ON CONFLICT DO NOTHING", err) < 0) {
		rc = -1;
		goto cleanup;
	}
	for (size_t i = 0; i < codes.nr; i++) {
		int64_t bid;
		db_reset(find);
		db_bind_int64(find, 1, project_id);
		db_bind_text(find, 2, codes.items[i]);
		rc = db_step(find, err);
		if (rc < 0)
			goto cleanup;
		if (rc == 0) {
			rc = error(err, _("unknown building '%s'"), codes.items[i]);
			goto cleanup;
		}
		bid = db_col_int64(find, 0);
		db_reset(ins);
		db_bind_int64(ins, 1, staff_id);
		db_bind_int64(ins, 2, bid);
		db_bind_int64(ins, 3, from);
		if ((rc = db_step(ins, err)) < 0)
			goto cleanup;
	}
	rc = 0;
cleanup:
	db_finalize(find);
	db_finalize(ins);
	strlist_clear(&codes);
	return rc;
}

static int add_to_group(struct db *db, int64_t staff_id, int64_t project_id, const char *group, struct buf *err)
{
	int64_t gid;

	/* create the group if new; either way read its id */
	if (db_run(db, NULL, err, "INSERT INTO staff_group (project_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
		   "it", project_id, group) < 0 ||
	    db_run(db, &gid, err, "SELECT id FROM staff_group WHERE project_id = ? AND name = ?",
		   "it", project_id, group) != 1)
		return -1;
	return db_run(db, NULL, err, "INSERT INTO staff_group_member (group_id, staff_id) VALUES (?, ?) "
		      "ON CONFLICT DO NOTHING", "ii", gid, staff_id) < 0 ? -1 : 0;
}

int staff_add(struct db *db, const struct staff_new *n, int64_t *id, struct buf *err)
{
	struct buf hash = BUF_INIT;
	struct db_stmt *st = NULL;
	int rc;

	if (!login_valid(n->login))
		return error(err, _("login '%s' must be 1-63 letters, digits, '.', '_' or '-'"), n->login);
	if (!*n->name)
		return error(err, _("name must not be empty"));
	if (!staff_role_valid(n->role))
		return error(err, _("unknown role '%s' (expected admin, manager, steward, service, cashier, maintenance, legal or committee)"), n->role);
	if (n->password && staff_hash_password(n->password, &hash, err) < 0)
		return -1;
	if ((rc = db_prepare(db, &st, "INSERT INTO staff (login, name, role, password_hash, all_projects, created_at) "
			     "VALUES (?, ?, ?, ?, ?, ?) RETURNING id", err)) < 0)
		goto cleanup;
	db_bind_text(st, 1, n->login);
	db_bind_text(st, 2, n->name);
	db_bind_text(st, 3, n->role);
	db_bind_text_or_null(st, 4, n->password ? hash.buf : NULL);
	db_bind_int64(st, 5, !strcmp(n->role, "admin"));
	db_bind_int64(st, 6, (int64_t)time(NULL));
	rc = db_step(st, err);
	if (rc == DB_CONFLICT) {
		rc = error(err, _("staff member '%s' already exists"), n->login);
		goto cleanup;
	}
	if (rc < 0)
		goto cleanup;
	*id = db_col_int64(st, 0);
	db_finalize(st);
	st = NULL;
	if (n->project_id) {
		if ((rc = db_prepare(db, &st, "INSERT INTO staff_project (staff_id, project_id) VALUES (?, ?)", err)) < 0)
			goto cleanup;
		db_bind_int64(st, 1, *id);
		db_bind_int64(st, 2, n->project_id);
		if ((rc = db_step(st, err)) < 0)
			goto cleanup;
		if (n->buildings && (rc = staff_assign_buildings(db, *id, n->project_id, n->buildings, DATE_MIN, err)) < 0)
			goto cleanup;
		if (n->group && *n->group && (rc = add_to_group(db, *id, n->project_id, n->group, err)) < 0)
			goto cleanup;
	} else if (n->buildings || n->group) {
		rc = error(err, _("--buildings and --group need --project"));
		goto cleanup;
	}
	rc = 0;
cleanup:
	db_finalize(st);
	buf_release(&hash);
	return rc < 0 ? -1 : 0;
}

int staff_join_project(struct db *db, int64_t staff_id, int64_t project_id, struct buf *err)
{
	return db_run(db, NULL, err, "INSERT INTO staff_project (staff_id, project_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
		      "ii", staff_id, project_id) < 0 ? -1 : 0;
}

int staff_deactivate(struct db *db, int64_t staff_id, int *moved, struct buf *err)
{
	/* per kind of task: how many are open, and where they go (as a step with nobody to
	 * do it: the project manager, else an administrator) */
	static const char *const sql[2][2] = {
		{ "SELECT COUNT(*) FROM task WHERE staff_id = ? AND state = 'open'",
		  "UPDATE task SET staff_id = COALESCE((SELECT s.id FROM staff s JOIN staff_project sp ON sp.staff_id = s.id "
		  "JOIN dun_case k ON k.project_id = sp.project_id WHERE k.id = task.case_id AND s.role = 'manager' "
		  "AND s.active = 1 ORDER BY s.id LIMIT 1), (SELECT id FROM staff WHERE role = 'admin' AND active = 1 "
		  "ORDER BY id LIMIT 1), staff_id) WHERE staff_id = ? AND state = 'open'" },
		{ "SELECT COUNT(*) FROM care_task WHERE staff_id = ? AND state = 'open'",
		  "UPDATE care_task SET staff_id = COALESCE((SELECT s.id FROM staff s JOIN staff_project sp "
		  "ON sp.staff_id = s.id WHERE sp.project_id = care_task.project_id AND s.role = 'manager' "
		  "AND s.active = 1 ORDER BY s.id LIMIT 1), (SELECT id FROM staff WHERE role = 'admin' AND active = 1 "
		  "ORDER BY id LIMIT 1), staff_id) WHERE staff_id = ? AND state = 'open'" },
	};
	int rc = db_run(db, NULL, err, "UPDATE staff SET active = 0 WHERE id = ? AND active = 1 RETURNING id", "i", staff_id);

	if (moved)
		*moved = 0;
	if (rc == 0)
		return error(err, _("no active staff member with id %lld"), (long long)staff_id);
	if (rc < 0)
		return -1;
	for (int k = 0; k < 2; k++) {
		int64_t n = 0;
		if (db_run(db, &n, err, sql[k][0], "i", staff_id) < 0 || (n && db_run(db, NULL, err, sql[k][1], "i", staff_id) < 0))
			return -1;
		if (moved)
			*moved += (int)n;
	}
	return 0;
}

int staff_find(struct db *db, const char *login, struct staff *out, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	if (db_prepare(db, &st, "SELECT id, login, name, role, all_projects FROM staff WHERE login = ? AND active = 1", err) < 0)
		return -1;
	db_bind_text(st, 1, login);
	rc = db_step(st, err);
	if (rc == 1) {
		out->id = db_col_int64(st, 0);
		snprintf(out->login, sizeof(out->login), "%s", db_col_text(st, 1));
		snprintf(out->name, sizeof(out->name), "%s", db_col_text(st, 2));
		snprintf(out->role, sizeof(out->role), "%s", db_col_text(st, 3));
		out->all_projects = (int)db_col_int64(st, 4);
	}
	db_finalize(st);
	if (rc == 0)
		return error(err, _("unknown staff member '%s'"), login);
	return rc < 0 ? -1 : 0;
}

int staff_in_project(struct db *db, const struct staff *s, int64_t project_id)
{
	int64_t one;

	if (s->all_projects)
		return 1;
	return db_run(db, &one, NULL, "SELECT 1 FROM staff_project WHERE staff_id = ? AND project_id = ?",
		      "ii", s->id, project_id) == 1;
}

int staff_ensure_admin(struct db *db, int *created, struct buf *err)
{
	struct staff_new n = { .login = "admin", .name = "管理员", .role = "admin" };
	int64_t id;
	int rc;

	*created = 0;
	rc = db_run(db, &id, err, "SELECT id FROM staff WHERE login = 'admin'", "");
	if (rc < 0)
		return -1;
	if (rc == 1)
		return 0;
	if (staff_add(db, &n, &id, err) < 0)
		return -1;
	*created = 1;
	return 0;
}

int staff_set_password(struct db *db, int64_t staff_id, const char *password, struct buf *err)
{
	struct buf hash = BUF_INIT;
	int rc;

	if (staff_hash_password(password, &hash, err) < 0)
		return -1;
	rc = db_run(db, NULL, err, "UPDATE staff SET password_hash = ? WHERE id = ?", "ti", hash.buf, staff_id) < 0 ||
	     /* a new password ends the sessions opened with the old one */
	     db_run(db, NULL, err, "DELETE FROM web_session WHERE staff_id = ?", "i", staff_id) < 0 ? -1 : 0;
	buf_release(&hash);
	return rc;
}
