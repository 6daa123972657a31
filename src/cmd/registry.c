/* registry.c: project and staff commands. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "core/project.h"

int cmd_project_add(struct ctx *c, int argc, char **argv)
{
	const char *pay_url = NULL, *pos[2];
	const struct opt opts[] = { { "--pay-url", OPT_STRING, &pay_url }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 2, &npos)) || (rc = cmd_need_args(c, npos, 2)))
		return rc;
	if ((rc = cmd_require_role(c, "admin")))
		return rc;
	if (db_begin(c->db, &err) < 0 || project_add(c->db, pos[0], pos[1], pay_url, &id, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "project.add", pos[0], pos[1]);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return output_created(c, id, NULL);
}

int cmd_project_set(struct ctx *c, int argc, char **argv)
{
	const char *phone = NULL, *address = NULL, *pos[1];
	const struct opt opts[] = { { "--phone", OPT_STRING, &phone }, { "--address", OPT_STRING, &address },
				    { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!phone && !address)
		return cmd_usage_error(c, _("give --phone or --address"));
	if ((rc = cmd_require_role(c, "admin|manager")) || (rc = cmd_project(c, pos[0], &id)))
		return rc;
	if (db_begin(c->db, &err) < 0 || project_set_contact(c->db, id, phone, address, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "project.set", pos[0], NULL);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return 0;
}

int cmd_project_list(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "code", N_("Code"), COL_TEXT, NULL },
		{ "name", N_("Project"), COL_TEXT, NULL },
		{ "pay_url", N_("Pay link base"), COL_TEXT, NULL },
		{ NULL, NULL, 0, NULL },
	};
	struct buf err = BUF_INIT;
	struct db_stmt *st;
	const char *pos[1];
	json_t *rows = json_array();
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, NULL, pos, 0, &npos)))
		goto out;
	if (db_prepare(c->db, &st, "SELECT id, code, name, pay_url FROM project ORDER BY code", &err) < 0) {
		rc = cmd_fail(c, &err);
		goto out;
	}
	while ((rc = db_step(st, &err)) == 1) {
		json_t *r;
		if (!staff_in_project(c->db, &c->actor, db_col_int64(st, 0)))
			continue;
		r = json_object();
		json_object_set_new(r, "id", json_integer(db_col_int64(st, 0)));
		json_object_set_new(r, "code", json_string(db_col_text(st, 1)));
		json_object_set_new(r, "name", json_string(db_col_text(st, 2)));
		json_object_set_new(r, "pay_url", json_string(db_col_text(st, 3)));
		json_array_append_new(rows, r);
	}
	db_finalize(st);
	rc = rc < 0 ? cmd_fail(c, &err) : output_rows(c, rows, cols);
out:
	json_decref(rows);
	buf_release(&err);
	return rc;
}

static int read_password(struct buf *out)
{
	char line[1024];
	size_t n;

	if (!fgets(line, sizeof(line), stdin))
		return -1;
	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	buf_adds(out, line);
	memset(line, 0, sizeof(line));
	return 0;
}

int cmd_staff_password(struct ctx *c, int argc, char **argv)
{
	const char *pos[1];
	int password_stdin = 0, npos, rc;
	const struct opt opts[] = { { "--password-stdin", OPT_FLAG, &password_stdin }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT, password = BUF_INIT;
	struct staff who;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!password_stdin)
		return cmd_usage_error(c, _("give the password on standard input with --password-stdin"));
	if (staff_find(c->db, pos[0], &who, &err) < 0)
		return cmd_fail(c, &err);
	/* one's own, or anyone's for an administrator */
	if (who.id != c->actor.id && (rc = cmd_require_role(c, "admin")))
		return rc;
	if (read_password(&password) < 0)
		return cmd_error(_("no password on standard input"));
	if (db_begin(c->db, &err) < 0 || staff_set_password(c->db, who.id, password.buf, &err) < 0) {
		buf_release(&password);
		return cmd_fail(c, &err);
	}
	buf_release(&password);
	cmd_audit(c, "staff.password", pos[0], "");
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return 0;
}

int cmd_staff_add(struct ctx *c, int argc, char **argv)
{
	const char *role = NULL, *project = NULL, *buildings = NULL, *group = NULL, *pos[2];
	int password_stdin = 0;
	const struct opt opts[] = {
		{ "--role", OPT_STRING, &role }, { "--project", OPT_STRING, &project },
		{ "--buildings", OPT_STRING, &buildings }, { "--group", OPT_STRING, &group },
		{ "--password-stdin", OPT_FLAG, &password_stdin }, { NULL, 0, NULL },
	};
	struct buf err = BUF_INIT, password = BUF_INIT;
	struct staff_new n = { 0 };
	int64_t id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 2, &npos)) || (rc = cmd_need_args(c, npos, 2)))
		return rc;
	if (!role)
		return cmd_usage_error(c, _("--role is required"));
	if (!project && strcmp(role, "admin"))
		return cmd_usage_error(c, _("--project is required"));
	if ((rc = cmd_require_role(c, "admin|manager")))
		return rc;
	if (!strcmp(role, "admin") && strcmp(c->actor.role, "admin"))
		return cmd_error(_("only an administrator may add an administrator"));
	if (project && (rc = cmd_project(c, project, &n.project_id)))
		return rc;
	if (password_stdin && read_password(&password) < 0)
		return cmd_error(_("no password on standard input"));
	n.login = pos[0];
	n.name = pos[1];
	n.role = role;
	n.buildings = buildings;
	n.group = group;
	n.password = password_stdin ? password.buf : NULL;
	if (db_begin(c->db, &err) < 0 || staff_add(c->db, &n, &id, &err) < 0) {
		buf_release(&password);
		return cmd_fail(c, &err);
	}
	buf_release(&password);
	cmd_audit(c, "staff.add", pos[0], role);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return output_created(c, id, NULL);
}

