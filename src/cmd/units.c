/* units.c: importing, listing, exporting and changing units. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "core/party.h"
#include "core/project.h"
#include "core/unit.h"
#include "core/unit_import.h"
#include "io/sheet.h"
#include "io/xlsx_write.h"

int cmd_import_units(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *pos[1];
	int dry_run = 0;
	const struct opt opts[] = {
		{ "--project", OPT_STRING, &project }, { "--dry-run", OPT_FLAG, &dry_run }, { NULL, 0, NULL },
	};
	struct sheet sheet = SHEET_INIT;
	struct import_result res;
	struct buf err = BUF_INIT;
	int64_t project_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if ((rc = cmd_require_role(c, "admin|manager")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (sheet_read_file(pos[0], &sheet, &err) < 0) {
		sheet_release(&sheet);
		return cmd_fail(c, &err);
	}
	rc = unit_import(c->db, project_id, &sheet, dry_run, &res, &err);
	sheet_release(&sheet);
	if (rc < 0)
		return cmd_fail(c, &err);
	if (!dry_run) {
		struct buf detail = BUF_INIT;
		buf_addf(&detail, "%s: %d units, %d owners", pos[0], res.units, res.owners);
		cmd_audit(c, "units.import", project, detail.buf);
		buf_release(&detail);
	}
	if (c->format == FORMAT_JSON) {
		json_t *o = json_pack("{s:i,s:i,s:i,s:b}", "units", res.units, "owners", res.owners,
				      "buildings", res.buildings, "dry_run", dry_run);
		rc = output_json(o);
		json_decref(o);
	} else {
		if (dry_run)
			printf(_("%s is valid: it would import %d units and %d owners"), pos[0], res.units, res.owners);
		else
			printf(_("imported %d units, %d owners and %d new buildings"), res.units, res.owners, res.buildings);
		putchar('\n');
		rc = 0;
	}
	buf_release(&err);
	return rc;
}

static void render_owners(struct buf *out, json_t *row)
{
	json_t *owners = json_object_get(row, "owners"), *o;
	size_t i;

	json_array_foreach(owners, i, o) {
		if (i)
			buf_adds(out, "、");
		buf_adds(out, json_string_value(json_object_get(o, "name")));
	}
}

static void render_phones(struct buf *out, json_t *row)
{
	json_t *owners = json_object_get(row, "owners"), *o, *p;
	size_t i, k;
	int n = 0;

	json_array_foreach(owners, i, o) {
		json_array_foreach(json_object_get(o, "phones"), k, p) {
			if (n++)
				buf_addch(out, '/');
			buf_adds(out, json_string_value(p));
		}
	}
}

static void render_state(struct buf *out, json_t *row)
{
	buf_adds(out, unit_state_label(json_string_value(json_object_get(row, "state"))));
}

/* Staff who do not call owners see masked numbers (SPEC: personal data only to those
 * who need it). */
static int role_sees_phones(const char *role)
{
	return strcmp(role, "cashier") && strcmp(role, "maintenance") && strcmp(role, "committee");
}

int cmd_units(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "unit", N_("Unit"), COL_TEXT, NULL },
		{ "area_m2", N_("Area m²"), COL_INT, NULL },
		{ "type", N_("Type"), COL_TEXT, NULL },
		{ "state", N_("State"), COL_CUSTOM, render_state },
		{ "owners", N_("Owner"), COL_CUSTOM, render_owners },
		{ "phones", N_("Phone"), COL_CUSTOM, render_phones },
		{ NULL, NULL, 0, NULL },
	};
	const char *project = NULL, *building = NULL, *state = NULL, *pos[1];
	const struct opt opts[] = {
		{ "--project", OPT_STRING, &project }, { "--building", OPT_STRING, &building },
		{ "--state", OPT_STRING, &state }, { NULL, 0, NULL },
	};
	struct buf err = BUF_INIT;
	int64_t project_id;
	json_t *units;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (state && !unit_state_valid(state))
		return cmd_usage_error(c, _("unknown state '%s' (expected undelivered, vacant, decorating or occupied)"), state);
	if ((rc = cmd_project(c, project, &project_id)))
		return rc;
	if (unit_list(c->db, project_id, building, state, c->today, !role_sees_phones(c->actor.role), &units, &err) < 0)
		return cmd_fail(c, &err);
	rc = output_rows(c, units, cols);
	json_decref(units);
	buf_release(&err);
	return rc;
}

