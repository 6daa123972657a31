/* bills.c: 账单: a bill run's preview (what `wuye bill --dry-run` would make, unit by
 * unit), the run itself on the job thread, and the runs made before. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/i18n.h"
#include "core/unit.h"
#include "base/xalloc.h"
#include "base/money.h"
#include "core/billing.h"
#include "core/project.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/office.h"

#define PREVIEW_ROWS 200           /* bills listed one by one; the totals count them all */
#define PREVIEW_INLINE_UNITS 5000  /* a larger project's preview goes to the job thread */
#define RUNS_LISTED 24

struct run_arg {
	int64_t project_id, staff_id;
	char code[32];
	char period[9];
	int today;
	char ip[64];
};

static void render_preview(struct db *db, struct buf *b, const char *period, const struct bill_run_result *res,
			   struct buf *err)
{
	struct buf line = BUF_INIT, amount = BUF_INIT, unit = BUF_INIT;
	struct {
		const char *item;
		int bills;
		int64_t amount;
	} items[32];
	size_t nitems = 0, i;
	json_t *row;

	buf_add_yuan(&amount, res->amount);
	buf_addf(&line, _("%s: would make %d bills of %s (%d already billed)"), period, res->bills, amount.buf,
		 res->existing);
	htmlf(b, "<section class=\"preview\"><h2>%s</h2><p class=\"summary\" id=\"preview-summary\">%s</p>", _("Preview"),
	      line.buf);
	/* per fee item */
	json_array_foreach(res->preview, i, row) {
		const char *item = json_string_value(json_object_get(row, "item"));
		size_t k;
		for (k = 0; k < nitems && strcmp(items[k].item, item); k++)
			;
		if (k == nitems) {
			if (nitems == sizeof(items) / sizeof(items[0]))
				continue;
			items[nitems].item = item;
			items[nitems].bills = 0;
			items[nitems].amount = 0;
			nitems++;
		}
		items[k].bills++;
		items[k].amount += json_integer_value(json_object_get(row, "amount_fen"));
	}
	if (nitems) {
		htmlf(b, "<div class=\"table-wrap\"><table class=\"items\"><thead><tr><th>%s</th><th class=\"num\">%s</th>"
			 "<th class=\"num\">%s</th></tr></thead><tbody>", _("Fee item"), _("Bills"), _("Amount"));
		for (size_t k = 0; k < nitems; k++)
			htmlf(b, "<tr><td>%s</td><td class=\"num\">%d</td><td class=\"num\">%Y</td></tr>", items[k].item,
			      items[k].bills, items[k].amount);
		htmlf(b, "</tbody><tfoot><tr><th>%s</th><th class=\"num\">%d</th><th class=\"num\" id=\"preview-total\">%Y</th>"
			 "</tr></tfoot></table></div>", _("Total"), res->bills, res->amount);
	}
	if (res->bills) {
		htmlf(b, "<h3>%s</h3><div class=\"table-wrap\"><table class=\"bills\"><thead><tr><th>%s</th><th>%s</th>"
			 "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th class=\"num\">%s</th><th>%s</th></tr></thead><tbody>",
		      _("Bills"), _("Unit"), _("Payer"), _("Fee item"), _("Period"), _("Liable"), _("Due"), _("Amount"),
		      _("How it was computed"));
		json_array_foreach(res->preview, i, row) {
			struct db_stmt *st;
			if (i >= PREVIEW_ROWS)
				break;
			buf_reset(&unit);
			unit_name_of(db, json_integer_value(json_object_get(row, "unit_id")), &unit, err);
			buf_reset(&line);
			if (db_cached(db, &st, "SELECT name FROM party WHERE id = ?", NULL) == 0) {
				db_bind_int64(st, 1, json_integer_value(json_object_get(row, "payer_id")));
				if (db_step(st, NULL) == 1)
					buf_adds(&line, db_col_text(st, 0));
				db_reset(st);
			}
			htmlf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s – %s</td><td>%s</td>"
				 "<td class=\"num\">%Y</td><td>%s</td></tr>",
			      unit.buf, line.buf, json_string_value(json_object_get(row, "item")),
			      json_string_value(json_object_get(row, "period")),
			      json_string_value(json_object_get(row, "liable_from")),
			      json_string_value(json_object_get(row, "liable_to")), json_string_value(json_object_get(row, "due")),
			      (int64_t)json_integer_value(json_object_get(row, "amount_fen")),
			      json_string_value(json_object_get(row, "explain")));
		}
		html(b, "</tbody></table></div>");
		if (res->bills > PREVIEW_ROWS)
			htmlf(b, "<p class=\"muted\">%s</p>", _("The first 200 bills are listed; the totals count them all."));
	}
	html(b, "</section>");
	buf_release(&line);
	buf_release(&amount);
	buf_release(&unit);
}

