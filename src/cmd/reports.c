/* reports.c: wuye report (the figures of docs/figures.md), wuye target set|list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "core/figures.h"
#include "core/figures_json.h"
#include "doc/doc.h"
#include "io/xlsx_write.h"

static void to_columns(const struct fig_col *fc, struct column *cols)
{
	size_t i = 0;
	for (; fc[i].key; i++) {
		cols[i].key = fc[i].key;
		cols[i].header = fc[i].header;
		cols[i].fmt = fc[i].type == 'f' ? COL_FEN : fc[i].type == 'p' ? COL_PCT : fc[i].type == 'i' ? COL_INT
													  : COL_TEXT;
		cols[i].render = NULL;
	}
	cols[i].key = NULL;
}

/* --project CODE or --all (every project: admin or staff of every project). */
static int scope_project(struct ctx *c, const char *project, int all, int64_t *project_id)
{
	if (all && project)
		return cmd_usage_error(c, _("give --project or --all, not both"));
	if (all) {
		*project_id = 0;
		if (strcmp(c->actor.role, "admin") && !c->actor.all_projects)
			return cmd_error(_("only staff of every project may see the whole company"));
		return 0;
	}
	return cmd_project(c, project, project_id);
}

int cmd_report(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *period = NULL, *by = NULL, *file = NULL, *pos[1];
	int all = 0, npos, rc;
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--all", OPT_FLAG, &all },
				    { "--period", OPT_STRING, &period }, { "--by", OPT_STRING, &by },
				    { "-o", OPT_STRING, &file }, { NULL, 0, NULL } };
	struct fig_scope sc = { .today = c->today, .by = FIG_BY_PROJECT };
	struct buf err = BUF_INIT;
	const struct fig_col *fc;
	struct column cols[32];
	json_t *rows;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!(fc = fig_report_cols(pos[0])))
		return cmd_usage_error(c, _("unknown report '%s' (rates, aging, reasons, channels, staff, weekly)"), pos[0]);
	if (period && fig_period_parse(period, &sc.period) < 0)
		return cmd_usage_error(c, _("bad period '%s' (YYYY-MM or YYYY)"), period);
	if (!period)
		fig_period_month(c->today, &sc.period);
	if (by && fig_by_parse(by, &sc.by) < 0)
		return cmd_usage_error(c, _("--by must be building, staff or group"));
	if (!by && !strcmp(pos[0], "staff"))
		sc.by = FIG_BY_STAFF;
	int pdf = file && strlen(file) > 4 && !strcmp(file + strlen(file) - 4, ".pdf");
	if (file && !pdf && (strlen(file) < 5 || strcmp(file + strlen(file) - 5, ".xlsx")))
		return cmd_usage_error(c, _("-o takes a file name ending in .xlsx (or .pdf for the weekly review)"));
	if (pdf && strcmp(pos[0], "weekly"))
		return cmd_usage_error(c, _("only the weekly review is printed as .pdf"));
	if ((rc = scope_project(c, project, all, &sc.project_id)))
		return rc;
	if (pdf) {
		json_t *content, *list;
		int pages = 0;
		if (!sc.project_id)
			return cmd_usage_error(c, _("the weekly review is printed for one project"));
		if (fig_weekly_doc_json(c->db, sc.project_id, c->today, &content, &err) < 0)
			return cmd_fail(c, &err);
		list = json_pack("[o]", content);
		rc = doc_write(file, doc_kind_find("weekly-review"), list, c->today, &pages, &err) < 0 ? cmd_fail(c, &err) : 0;
		json_decref(list);
		pdf_release_fonts();
		if (!rc)
			cmd_audit(c, "report.export", pos[0], file);
		buf_release(&err);
		return rc;
	}
	if (fig_report_json(c->db, pos[0], &sc, &rows, &err) < 0)
		return cmd_fail(c, &err);
	if (file) {
		struct sheet s = SHEET_INIT;
		fig_report_sheet(fc, rows, &s);
		rc = xlsx_write_sheet(file, pos[0], &s, &err) < 0 ? cmd_fail(c, &err) : 0;
		sheet_release(&s);
		if (!rc)
			cmd_audit(c, "report.export", pos[0], file);
		json_decref(rows);
		buf_release(&err);
		return rc;
	}
	to_columns(fc, cols);
	rc = output_rows(c, rows, cols);
	json_decref(rows);
	buf_release(&err);
	return rc;
}

