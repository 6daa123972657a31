/* settings.c: 设置: the frame of the settings pages, the project (name, address, office
 * phone, billing day), buildings and their stewards, and the staff. */
#include "web/pages/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/i18n.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/project.h"
#include "core/staff.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

static const struct {
	const char *key, *path, *label;
} sections[] = {
	{ "project", "/settings", N_("Project") },
	{ "buildings", "/settings/buildings", N_("Buildings & stewards") },
	{ "fees", "/settings/fees", N_("Fees & contracts") },
	{ "policy", "/settings/policy", N_("Collection ladder") },
	{ "templates", "/settings/templates", N_("Message templates") },
	{ "staff", "/settings/staff", N_("Staff") },
	{ "channels", "/settings/channels", N_("Channels") },
};

const char *settings_code(const struct settings_page *p)
{
	return p->cur ? p->cur->code : "";
}

int settings_begin(struct web_req *r, struct settings_page *p, const char *section, const char *title)
{
	const char *path = "/settings";

	if (office_page_begin(r, p, title, _("Settings"), "settings") < 0)
		return -1;
	html(&p->b, "<nav class=\"subnav\">");
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		int here = !strcmp(sections[i].key, section);
		if (here)
			path = sections[i].path;
		htmlf(&p->b, "<a href=\"%s?project=%U\"", sections[i].path, settings_code(p));
		if (here)
			html(&p->b, " class=\"active\" aria-current=\"page\"");
		htmlf(&p->b, ">%s</a>", _(sections[i].label));
	}
	html(&p->b, "</nav>");
	office_project_switch(&p->b, path, p->projects, p->n, p->cur ? p->cur->id : 0, 0);
	if (web_arg(r, "saved") && !strcmp(r->method, "GET"))
		layout_flash(&p->b, "ok", _("Saved."));
	htmlf(&p->b, "<h2>%s</h2>", title);
	return 0;
}

int settings_end(struct web_req *r, struct settings_page *p, int status)
{
	return office_page_end(r, p, status);
}

int settings_saved(struct web_req *r, const char *path)
{
	struct buf to = BUF_INIT;
	char code[32];

	office_project_code(r->db, r->project_id, code);
	buf_adds(&to, path);
	buf_adds(&to, "?saved=1&project=");
	html_url(&to, code);
	web_redirect(r, to.buf);
	buf_release(&to);
	return 0;
}

/* The hidden fields every settings form carries. */
static void form_head(struct web_req *r, struct buf *b, const char *action, const struct settings_page *p)
{
	htmlf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">", action);
	layout_csrf(r, b);
	htmlf(b, "<input type=\"hidden\" name=\"project\" value=\"%s\">", settings_code(p));
}

/* ---- the project ---- */