static int period_of(const char *s, struct period *p)
{
	return s && period_parse(s, p) == 0 && p->kind == PERIOD_MONTH ? 0 : -1;
}

static int preview_work(struct db *db, void *arg, struct job *j, struct buf *html, struct buf *err)
{
	struct run_arg *a = arg;
	struct bill_run_result res;
	struct period p;

	if (period_of(a->period, &p) < 0)
		return -1;
	office_progress(j, 0, 1, a->code);
	if (bill_run(db, a->project_id, &p, a->today, a->staff_id, 1, &res, err) < 0)
		return -1;
	render_preview(db, html, a->period, &res, err);
	json_decref(res.preview);
	office_progress(j, 1, 1, a->code);
	return 0;
}

static int run_work(struct db *db, void *arg, struct job *j, struct buf *html, struct buf *err)
{
	struct run_arg *a = arg;
	struct bill_run_result res;
	struct buf line = BUF_INIT, amount = BUF_INIT, settled = BUF_INIT, detail = BUF_INIT;
	struct period p;

	if (period_of(a->period, &p) < 0)
		return -1;
	buf_addf(&line, "%s %s", a->code, a->period);
	office_progress(j, 0, 1, line.buf);
	if (bill_run(db, a->project_id, &p, a->today, a->staff_id, 0, &res, err) < 0) {
		buf_release(&line);
		return -1;
	}
	/* the run is its own record; the audit says who asked, from where */
	buf_addf(&detail, "%s: %d bills", a->period, res.bills);
	office_audit(db, a->staff_id, a->ip, "bill.run", a->code, detail.buf);
	buf_add_yuan(&amount, res.amount);
	buf_add_yuan(&settled, res.settled);
	buf_reset(&line);
	buf_addf(&line, _("%s: %d bills of %s made, %d already billed, %s settled from prepaid"), a->period, res.bills,
		 amount.buf, res.existing, settled.buf);
	htmlf(html, "<p class=\"flash ok\" role=\"status\" id=\"run-result\">%s %s</p>", a->code, line.buf);
	htmlf(html, "<p><a href=\"/bills?project=%U\">%s</a></p>", a->code, _("See the runs"));
	office_progress(j, 1, 1, a->code);
	buf_release(&line);
	buf_release(&amount);
	buf_release(&settled);
	buf_release(&detail);
	return 0;
}

static void runs_list(struct web_req *r, struct buf *b)
{
	struct db_stmt *st, *sum;
	int rc;

	htmlf(b, "<section><h2>%s</h2>", _("Runs made"));
	if (db_prepare(r->db, &st, "SELECT r.id, r.period, r.kind, r.business_day, COALESCE(s.name, ''), r.staff_id "
		       "FROM bill_run r LEFT JOIN staff s ON s.id = r.staff_id WHERE r.project_id = ? "
		       "ORDER BY r.id DESC LIMIT ?", NULL) < 0) {
		layout_flash(b, "error", _("the database did not answer"));
		html(b, "</section>");
		return;
	}
	db_bind_int64(st, 1, r->project_id);
	db_bind_int64(st, 2, RUNS_LISTED);
	htmlf(b, "<div class=\"table-wrap\"><table class=\"runs\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		 "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
	      _("Run"), _("Period"), _("Business date"), _("By"), _("Bills"), _("Amount"));
	while ((rc = db_step(st, NULL)) == 1) {
		const char *kind = db_col_text(st, 2);
		struct period p;
		int64_t count = 0, total = 0;
		int by_period = !strcmp(kind, "run") && period_of(db_col_text(st, 1), &p) == 0;
		/* a run's bills all start on its month's first day: one range of the index */
		if (db_cached(r->db, &sum, by_period
				  ? "SELECT COUNT(*), COALESCE(SUM(amount_fen), 0) FROM bill WHERE project_id = ? "
				    "AND period_start = ? AND run_id = ?"
				  : "SELECT COUNT(*), COALESCE(SUM(amount_fen), 0) FROM bill WHERE project_id = ? "
				    "AND run_id = ? AND ? = ?", NULL) == 0) {
			db_bind_int64(sum, 1, r->project_id);
			if (by_period) {
				db_bind_int64(sum, 2, period_first_day(&p));
				db_bind_int64(sum, 3, db_col_int64(st, 0));
			} else {
				db_bind_int64(sum, 2, db_col_int64(st, 0));
				db_bind_int64(sum, 3, 0);
				db_bind_int64(sum, 4, 0);
			}
			if (db_step(sum, NULL) == 1) {
				count = db_col_int64(sum, 0);
				total = db_col_int64(sum, 1);
			}
			db_reset(sum);
		}
		htmlf(b, "<tr><td>%lld</td><td>%s</td><td>%D</td><td>%s</td><td class=\"num\">%lld</td><td class=\"num\">%Y</td></tr>",
		      (long long)db_col_int64(st, 0),
		      !strcmp(kind, "import") ? _("opening arrears (import)") : db_col_text(st, 1),
		      (int)db_col_int64(st, 3), db_col_is_null(st, 5) ? _("scheduled") : db_col_text(st, 4),
		      (long long)count, total);
	}
	db_finalize(st);
	html(b, "</tbody></table></div></section>");
}