int cmd_target_set(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *period = NULL, *group = NULL, *login = NULL, *amount = NULL, *rate = NULL;
	const char *pos[1];
	int npos, rc;
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--period", OPT_STRING, &period },
				    { "--group", OPT_STRING, &group },     { "--staff", OPT_STRING, &login },
				    { "--amount", OPT_STRING, &amount },   { "--rate", OPT_STRING, &rate },
				    { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	struct fig_period p;
	int64_t project_id, scope_id = 0, amount_fen = -1, rate_bp = -1, id;
	const char *scope = "project";

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (!period || fig_period_parse(period, &p) < 0)
		return cmd_usage_error(c, _("--period YYYY-MM or YYYY is required"));
	if (group && login)
		return cmd_usage_error(c, _("give --group or --staff, not both"));
	if (!amount == !rate)
		return cmd_usage_error(c, _("give --amount or --rate"));
	if (amount && (rc = cmd_parse_amount(c, amount, &amount_fen)))
		return rc;
	if (rate && (decimal_parse(rate, 2, &rate_bp) < 0 || rate_bp <= 0 || rate_bp > 10000))
		return cmd_usage_error(c, _("--rate is a percentage above 0 and at most 100, e.g. 92.5"));
	if ((rc = cmd_project(c, project, &project_id)) || (rc = cmd_require_role(c, "admin|manager")))
		return rc;
	if (group) {
		scope = "group";
		if (db_run(c->db, &scope_id, &err, "SELECT id FROM staff_group WHERE project_id = ? AND name = ?", "it",
			   project_id, group) != 1)
			return err.len ? cmd_fail(c, &err) : cmd_error(_("unknown group '%s'"), group);
	} else if (login) {
		struct staff s;
		scope = "staff";
		if (staff_find(c->db, login, &s, &err) < 0)
			return cmd_fail(c, &err);
		if (!staff_in_project(c->db, &s, project_id))
			return cmd_error(_("'%s' does not work on project '%s'"), login, project);
		scope_id = s.id;
	}
	if (db_begin_immediate(c->db, &err) < 0 ||
	    fig_target_set(c->db, project_id, p.key, scope, scope_id, amount_fen, rate_bp, c->actor.id, &id, &err) < 0)
		return cmd_fail(c, &err);
	{
		char detail[160];
		snprintf(detail, sizeof(detail), "%s %s %s%s%s", p.key, scope, group ? group : login ? login : "",
			 amount ? " amount " : " rate ", amount ? amount : rate);
		cmd_audit(c, "target.set", project, detail);
	}
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return output_created(c, (long long)id, NULL);
}

int cmd_target_list(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "project", N_("Project"), COL_TEXT, NULL },
		{ "period", N_("Period"), COL_TEXT, NULL },
		{ "scope", N_("Scope"), COL_TEXT, NULL },
		{ "key", N_("Who"), COL_TEXT, NULL },
		{ "name", N_("Name"), COL_TEXT, NULL },
		{ "amount_fen", N_("Target amount"), COL_FEN, NULL },
		{ "collected_fen", N_("Collected"), COL_FEN, NULL },
		{ "expected_fen", N_("Expected by today"), COL_FEN, NULL },
		{ "amount_progress_pct", N_("Progress"), COL_PCT, NULL },
		{ "rate_target_pct", N_("Target rate"), COL_PCT, NULL },
		{ "rate_pct", N_("Collection rate"), COL_PCT, NULL },
		{ NULL, NULL, 0, NULL },
	};
	const char *project = NULL, *period = NULL, *pos[1];
	int all = 0, npos, rc;
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--all", OPT_FLAG, &all },
				    { "--period", OPT_STRING, &period }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	struct fig_period p;
	struct fig_target *v;
	int64_t project_id;
	size_t n;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (period && fig_period_parse(period, &p) < 0)
		return cmd_usage_error(c, _("bad period '%s' (YYYY-MM or YYYY)"), period);
	if ((rc = scope_project(c, project, all, &project_id)))
		return rc;
	if (fig_target_list(c->db, project_id, period ? p.key : "", c->today, &v, &n, &err) < 0)
		return cmd_fail(c, &err);
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(v[i].id));
		json_object_set_new(o, "project", json_string(v[i].project));
		json_object_set_new(o, "period", json_string(v[i].period));
		json_object_set_new(o, "scope", json_string(v[i].scope));
		json_object_set_new(o, "key", json_string(v[i].key));
		json_object_set_new(o, "name", json_string(v[i].name));
		json_object_set_new(o, "amount_fen", v[i].amount_fen < 0 ? json_null() : json_integer(v[i].amount_fen));
		json_object_set_new(o, "collected_fen", json_integer(v[i].collected));
		json_object_set_new(o, "expected_fen", json_integer(v[i].expected_fen));
		json_object_set_new(o, "amount_progress_pct", fig_pct_json(v[i].amount_progress));
		json_object_set_new(o, "rate_target_pct", v[i].rate_bp < 0 ? json_null() : fig_pct_json(v[i].rate_bp));
		json_object_set_new(o, "rate_pct", fig_pct_json(v[i].rate));
		json_array_append_new(rows, o);
	}
	free(v);
	buf_release(&err);
	rc = output_rows(c, rows, cols);
	json_decref(rows);
	return rc;
}