int settings_project_render(struct web_req *r, int status, const struct field_errors *fe, int posted)
{
	struct settings_page p;
	struct project_settings s;
	struct buf err = BUF_INIT;
	char day[16];

	if (settings_begin(r, &p, "project", _("Project")) < 0)
		return -1;
	if (p.cur) {
		if (project_settings_get(r->db, p.cur->id, &s, &err) < 0) {
			buf_release(&err);
			settings_end(r, &p, 500);
			return 0;
		}
		snprintf(day, sizeof(day), "%d", s.billing_day);
		if (r->role_bit & R_ADMIN) {
			form_head(r, &p.b, "/settings/project", &p);
			field_input(&p.b, fe, "name", _("Name"), "text", posted ? office_echo(r, "name") : s.name,
				    "required maxlength=\"100\"");
			field_input(&p.b, fe, "address", _("Address of the office"), "text",
				    posted ? office_echo(r, "address") : s.address, "maxlength=\"200\"");
			field_input(&p.b, fe, "office_phone", _("Office phone (in messages as {office_phone})"), "tel",
				    posted ? office_echo(r, "office_phone") : s.office_phone, "maxlength=\"32\"");
			field_input(&p.b, fe, "billing_day", _("Billing day (the bill run of each month runs on it)"), "number",
				    posted ? office_echo(r, "billing_day") : day, "required min=\"1\" max=\"28\"");
			htmlf(&p.b, "<button type=\"submit\">%s</button></form>", _("Save"));
		} else {
			htmlf(&p.b, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
				    "<dt>%s</dt><dd>%d</dd></dl>",
			      _("Name"), s.name, _("Address of the office"), s.address, _("Office phone"), s.office_phone,
			      _("Billing day"), s.billing_day);
			htmlf(&p.b, "<p class=\"muted\">%s</p>", _("An administrator changes these."));
		}
	}
	if (r->role_bit & R_ADMIN) {
		htmlf(&p.b, "<h2>%s</h2>", _("Add a project"));
		form_head(r, &p.b, "/settings/projects", &p);
		field_input(&p.b, fe, "new_code", _("Code (letters and digits, as in unit names HY/3-2-1201)"), "text",
			    posted ? office_echo(r, "new_code") : "", "required maxlength=\"31\" pattern=\"[A-Za-z0-9_-]+\"");
		field_input(&p.b, fe, "new_name", _("Name"), "text", posted ? office_echo(r, "new_name") : "",
			    "required maxlength=\"100\"");
		htmlf(&p.b, "<button type=\"submit\">%s</button></form>", _("Add the project"));
	}
	buf_release(&err);
	return settings_end(r, &p, status);
}

int page_settings(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	return settings_project_render(r, 200, &fe, 0);
}