static int bills_page(struct web_req *r, int status, const struct field_errors *fe)
{
	struct office_page pg;
	struct buf *b = &pg.b, err = BUF_INIT;
	const struct office_project *cur;
	const char *period = office_echo(r, "period");
	struct period p;
	int want_preview = web_arg(r, "preview") != NULL && !fe->n;
	char month[9];

	if (!*period) {
		struct period now = { PERIOD_MONTH, 0, 0 };
		int d;
		date_to_ymd(r->today, &now.year, &now.index, &d);
		period_format(&now, month);
		period = month;
	}
	if (office_page_begin(r, &pg, _("Bill runs"), _("Bill runs"), "bills") < 0)
		return -1;
	if (!(cur = pg.cur))
		return office_page_end(r, &pg, status);
	htmlf(b, "<p class=\"muted\">%s</p>", _("A run bills every unit for every tariff whose cycle starts in the month; "
					     "bills a period already has are not made again."));
	html(b, "<form method=\"get\" action=\"/bills\" class=\"stack filters\">");
	office_project_select(b, pg.projects, pg.n, cur->id, 0);
	field_input(b, fe, "period", _("Month (YYYY-MM)"), "month", period, "required pattern=\"[0-9]{4}-[0-9]{2}\"");
	htmlf(b, "<button type=\"submit\" name=\"preview\" value=\"1\">%s</button></form>", _("Preview"));

	office_job_of_query(r, b);
	if (want_preview && period_of(period, &p) == 0) {
		struct run_arg *a = xcalloc(1, sizeof(*a));
		int ok = 1;
		a->project_id = cur->id;
		a->staff_id = r->staff.id;
		a->today = r->today;
		snprintf(a->code, sizeof(a->code), "%s", cur->code);
		snprintf(a->period, sizeof(a->period), "%s", period);
		snprintf(a->ip, sizeof(a->ip), "%s", r->client_ip);
		/* a large project's preview is made on the job thread */
		if (office_unit_count(r->db, cur->id) > PREVIEW_INLINE_UNITS)
			office_job_block(b, office_queue(r, "bill.preview", preview_work, a, free));
		else {
			if (preview_work(r->db, a, NULL, b, &err) < 0) {
				layout_flash(b, "error", err.buf);
				ok = 0;
			}
			free(a);
		}
		if (ok) {
			html(b, "<form method=\"post\" action=\"/bills/run\" class=\"stack\">");
			layout_csrf(r, b);
			htmlf(b, "<input type=\"hidden\" name=\"project\" value=\"%s\"><input type=\"hidden\" name=\"period\" "
				 "value=\"%s\"><button type=\"submit\">%s %s %s</button></form>",
			      cur->code, period, _("Run the bills of"), cur->code, period);
		}
	}
	runs_list(r, b);
	buf_release(&err);
	return office_page_end(r, &pg, status);
}

int page_bills(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	const char *period = web_arg(r, "period");
	struct period p;

	if (web_arg(r, "preview") && (!period || period_of(period, &p) < 0))
		field_error(&fe, "period", _("give a month as YYYY-MM (the month a cycle starts)"));
	return bills_page(r, fe.n ? 400 : 200, &fe);
}

int page_bills_run(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	const char *period = office_text(r, &fe, "period", _("month"), 7, 1), *code = web_arg(r, "project");
	struct project pr;
	struct run_arg *a;
	struct buf to = BUF_INIT, err = BUF_INIT;
	struct period p;
	int64_t id;

	if (period && period_of(period, &p) < 0)
		field_error(&fe, "period", _("give a month as YYYY-MM (the month a cycle starts)"));
	/* a run is for the project named in the form, never a default one */
	if (!code || !*code)
		field_error(&fe, "project", _("choose the project"));
	if (fe.n)
		return bills_page(r, 400, &fe);
	if (project_get(r->db, r->project_id, &pr, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	a = xcalloc(1, sizeof(*a));
	if (!a)
		return -1;
	a->project_id = pr.id;
	a->staff_id = r->staff.id;
	a->today = r->today;
	snprintf(a->code, sizeof(a->code), "%s", pr.code);
	period_format(&p, a->period);
	snprintf(a->ip, sizeof(a->ip), "%s", r->client_ip);
	id = office_queue(r, "bill.run", run_work, a, free);
	buf_adds(&to, "/bills?project=");
	html_url(&to, pr.code);
	buf_addf(&to, "&period=%s&job=%lld", a->period, (long long)id);
	web_redirect(r, to.buf);
	buf_release(&to);
	buf_release(&err);
	return 0;
}
