/* exports.c: 导出: the unit register (业主档案, the import's own headers, so that it
 * imports back unchanged) and the arrears as .xlsx.  Each is personal data: every export
 * is audited.  A large project's file is made on the job thread and downloaded from the
 * job. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/i18n.h"
#include "base/tmpfile.h"
#include "base/xalloc.h"
#include "core/account.h"
#include "core/unit_import.h"
#include "io/sheet.h"
#include "io/xlsx_write.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/office.h"

#define INLINE_UNITS 5000
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

struct export_arg {
	char kind[16];
	char code[32];
	char filename[96];
	int64_t project_id, staff_id;
	int today;
	char ip[64];
};

struct sheet_file {
	const struct sheet *sheet;
	const char *name;
};

static int write_sheet(const char *path, void *arg, struct buf *err)
{
	const struct sheet_file *f = arg;

	return xlsx_write_sheet(path, f->name, f->sheet, err);
}

/* The sheet as the bytes of an .xlsx file. */
static int sheet_bytes(const struct sheet *s, const char *sheet_name, char **data, size_t *len, struct buf *err)
{
	struct sheet_file f = { s, sheet_name };
	struct buf bytes = BUF_INIT;

	*data = NULL;
	*len = 0;
	if (tmpfile_bytes("export.xlsx", write_sheet, &f, &bytes, err) < 0) {
		buf_release(&bytes);
		return -1;
	}
	*data = buf_detach(&bytes, len);
	return 0;
}

/* Makes the file of an export and audits it. */
static int build(struct db *db, const struct export_arg *a, char **data, size_t *len, struct buf *err)
{
	struct sheet s = SHEET_INIT;
	int units = !strcmp(a->kind, "units");
	int rc = units ? unit_export(db, a->project_id, a->today, &s, err) : arrears_sheet(db, a->project_id, a->today, &s, err);

	if (rc == 0)
		rc = sheet_bytes(&s, units ? "业主档案" : "欠费", data, len, err);
	sheet_release(&s);
	if (rc == 0)
		office_audit(db, a->staff_id, a->ip, units ? "units.export" : "arrears.export", a->code, a->filename);
	return rc;
}

static int export_work(struct db *db, void *arg, struct job *j, struct buf *html, struct buf *err)
{
	struct export_arg *a = arg;
	char *data;
	size_t len;

	office_progress(j, 0, 1, a->filename);
	if (build(db, a, &data, &len, err) < 0)
		return -1;
	job_result_file(j, XLSX_TYPE, a->filename, data, len);
	htmlf(html, "<p class=\"flash ok\" role=\"status\">%s %s</p>", _("Ready:"), a->filename);
	office_progress(j, 1, 1, a->filename);
	return 0;
}

int page_exports(struct web_req *r)
{
	static const struct {
		const char *path, *title, *help;
		unsigned roles;
	} kinds[] = {
		{ "/exports/units", N_("Unit register"),
		  N_("Every unit with its owners, phones and dates, with the headers the import reads."),
		  R_ADMIN | R_MANAGER | R_STEWARD | R_SERVICE },
		{ "/exports/arrears", N_("Arrears"), N_("Every payer with overdue bills, by age."), R_CALLERS },
	};
	struct office_page pg;
	struct buf *b = &pg.b;
	const struct office_project *cur;

	if (office_page_begin(r, &pg, _("Exports"), _("Exports"), "exports") < 0)
		return -1;
	if (!(cur = pg.cur))
		return office_page_end(r, &pg, 200);
	office_project_switch(b, "/exports", pg.projects, pg.n, cur->id, 0);
	office_job_of_query(r, b);
	htmlf(b, "<p class=\"muted\">%s</p>", _("These files hold owners' personal data: each export is recorded "
					      "with who made it and when. Keep them safe and delete them when done."));
	html(b, "<div class=\"cards\">");
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		/* what the role may export: the route table refuses the rest */
		if (!(kinds[i].roles & (unsigned)r->role_bit))
			continue;
		htmlf(b, "<section class=\"card\"><h2>%s</h2><p class=\"muted\">%s</p><form method=\"post\" action=\"%s\">",
		      _(kinds[i].title), _(kinds[i].help), kinds[i].path);
		layout_csrf(r, b);
		htmlf(b, "<input type=\"hidden\" name=\"project\" value=\"%s\"><button type=\"submit\">%s</button></form>"
			 "</section>", cur->code, _("Download .xlsx"));
	}
	html(b, "</div>");
	return office_page_end(r, &pg, 200);
}

static int export(struct web_req *r, const char *kind)
{
	struct export_arg *a = xcalloc(1, sizeof(*a));
	struct buf err = BUF_INIT, to = BUF_INIT;
	char day[11];

	if (!a)
		return -1;
	if (office_project_code(r->db, r->project_id, a->code) < 0) {
		free(a);
		return -1;
	}
	date_format(r->today, day);
	snprintf(a->kind, sizeof(a->kind), "%s", kind);
	snprintf(a->filename, sizeof(a->filename), "%s-%s-%s.xlsx", !strcmp(kind, "units") ? "业主档案" : "欠费", a->code, day);
	snprintf(a->ip, sizeof(a->ip), "%s", r->client_ip);
	a->project_id = r->project_id;
	a->staff_id = r->staff.id;
	a->today = r->today;
	if (office_unit_count(r->db, r->project_id) > INLINE_UNITS) {
		int64_t id = office_queue(r, !strcmp(kind, "units") ? "export.units" : "export.arrears", export_work, a, free);
		buf_adds(&to, "/exports?project=");
		html_url(&to, a->code);
		buf_addf(&to, "&job=%lld", (long long)id);
		web_redirect(r, to.buf);
	} else {
		char *data;
		size_t len;
		if (build(r->db, a, &data, &len, &err) < 0) {
			web_error(r, 500, err.buf);
		} else {
			web_send_bytes(r, XLSX_TYPE, a->filename, data, len);
			free(data);
		}
		free(a);
	}
	buf_release(&to);
	buf_release(&err);
	return 0;
}

int page_exports_units(struct web_req *r) { return export(r, "units"); }
int page_exports_arrears(struct web_req *r) { return export(r, "arrears"); }