int cmd_staff_assign(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *buildings = NULL, *from_s = NULL, *pos[1];
	const struct opt opts[] = {
		{ "--project", OPT_STRING, &project }, { "--buildings", OPT_STRING, &buildings },
		{ "--from", OPT_STRING, &from_s }, { NULL, 0, NULL },
	};
	struct buf err = BUF_INIT;
	struct staff s;
	int64_t project_id;
	int npos, rc, from = DATE_MIN;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!buildings)
		return cmd_usage_error(c, _("--buildings is required"));
	if (from_s && date_parse(from_s, &from) < 0)
		return cmd_usage_error(c, _("--from needs a date as YYYY-MM-DD, not '%s'"), from_s);
	if ((rc = cmd_require_role(c, "admin|manager")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (staff_find(c->db, pos[0], &s, &err) < 0)
		return cmd_fail(c, &err);
	if (db_begin(c->db, &err) < 0 ||
	    db_run(c->db, NULL, &err, "INSERT INTO staff_project (staff_id, project_id) VALUES (?, ?) "
		   "ON CONFLICT DO NOTHING", "ii", s.id, project_id) < 0 ||
	    staff_assign_buildings(c->db, s.id, project_id, buildings, from, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "staff.assign", pos[0], buildings);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return 0;
}

int cmd_staff_list(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "login", N_("Login"), COL_TEXT, NULL },
		{ "name", N_("Name"), COL_TEXT, NULL },
		{ "role_label", N_("Role"), COL_TEXT, NULL },
		{ "projects", N_("Projects"), COL_LIST, NULL },
		{ "buildings", N_("Buildings"), COL_LIST, NULL },
		{ "groups", N_("Groups"), COL_LIST, NULL },
		{ NULL, NULL, 0, NULL },
	};
	const char *project = NULL, *pos[1];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	struct db_stmt *st = NULL, *sub[3] = { NULL, NULL, NULL };
	static const char *const sub_sql[3] = {
		"SELECT p.code FROM staff_project sp JOIN project p ON p.id = sp.project_id WHERE sp.staff_id = ? ORDER BY p.code",
		"SELECT p.code || '/' || b.code FROM staff_building sb JOIN building b ON b.id = sb.building_id "
		"JOIN project p ON p.id = b.project_id WHERE sb.staff_id = ? ORDER BY p.code, LENGTH(b.code), b.code",
		"SELECT g.name FROM staff_group_member m JOIN staff_group g ON g.id = m.group_id WHERE m.staff_id = ? ORDER BY g.name",
	};
	static const char *const sub_key[3] = { "projects", "buildings", "groups" };
	json_t *rows = json_array();
	int64_t project_id = 0;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		goto out;
	if (project && (rc = cmd_project(c, project, &project_id)))
		goto out;
	for (int k = 0; k < 3; k++)
		if (db_prepare(c->db, &sub[k], sub_sql[k], &err) < 0) {
			rc = cmd_fail(c, &err);
			goto out;
		}
	if (db_prepare(c->db, &st, "SELECT s.id, s.login, s.name, s.role FROM staff s WHERE s.active = 1 AND "
		       "(? = 0 OR s.all_projects = 1 OR EXISTS (SELECT 1 FROM staff_project sp "
		       "WHERE sp.staff_id = s.id AND sp.project_id = ?)) ORDER BY s.id", &err) < 0) {
		rc = cmd_fail(c, &err);
		goto out;
	}
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, project_id);
	while ((rc = db_step(st, &err)) == 1) {
		json_t *r = json_object();
		json_object_set_new(r, "login", json_string(db_col_text(st, 1)));
		json_object_set_new(r, "name", json_string(db_col_text(st, 2)));
		json_object_set_new(r, "role", json_string(db_col_text(st, 3)));
		json_object_set_new(r, "role_label", json_string(staff_role_label(db_col_text(st, 3))));
		for (int k = 0; k < 3; k++) {
			json_t *list = json_array();
			db_reset(sub[k]);
			db_bind_int64(sub[k], 1, db_col_int64(st, 0));
			while (db_step(sub[k], &err) == 1)
				json_array_append_new(list, json_string(db_col_text(sub[k], 0)));
			json_object_set_new(r, sub_key[k], list);
		}
		json_array_append_new(rows, r);
	}
	rc = rc < 0 ? cmd_fail(c, &err) : output_rows(c, rows, cols);
out:
	db_finalize(st);
	for (int k = 0; k < 3; k++)
		db_finalize(sub[k]);
	json_decref(rows);
	buf_release(&err);
	return rc;
}