int page_settings_project(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct project_settings s;
	struct buf err = BUF_INIT;
	const char *name = office_text(r, &fe, "name", _("name"), 100, 1);
	const char *address = office_text(r, &fe, "address", _("address"), 200, 0);
	const char *phone = office_text(r, &fe, "office_phone", _("office phone"), 32, 0);
	int64_t day = 0;

	office_int(r, &fe, "billing_day", _("billing day"), 1, 28, 0, 1, &day);
	if (phone && *phone && !project_phone_valid(phone))
		field_error(&fe, "office_phone", _("a phone number of digits, with '-', blanks or 转 for an extension"));
	if (fe.n)
		return settings_project_render(r, 400, &fe, 1);
	memset(&s, 0, sizeof(s));
	snprintf(s.name, sizeof(s.name), "%s", name);
	snprintf(s.address, sizeof(s.address), "%s", address);
	snprintf(s.office_phone, sizeof(s.office_phone), "%s", phone);
	s.billing_day = (int)day;
	if (db_begin(r->db, &err) < 0 || project_settings_set(r->db, r->project_id, &s, &err) < 0) {
		db_rollback(r->db);
		field_error(&fe, "name", err.buf);
		buf_release(&err);
		return settings_project_render(r, 400, &fe, 1);
	}
	web_audit(r, "project.set", s.name, "");
	if (db_commit(r->db, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	return settings_saved(r, "/settings");
}

int page_settings_projects(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct buf err = BUF_INIT, to = BUF_INIT;
	const char *code = office_text(r, &fe, "new_code", _("code"), 31, 1);
	const char *name = office_text(r, &fe, "new_name", _("name"), 100, 1);
	int64_t id;

	if (fe.n)
		return settings_project_render(r, 400, &fe, 1);
	if (db_begin(r->db, &err) < 0 || project_add(r->db, code, name, NULL, &id, &err) < 0) {
		db_rollback(r->db);
		field_error(&fe, "new_code", err.buf);
		buf_release(&err);
		return settings_project_render(r, 400, &fe, 1);
	}
	web_audit(r, "project.add", code, name);
	if (db_commit(r->db, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	buf_adds(&to, "/settings?saved=1&project=");
	html_url(&to, code);
	web_redirect(r, to.buf);
	buf_release(&to);
	buf_release(&err);
	return 0;
}

/* ---- buildings and their stewards ---- */

int settings_buildings_render(struct web_req *r, int status, const struct field_errors *fe)
{
	struct settings_page p;
	struct db_stmt *st, *who;
	char **staff_opts = NULL;
	size_t nstaff = 0, alloc = 0;
	int rc, posted = fe->n > 0;
	char today[11];

	if (settings_begin(r, &p, "buildings", _("Buildings & stewards")) < 0)
		return -1;
	if (!p.cur)
		return settings_end(r, &p, status);
	/* each building, its units, who looks after it now and who will */
	if (db_prepare(r->db, &st, "SELECT b.id, b.code, b.name, (SELECT COUNT(*) FROM unit u WHERE u.building_id = b.id) "
		       "FROM building b WHERE b.project_id = ? ORDER BY LENGTH(b.code), b.code", NULL) < 0 ||
	    db_prepare(r->db, &who, "SELECT s.name, s.login, sb.from_day FROM staff_building sb JOIN staff s ON s.id = sb.staff_id "
		       "WHERE sb.building_id = ? AND s.active = 1 AND (sb.from_day > ? OR sb.from_day = (SELECT MAX(x.from_day) "
		       "FROM staff_building x JOIN staff y ON y.id = x.staff_id WHERE x.building_id = sb.building_id "
		       "AND y.active = 1 AND x.from_day <= ?)) ORDER BY sb.from_day, s.name", NULL) < 0)
		return -1;
	db_bind_int64(st, 1, p.cur->id);
	htmlf(&p.b, "<div class=\"table-wrap\"><table class=\"buildings\"><thead><tr><th>%s</th><th>%s</th>"
		    "<th class=\"num\">%s</th><th>%s</th></tr></thead><tbody>",
	      _("Building"), _("Name"), _("Units"), _("Stewards"));
	while ((rc = db_step(st, NULL)) == 1) {
		int first = 1;
		htmlf(&p.b, "<tr><td>%s</td><td>%s</td><td class=\"num\">%lld</td><td>", db_col_text(st, 1), db_col_text(st, 2),
		      (long long)db_col_int64(st, 3));
		db_reset(who);
		db_bind_int64(who, 1, db_col_int64(st, 0));
		db_bind_int64(who, 2, r->today);
		db_bind_int64(who, 3, r->today);
		while (db_step(who, NULL) == 1) {
			int from = (int)db_col_int64(who, 2);
			htmlf(&p.b, "%s%s (%s)", first ? "" : "、", db_col_text(who, 0), db_col_text(who, 1));
			if (from > r->today)
				htmlf(&p.b, " %s %D", _("from"), from);
			first = 0;
		}
		html(&p.b, "</td></tr>");
	}
	db_finalize(st);
	db_finalize(who);
	html(&p.b, "</tbody></table></div>");

	htmlf(&p.b, "<h2>%s</h2>", _("Add a building"));
	form_head(r, &p.b, "/settings/buildings", &p);
	field_input(&p.b, fe, "code", _("Code (as in unit names: 3 in HY/3-2-1201)"), "text",
		    posted ? office_echo(r, "code") : "", "required maxlength=\"20\"");
	field_input(&p.b, fe, "building_name", _("Name (optional)"), "text", posted ? office_echo(r, "building_name") : "",
		    "maxlength=\"60\"");
	htmlf(&p.b, "<button type=\"submit\">%s</button></form>", _("Add the building"));

	/* the staff of the project who may look after buildings */
	if (db_prepare(r->db, &st, "SELECT s.login, s.name, s.role FROM staff s JOIN staff_project sp ON sp.staff_id = s.id "
		       "WHERE sp.project_id = ? AND s.active = 1 AND s.role IN ('steward', 'manager', 'service') "
		       "ORDER BY s.role DESC, s.login", NULL) < 0)
		return -1;
	db_bind_int64(st, 1, p.cur->id);
	while (db_step(st, NULL) == 1) {
		struct buf label = BUF_INIT;
		XGROW(staff_opts, alloc, nstaff + 3);
		buf_addf(&label, "%s (%s, %s)", db_col_text(st, 1), db_col_text(st, 0), staff_role_label(db_col_text(st, 2)));
		staff_opts[nstaff++] = xstrdup(db_col_text(st, 0));
		staff_opts[nstaff++] = buf_detach(&label, NULL);
	}
	db_finalize(st);
	htmlf(&p.b, "<h2>%s</h2>", _("Assign buildings to a steward"));
	if (!nstaff)
		htmlf(&p.b, "<p class=\"muted\">%s</p>", _("Add a steward on the Staff page first."));
	else {
		staff_opts[nstaff] = NULL;
		date_format(r->today, today);
		form_head(r, &p.b, "/settings/stewards", &p);
		field_select(&p.b, fe, "login", _("Staff member"), (const char *const *)staff_opts, posted ? office_echo(r, "login") : "");
		field_input(&p.b, fe, "buildings", _("Buildings (codes, separated by commas)"), "text",
			    posted ? office_echo(r, "buildings") : "", "required maxlength=\"200\"");
		field_input(&p.b, fe, "from", _("From"), "date", posted ? office_echo(r, "from") : today, "required");
		htmlf(&p.b, "<button type=\"submit\">%s</button></form>", _("Assign"));
	}
	for (size_t i = 0; i < nstaff; i++)
		free(staff_opts[i]);
	free(staff_opts);
	return settings_end(r, &p, status);
}

int page_settings_buildings(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	return settings_buildings_render(r, 200, &fe);
}

int page_settings_buildings_add(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct buf err = BUF_INIT;
	const char *code = office_text(r, &fe, "code", _("code"), 20, 1);
	const char *name = office_text(r, &fe, "building_name", _("name"), 60, 0);
	int64_t id;

	if (fe.n)
		return settings_buildings_render(r, 400, &fe);
	if (db_begin(r->db, &err) < 0 || project_building_add(r->db, r->project_id, code, name, &id, &err) < 0) {
		db_rollback(r->db);
		field_error(&fe, "code", err.buf);
		buf_release(&err);
		return settings_buildings_render(r, 400, &fe);
	}
	web_audit(r, "building.add", code, name);
	if (db_commit(r->db, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	return settings_saved(r, "/settings/buildings");
}

int page_settings_stewards(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct buf err = BUF_INIT;
	const char *login = office_text(r, &fe, "login", _("staff member"), 63, 1);
	const char *buildings = office_text(r, &fe, "buildings", _("buildings"), 200, 1);
	const char *from_s = office_text(r, &fe, "from", _("date"), 10, 1);
	struct staff s;
	int from = 0;

	if (from_s && date_parse(from_s, &from) < 0)
		field_error(&fe, "from", _("give a date as YYYY-MM-DD"));
	if (login && staff_find(r->db, login, &s, &err) < 0)
		field_error(&fe, "login", err.buf);
	else if (login && !staff_in_project(r->db, &s, r->project_id))
		field_error(&fe, "login", _("this staff member does not work on the project"));
	if (fe.n) {
		buf_release(&err);
		return settings_buildings_render(r, 400, &fe);
	}
	if (db_begin(r->db, &err) < 0 || staff_assign_buildings(r->db, s.id, r->project_id, buildings, from, &err) < 0) {
		db_rollback(r->db);
		field_error(&fe, "buildings", err.buf);
		buf_release(&err);
		return settings_buildings_render(r, 400, &fe);
	}
	web_audit(r, "staff.assign", login, buildings);
	if (db_commit(r->db, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	return settings_saved(r, "/settings/buildings");
}

/* ---- staff ---- */

/* Whether the asker may deactivate the staff member (of this project): never themselves;
 * an administrator anyone else; a manager neither an administrator nor another manager. */
static int may_deactivate(struct web_req *r, int64_t id, const char *role, int all_projects)
{
	if (id == r->staff.id)
		return 0;
	if (r->role_bit & R_ADMIN)
		return 1;
	return strcmp(role, "admin") && strcmp(role, "manager") && !all_projects;
}

int settings_staff_render(struct web_req *r, int status, const struct field_errors *fe)
{
	static const char *const sub_sql[2] = {
		"SELECT p.code FROM staff_project sp JOIN project p ON p.id = sp.project_id WHERE sp.staff_id = ? ORDER BY p.code",
		"SELECT DISTINCT b.code FROM staff_building sb JOIN building b ON b.id = sb.building_id WHERE sb.staff_id = ? "
		"AND b.project_id = ? ORDER BY b.code",
	};
	struct settings_page p;
	struct db_stmt *st, *sub[2] = { NULL, NULL };
	const char *roles[2 * 9 + 1];
	int rc, posted = fe->n > 0, k = 0;

	if (settings_begin(r, &p, "staff", _("Staff")) < 0)
		return -1;
	if (!p.cur)
		return settings_end(r, &p, status);
	if (db_prepare(r->db, &st, "SELECT s.id, s.login, s.name, s.role, s.all_projects, "
		       "(SELECT COUNT(*) FROM task t WHERE t.staff_id = s.id AND t.state = 'open') FROM staff s "
		       "WHERE s.active = 1 AND (s.all_projects = 1 OR EXISTS (SELECT 1 FROM staff_project sp "
		       "WHERE sp.staff_id = s.id AND sp.project_id = ?)) ORDER BY s.id", NULL) < 0 ||
	    db_prepare(r->db, &sub[0], sub_sql[0], NULL) < 0 || db_prepare(r->db, &sub[1], sub_sql[1], NULL) < 0) {
		db_finalize(sub[0]);
		return -1;
	}
	db_bind_int64(st, 1, p.cur->id);
	htmlf(&p.b, "<div class=\"table-wrap\"><table class=\"staff\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
		    "<th>%s</th><th>%s</th><th class=\"num\">%s</th><th></th></tr></thead><tbody>",
	      _("Login"), _("Name"), _("Role"), _("Projects"), _("Buildings"), _("Open tasks"));
	while ((rc = db_step(st, NULL)) == 1) {
		int64_t id = db_col_int64(st, 0);
		htmlf(&p.b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>", db_col_text(st, 1), db_col_text(st, 2),
		      staff_role_label(db_col_text(st, 3)));
		if (db_col_int64(st, 4))
			html_text(&p.b, _("all"));
		for (int i = 0; i < 2; i++) {
			int first = 1;
			db_reset(sub[i]);
			db_bind_int64(sub[i], 1, id);
			if (i)
				db_bind_int64(sub[i], 2, p.cur->id);
			if (i)
				html(&p.b, "</td><td>");
			while (db_step(sub[i], NULL) == 1) {
				htmlf(&p.b, "%s%s", first ? "" : ", ", db_col_text(sub[i], 0));
				first = 0;
			}
		}
		htmlf(&p.b, "</td><td class=\"num\">%lld</td><td>", (long long)db_col_int64(st, 5));
		if (may_deactivate(r, id, db_col_text(st, 3), (int)db_col_int64(st, 4))) {
			htmlf(&p.b, "<form method=\"post\" action=\"/settings/staff/%lld/deactivate\" class=\"inline\">",
			      (long long)id);
			layout_csrf(r, &p.b);
			htmlf(&p.b, "<input type=\"hidden\" name=\"project\" value=\"%s\"><button type=\"submit\" "
				    "class=\"secondary\">%s</button></form>",
			      p.cur->code, _("Deactivate"));
		}
		html(&p.b, "</td></tr>");
	}
	db_finalize(st);
	db_finalize(sub[0]);
	db_finalize(sub[1]);
	htmlf(&p.b, "</tbody></table></div><p class=\"muted\">%s</p>",
	      _("A deactivated staff member can no longer log in and gets no new tasks; their open tasks go to the "
		"project manager. Assign their buildings to someone else."));

	htmlf(&p.b, "<h2>%s</h2>", _("Add a staff member"));
	for (int i = 0; staff_roles[i]; i++) {
		/* only an administrator makes an administrator (as the CLI) */
		if (!strcmp(staff_roles[i], "admin") && !(r->role_bit & R_ADMIN))
			continue;
		roles[k++] = staff_roles[i];
		roles[k++] = staff_role_label(staff_roles[i]);
	}
	roles[k] = NULL;
	form_head(r, &p.b, "/settings/staff", &p);
	field_input(&p.b, fe, "login", _("Login"), "text", posted ? office_echo(r, "login") : "",
		    "required maxlength=\"63\" autocomplete=\"off\" pattern=\"[A-Za-z0-9._-]+\"");
	field_input(&p.b, fe, "name", _("Name"), "text", posted ? office_echo(r, "name") : "", "required maxlength=\"60\"");
	field_select(&p.b, fe, "role", _("Role"), roles, posted ? office_echo(r, "role") : "steward");
	field_input(&p.b, fe, "password", _("Password (at least 8 characters)"), "password", "",
		    "required minlength=\"8\" maxlength=\"256\" autocomplete=\"new-password\"");
	htmlf(&p.b, "<fieldset><legend>%s</legend>", _("Projects"));
	for (size_t i = 0; i < p.n; i++) {
		int on = posted ? 0 : p.projects[i].id == p.cur->id;
		if (posted)
			for (size_t f = 0; f < r->body.n; f++)
				on |= !strcmp(r->body.f[f].name, "projects") && !strcmp(r->body.f[f].value, p.projects[i].code);
		htmlf(&p.b, "<label class=\"check\"><input type=\"checkbox\" name=\"projects\" value=\"%s\"%s> %s %s</label>",
		      p.projects[i].code, on ? " checked" : "", p.projects[i].code, p.projects[i].name);
	}
	html(&p.b, "</fieldset>");
	if (field_error_of(fe, "projects"))
		htmlf(&p.b, "<p class=\"field-error\" role=\"alert\">%s</p>", field_error_of(fe, "projects"));
	field_input(&p.b, fe, "buildings", _("Buildings in this project (codes, separated by commas; optional)"), "text",
		    posted ? office_echo(r, "buildings") : "", "maxlength=\"200\"");
	field_input(&p.b, fe, "group", _("Group (optional)"), "text", posted ? office_echo(r, "group") : "", "maxlength=\"40\"");
	htmlf(&p.b, "<button type=\"submit\">%s</button></form>", _("Add"));
	return settings_end(r, &p, status);
}

int page_settings_staff(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	return settings_staff_render(r, 200, &fe);
}

int page_settings_staff_add(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct buf err = BUF_INIT;
	struct staff_new sn = { 0 };
	struct office_project *projects = NULL;
	const char *login = office_text(r, &fe, "login", _("login"), 63, 1);
	const char *name = office_text(r, &fe, "name", _("name"), 60, 1);
	const char *role = office_text(r, &fe, "role", _("role"), 16, 1);
	const char *buildings = office_text(r, &fe, "buildings", _("buildings"), 200, 0);
	const char *group = office_text(r, &fe, "group", _("group"), 40, 0);
	const struct form_field *pw = form_field(&r->body, "password");
	int64_t id, chosen[64];
	size_t n = 0, nchosen = 0;
	int rc;

	if (role && !staff_role_valid(role))
		field_error(&fe, "role", _("choose a role"));
	else if (role && !strcmp(role, "admin") && !(r->role_bit & R_ADMIN))
		field_error(&fe, "role", _("only an administrator may add an administrator"));
	/* a password is taken as typed (never trimmed): text, 8 to 256 characters */
	if (!pw || strlen(pw->value) != pw->len || !utf8_valid(pw->value, pw->len) || pw->len < 8 || pw->len > 1024)
		field_error(&fe, "password", _("a password of at least 8 characters"));
	if (office_projects(r, &projects, &n) < 0)
		return -1;
	/* the projects ticked, each one the asker works on */
	for (size_t f = 0; f < r->body.n; f++) {
		if (strcmp(r->body.f[f].name, "projects"))
			continue;
		for (size_t i = 0; i < n; i++)
			if (!strcmp(projects[i].code, r->body.f[f].value) && nchosen < 64)
				chosen[nchosen++] = projects[i].id;
	}
	if (!nchosen && role && strcmp(role, "admin"))
		field_error(&fe, "projects", _("choose at least one project"));
	if (buildings && *buildings && !nchosen)
		field_error(&fe, "buildings", _("buildings need the project they are in"));
	if (fe.n) {
		free(projects);
		return settings_staff_render(r, 400, &fe);
	}
	sn.login = login;
	sn.name = name;
	sn.role = role;
	sn.password = pw->value;
	sn.group = group;
	/* the buildings are of the project this page is about, when it is ticked */
	sn.project_id = nchosen ? chosen[0] : 0;
	for (size_t i = 0; i < nchosen; i++)
		if (chosen[i] == r->project_id)
			sn.project_id = r->project_id;
	sn.buildings = buildings && *buildings ? buildings : NULL;
	rc = db_begin(r->db, &err) < 0 || staff_add(r->db, &sn, &id, &err) < 0;
	for (size_t i = 0; !rc && i < nchosen; i++)
		rc = staff_join_project(r->db, id, chosen[i], &err) < 0;
	if (rc) {
		db_rollback(r->db);
		field_error(&fe, strstr(err.buf, "uilding") || strstr(err.buf, "楼") ? "buildings" :
				 strstr(err.buf, "assword") || strstr(err.buf, "密码") ? "password" : "login", err.buf);
		buf_release(&err);
		free(projects);
		return settings_staff_render(r, 400, &fe);
	}
	web_audit(r, "staff.add", login, role);
	free(projects);
	if (db_commit(r->db, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	return settings_saved(r, "/settings/staff");
}

int page_settings_staff_deactivate(struct web_req *r)
{
	struct buf err = BUF_INIT, msg = BUF_INIT;
	struct db_stmt *st;
	int64_t id = web_param_id(r, 0);
	char login[64] = "", role[16] = "";
	int rc, all = 0, in_project = 0, moved = 0;

	if (db_prepare(r->db, &st, "SELECT login, role, all_projects, EXISTS (SELECT 1 FROM staff_project sp "
		       "WHERE sp.staff_id = s.id AND sp.project_id = ?) FROM staff s WHERE id = ? AND active = 1", NULL) < 0)
		return -1;
	db_bind_int64(st, 1, r->project_id);
	db_bind_int64(st, 2, id);
	if ((rc = db_step(st, NULL)) == 1) {
		snprintf(login, sizeof(login), "%s", db_col_text(st, 0));
		snprintf(role, sizeof(role), "%s", db_col_text(st, 1));
		all = (int)db_col_int64(st, 2);
		in_project = (int)db_col_int64(st, 3);
	}
	db_finalize(st);
	if (rc != 1 || (!in_project && !all))
		return web_error(r, 404, _("no such staff member in this project"));
	if (!may_deactivate(r, id, role, all))
		return web_error(r, 403, id == r->staff.id ? _("you cannot deactivate yourself")
							  : _("only an administrator may deactivate this staff member"));
	if (db_begin(r->db, &err) < 0 || staff_deactivate(r->db, id, &moved, &err) < 0) {
		db_rollback(r->db);
		web_error(r, 400, err.buf);
		buf_release(&err);
		return 0;
	}
	buf_addf(&msg, "%s, %d open tasks handed over", role, moved);
	web_audit(r, "staff.deactivate", login, msg.buf);
	if (db_commit(r->db, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	buf_release(&msg);
	return settings_saved(r, "/settings/staff");
}