int cmd_export_units(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *file = NULL, *pos[1];
	const struct opt opts[] = {
		{ "--project", OPT_STRING, &project }, { "-o", OPT_STRING, &file }, { "--output", OPT_STRING, &file },
		{ NULL, 0, NULL },
	};
	struct sheet sheet = SHEET_INIT;
	struct buf err = BUF_INIT;
	int64_t project_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (!file)
		return cmd_usage_error(c, _("-o FILE.xlsx is required"));
	if ((rc = cmd_require_role(c, "admin|manager|steward|service")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (unit_export(c->db, project_id, c->today, &sheet, &err) < 0 ||
	    xlsx_write_sheet(file, "业主档案", &sheet, &err) < 0) {
		sheet_release(&sheet);
		return cmd_fail(c, &err);
	}
	/* an export of personal data is audited */
	cmd_audit(c, "units.export", project, file);
	sheet_release(&sheet);
	buf_release(&err);
	return 0;
}

static int parse_from(struct ctx *c, const char *s, int *day)
{
	*day = c->today;
	if (s && date_parse(s, day) < 0)
		return cmd_usage_error(c, _("--from needs a date as YYYY-MM-DD, not '%s'"), s);
	return 0;
}

int cmd_unit_state(struct ctx *c, int argc, char **argv)
{
	const char *state = NULL, *from_s = NULL, *pos[1];
	const struct opt opts[] = { { "--state", OPT_STRING, &state }, { "--from", OPT_STRING, &from_s }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t unit_id, project_id;
	int npos, rc, from;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!state)
		return cmd_usage_error(c, _("--state is required"));
	if ((rc = parse_from(c, from_s, &from)) || (rc = cmd_require_role(c, "admin|manager|steward|service")))
		return rc;
	if (unit_find(c->db, pos[0], &unit_id, &project_id, &err) < 0)
		return cmd_fail(c, &err);
	if ((rc = cmd_require_project(c, project_id)))
		return rc;
	if (db_begin(c->db, &err) < 0 || unit_set_state(c->db, unit_id, state, from, &err) < 0)
		return cmd_fail(c, &err);
	/* the developer stops being liable at handover: the owner of record takes over */
	cmd_audit(c, "unit.state", pos[0], state);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return 0;
}

int cmd_owner_sell(struct ctx *c, int argc, char **argv)
{
	const char *owner = NULL, *phone = NULL, *from_s = NULL, *pos[1];
	const struct opt opts[] = {
		{ "--owner", OPT_STRING, &owner }, { "--phone", OPT_STRING, &phone }, { "--from", OPT_STRING, &from_s },
		{ NULL, 0, NULL },
	};
	struct buf err = BUF_INIT;
	int64_t unit_id, project_id, party;
	int npos, rc, from;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!owner || !phone)
		return cmd_usage_error(c, _("--owner and --phone are required"));
	if ((rc = parse_from(c, from_s, &from)) || (rc = cmd_require_role(c, "admin|manager|service")))
		return rc;
	if (unit_find(c->db, pos[0], &unit_id, &project_id, &err) < 0)
		return cmd_fail(c, &err);
	if ((rc = cmd_require_project(c, project_id)))
		return rc;
	if (db_begin(c->db, &err) < 0 || party_find_or_add(c->db, owner, phone, &party, &err) < 0 ||
	    unit_transfer(c->db, unit_id, party, from, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "unit.sell", pos[0], owner);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return output_created(c, party, NULL);
}

int cmd_tenant_add(struct ctx *c, int argc, char **argv)
{
	const char *name = NULL, *phone = NULL, *from_s = NULL, *pos[1];
	const struct opt opts[] = {
		{ "--name", OPT_STRING, &name }, { "--phone", OPT_STRING, &phone }, { "--from", OPT_STRING, &from_s },
		{ NULL, 0, NULL },
	};
	struct buf err = BUF_INIT;
	int64_t unit_id, project_id, party, id;
	int npos, rc, from;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!name || !phone)
		return cmd_usage_error(c, _("--name and --phone are required"));
	if ((rc = parse_from(c, from_s, &from)) || (rc = cmd_require_role(c, "admin|manager|steward|service")))
		return rc;
	if (unit_find(c->db, pos[0], &unit_id, &project_id, &err) < 0)
		return cmd_fail(c, &err);
	if ((rc = cmd_require_project(c, project_id)))
		return rc;
	if (db_begin(c->db, &err) < 0 || party_find_or_add(c->db, name, phone, &party, &err) < 0 ||
	    db_run(c->db, &id, &err, "INSERT INTO unit_contact (unit_id, party_id, role, from_day) "
		   "VALUES (?, ?, 'tenant', ?) RETURNING id", "iii", unit_id, party, (int64_t)from) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "unit.tenant", pos[0], name);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return output_created(c, id, NULL);
}

int cmd_unit(struct ctx *c, int argc, char **argv)
{
	const char *pos[1];
	struct buf err = BUF_INIT;
	struct db_stmt *st = NULL;
	int64_t unit_id, project_id;
	json_t *units = NULL, *u = NULL, *hist;
	size_t i;
	json_t *v;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, NULL, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (unit_find(c->db, pos[0], &unit_id, &project_id, &err) < 0)
		return cmd_fail(c, &err);
	if ((rc = cmd_require_project(c, project_id)))
		return rc;
	if (unit_list(c->db, project_id, NULL, NULL, c->today, !role_sees_phones(c->actor.role), &units, &err) < 0)
		return cmd_fail(c, &err);
	json_array_foreach(units, i, v)
		if (json_integer_value(json_object_get(v, "id")) == unit_id)
			u = json_incref(v);
	json_decref(units);
	if (!u)
		return cmd_error("unit vanished");
	hist = json_array();
	if (db_prepare(c->db, &st, "SELECT from_day, state FROM unit_state WHERE unit_id = ? ORDER BY from_day", &err) < 0)
		goto fail;
	db_bind_int64(st, 1, unit_id);
	while ((rc = db_step(st, &err)) == 1) {
		char d[11];
		date_format((int)db_col_int64(st, 0), d);
		json_array_append_new(hist, json_pack("{s:s,s:s}", "from", d, "state", db_col_text(st, 1)));
	}
	db_finalize(st);
	st = NULL;
	json_object_set_new(u, "states", hist);
	hist = json_array();
	if (db_prepare(c->db, &st, "SELECT o.from_day, p.name, p.kind FROM ownership o JOIN party p ON p.id = o.party_id "
		       "WHERE o.unit_id = ? ORDER BY o.from_day, o.seq", &err) < 0)
		goto fail;
	db_bind_int64(st, 1, unit_id);
	while ((rc = db_step(st, &err)) == 1) {
		char d[11];
		date_format((int)db_col_int64(st, 0), d);
		json_array_append_new(hist, json_pack("{s:s,s:s,s:s}", "from", d, "name", db_col_text(st, 1),
						      "kind", db_col_text(st, 2)));
	}
	db_finalize(st);
	st = NULL;
	json_object_set_new(u, "ownership", hist);
	hist = json_array();
	if (db_prepare(c->db, &st, "SELECT c.role, p.name, c.from_day FROM unit_contact c JOIN party p ON p.id = c.party_id "
		       "WHERE c.unit_id = ? ORDER BY c.id", &err) < 0)
		goto fail;
	db_bind_int64(st, 1, unit_id);
	while ((rc = db_step(st, &err)) == 1) {
		char d[11];
		date_format((int)db_col_int64(st, 2), d);
		json_array_append_new(hist, json_pack("{s:s,s:s,s:s}", "role", db_col_text(st, 0), "name",
						      db_col_text(st, 1), "from", d));
	}
	db_finalize(st);
	st = NULL;
	json_object_set_new(u, "contacts", hist);
	hist = NULL;
	if (c->format == FORMAT_JSON) {
		rc = output_json(u);
	} else {
		json_t *o;
		printf("%s  %s m²  %s  %s\n", json_string_value(json_object_get(u, "unit")),
		       json_string_value(json_object_get(u, "area_m2")), json_string_value(json_object_get(u, "type")),
		       unit_state_label(json_string_value(json_object_get(u, "state"))));
		printf("%s:\n", _("State history"));
		json_array_foreach(json_object_get(u, "states"), i, o)
			printf("  %-10s  %s\n", *json_string_value(json_object_get(o, "from")) ?
			       json_string_value(json_object_get(o, "from")) : "-",
			       unit_state_label(json_string_value(json_object_get(o, "state"))));
		printf("%s:\n", _("Owners"));
		json_array_foreach(json_object_get(u, "ownership"), i, o)
			printf("  %-10s  %s\n", *json_string_value(json_object_get(o, "from")) ?
			       json_string_value(json_object_get(o, "from")) : "-",
			       json_string_value(json_object_get(o, "name")));
		if (json_array_size(json_object_get(u, "contacts"))) {
			printf("%s:\n", _("Contacts"));
			json_array_foreach(json_object_get(u, "contacts"), i, o)
				printf("  %-10s  %s  %s\n", json_string_value(json_object_get(o, "from")),
				       json_string_value(json_object_get(o, "role")),
				       json_string_value(json_object_get(o, "name")));
		}
		rc = 0;
	}
	json_decref(u);
	buf_release(&err);
	return rc;
fail:
	json_decref(hist);
	json_decref(u);
	return cmd_fail(c, &err);
}
