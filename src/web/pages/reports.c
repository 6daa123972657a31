/* reports.c: 报表: the figures of docs/figures.md as pages with charts, every figure
 * linking to the units behind it; the targets; the weekly review as .xlsx and PDF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/xalloc.h"
#include "core/figures.h"
#include "core/figures_json.h"
#include "core/project.h"
#include "doc/doc.h"
#include "io/xlsx_write.h"
#include "web/fields.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/router.h"

#define MAX_LISTED 2000

/* What a report page asks: the kind, the period, the breakdown. */
struct ask {
	const char *kind;
	char project[32];
	struct fig_scope sc;
	const char *period_arg, *by_arg;
	struct field_errors fe;
	int units_links;  /* may the reader open the units behind a figure (not the committee) */
};

static const char *const kind_labels[] = {
	"rates", N_("Collection rates"), "aging", N_("Aging"), "reasons", N_("Reasons"), "channels", N_("Channels"),
	"staff", N_("Staff"), "weekly", N_("Weekly review"), NULL,
};

static const char *by_names[] = { "project", "building", "staff", "group" };

/* Reads ?period= and ?by= (errors go next to their fields); 0 when the report can run. */
static int read_ask(struct web_req *r, const char *kind, struct ask *a)
{
	struct buf err = BUF_INIT;
	struct project p;

	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->units_links = router_allows(r, "GET", "/reports/{kind}/units");
	a->sc.project_id = r->project_id;
	a->sc.today = r->today;
	a->sc.by = FIG_BY_BUILDING;
	if (project_get(r->db, r->project_id, &p, &err) == 0)
		snprintf(a->project, sizeof(a->project), "%s", p.code);
	buf_release(&err);
	a->period_arg = web_arg(r, "period");
	a->by_arg = web_arg(r, "by");
	if (a->period_arg && *a->period_arg) {
		if (fig_period_parse(a->period_arg, &a->sc.period) < 0)
			field_error(&a->fe, "period", _("a month (2026-07) or a year (2026)"));
	} else {
		fig_period_month(r->today, &a->sc.period);
		a->period_arg = a->sc.period.key;
	}
	if (a->by_arg && *a->by_arg) {
		if (fig_by_parse(a->by_arg, &a->sc.by) < 0)
			field_error(&a->fe, "by", _("by project, building, steward or group"));
	} else if (!strcmp(kind, "staff")) {
		a->sc.by = FIG_BY_STAFF;
	}
	a->by_arg = by_names[a->sc.by];
	return a->fe.n ? -1 : 0;
}

/* The query string that asks the same report again. */
static void same_query(struct buf *b, const struct ask *a)
{
	htmlf(b, "project=%U&amp;period=%U&amp;by=%U", a->project, a->sc.period.key, a->by_arg);
}

static void units_link(struct buf *b, const struct ask *a, int64_t row, const char *what)
{
	htmlf(b, "/reports/%U/units?", a->kind);
	same_query(b, a);
	htmlf(b, "&amp;row=%lld&amp;what=%U", (long long)row, what);
}

static void pct_cell(struct buf *b, int64_t bp)
{
	char t[32];
	fig_pct_text(t, sizeof(t), bp);
	html_text(b, t);
}

/* A number in a table cell linking to its units. */
static void link_cell(struct buf *b, const struct ask *a, int64_t row, const char *what, char fmt, int64_t v)
{
	html(b, "<td class=\"num\">");
	if (a->units_links) {
		html(b, "<a href=\"");
		units_link(b, a, row, what);
		html(b, "\">");
	}
	if (fmt == 'p')
		pct_cell(b, v);
	else if (fmt == 'f')
		htmlf(b, "%Y", v);
	else
		htmlf(b, "%lld", (long long)v);
	html(b, a->units_links ? "</a></td>" : "</td>");
}

static void begin(struct web_req *r, struct buf *b, struct ask *a, const char *title)
{
	layout_begin(r, b, title, "reports");
	/* the charts' library (app.js draws them once the page is loaded) */
	html(b, "<script src=\"/assets/echarts.min.js\" defer></script>");
	htmlf(b, "<h1>%s</h1><nav class=\"tabs\">", _("Reports"));
	for (int i = 0; kind_labels[i]; i += 2) {
		htmlf(b, "<a href=\"/reports/%U?project=%U&amp;period=%U\"", kind_labels[i], a->project, a->sc.period.key);
		if (!strcmp(a->kind, kind_labels[i]))
			html(b, " class=\"active\" aria-current=\"page\"");
		htmlf(b, ">%s</a> ", _(kind_labels[i + 1]));
	}
	htmlf(b, "<a href=\"/reports/targets?project=%U&amp;period=%U\"", a->project, a->sc.period.key);
	if (!strcmp(a->kind, "targets"))
		html(b, " class=\"active\" aria-current=\"page\"");
	htmlf(b, ">%s</a></nav>", _("Targets"));
	/* the question, asked again */
	htmlf(b, "<form method=\"get\" action=\"/reports/%U\" class=\"filters\">", a->kind);
	htmlf(b, "<input type=\"hidden\" name=\"project\" value=\"%s\">", a->project);
	field_input(b, &a->fe, "period", _("Period (2026-07 or 2026)"), "text", a->period_arg, "maxlength=\"7\"");
	if (strcmp(a->kind, "weekly") && strcmp(a->kind, "targets")) {
		const char *opts[] = { "project", _("Project"), "building", _("Building"), "staff", _("Steward"), "group",
				       _("Group"), NULL };
		field_select(b, &a->fe, "by", _("Break down by"), opts, a->by_arg);
	}
	htmlf(b, "<button type=\"submit\">%s</button></form>", _("Show"));
	htmlf(b, "<p class=\"muted\">%s %D. <a href=\"/reports/%U/xlsx?", _("As of"), r->today, a->kind);
	same_query(b, a);
	htmlf(b, "\">%s</a></p>", _("Download .xlsx"));
}

/* An ECharts bar chart of one series; each bar links to its units (data-chart-links). */
static void bar_chart(struct buf *b, const struct ask *a, json_t *labels, json_t *values, json_t *links,
		      const char *name, int percent)
{
	json_t *opt = json_pack("{s:{s:s},s:{s:s,s:O,s:{s:i}},s:{s:s},s:[{s:s,s:s,s:O}],s:{s:i,s:i,s:i,s:i}}",
				"tooltip", "trigger", "axis", "xAxis", "type", "category", "data", labels, "axisLabel",
				"interval", 0, "yAxis", "type", "value", "series", "type", "bar", "name", name, "data",
				values, "grid", "left", 50, "right", 10, "top", 20, "bottom", 40);
	if (percent)
		json_object_set_new(json_object_get(opt, "yAxis"), "max", json_integer(100));
	char *o = json_dumps(opt, JSON_COMPACT | JSON_REAL_PRECISION(15));
	char *l = json_dumps(links, JSON_COMPACT);
	(void)a;
	htmlf(b, "<div class=\"chart\" role=\"img\" aria-label=\"%s\" data-chart=\"%s\" data-chart-links=\"%s\"></div>", name,
	      o, l);
	free(o);
	free(l);
	json_decref(opt);
}

static json_t *pct_value(int64_t bp)
{
	return bp == FIG_NA ? json_null() : json_real((double)bp / 100.0);
}

static void link_json(json_t *links, const struct ask *a, int64_t row, const char *what)
{
	struct buf u = BUF_INIT;
	if (!a->units_links) {
		json_array_append_new(links, json_null()); /* app.js follows strings only */
		return;
	}
	/* a plain URL (the attribute is escaped as a whole when written) */
	buf_addf(&u, "/reports/%s/units?project=%s&period=%s&by=%s&row=%lld&what=%s", a->kind, a->project,
		 a->sc.period.key, a->by_arg, (long long)row, what);
	json_array_append_new(links, json_string(u.buf));
	buf_release(&u);
}

static void rates_body(struct web_req *r, struct buf *b, struct ask *a, struct buf *err)
{
	struct fig_rows rows;
	struct fig_scope total = a->sc;
	struct fig_rows tot;

	(void)r;
	total.by = FIG_BY_PROJECT;
	if (fig_compute(r->db, &total, &tot, err) < 0)
		return;
	if (tot.n) {
		const struct fig_row *t = &tot.v[0];
		struct ask pa = *a;
		pa.by_arg = "project";
		static const struct {
			const char *label, *what;
			int field;
		} cards[] = {
			{ N_("Collection rate (当期收缴率)"), "unpaid", 0 }, { N_("Household rate (户数收缴率)"), "paid", 1 },
			{ N_("Recovery rate (清欠率)"), "arrears", 2 },     { N_("Overall rate (综合收缴率)"), "unpaid", 3 },
			{ N_("Proactive rate (主动缴费率)"), "proactive", 4 }, { N_("Arrears rate (欠费率)"), "arrears", 5 },
		};
		int64_t v[] = { t->r.rate_amount, t->r.rate_hh, t->r.recovery, t->r.overall, t->r.proactive, t->r.arrears_rate };
		html(b, "<div class=\"cards\">");
		for (size_t i = 0; i < sizeof(cards) / sizeof(cards[0]); i++) {
			htmlf(b, "<div class=\"card\"><div class=\"muted\">%s</div>", _(cards[i].label));
			if (pa.units_links) {
				html(b, "<a class=\"figure\" href=\"");
				units_link(b, &pa, t->id, cards[i].what);
				html(b, "\">");
			} else
				html(b, "<span class=\"figure\">");
			pct_cell(b, v[cards[i].field]);
			html(b, pa.units_links ? "</a></div>" : "</span></div>");
		}
		html(b, "</div>");
	}
	fig_rows_free(&tot);
	if (fig_compute(r->db, &a->sc, &rows, err) < 0)
		return;
	json_t *labels = json_array(), *values = json_array(), *links = json_array();
	for (size_t i = 0; i < rows.n; i++) {
		json_array_append_new(labels, json_string(*rows.v[i].name && a->sc.by != FIG_BY_BUILDING ? rows.v[i].name
												      : rows.v[i].key));
		json_array_append_new(values, pct_value(rows.v[i].r.rate_amount));
		link_json(links, a, rows.v[i].id, "unpaid");
	}
	bar_chart(b, a, labels, values, links, _("Collection rate"), 1);
	json_decref(labels);
	json_decref(values);
	json_decref(links);
	htmlf(b, "<div class=\"table-wrap\"><table class=\"report\"><thead><tr><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
		 "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
		 "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
		 "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
	      _("Scope"), _("Households"), _("Paid households"), _("Household rate"), _("Billed"), _("Collected"),
	      _("Collection rate"), _("Opening arrears"), _("Arrears recovered"), _("Recovery rate"), _("Overall rate"),
	      _("Proactive rate"), _("Arrears rate"));
	for (size_t i = 0; i < rows.n; i++) {
		const struct fig_row *x = &rows.v[i];
		htmlf(b, "<tr><td>%s %s</td>", x->key, x->name);
		link_cell(b, a, x->id, "households", 'i', x->s.hh);
		link_cell(b, a, x->id, "paid", 'i', x->s.hh_paid);
		link_cell(b, a, x->id, "unpaid", 'p', x->r.rate_hh);
		link_cell(b, a, x->id, "households", 'f', x->s.billed - x->s.waived);
		link_cell(b, a, x->id, "paid", 'f', x->s.paid);
		link_cell(b, a, x->id, "unpaid", 'p', x->r.rate_amount);
		link_cell(b, a, x->id, "arrears", 'f', x->s.open_start);
		link_cell(b, a, x->id, "arrears", 'f', x->s.arrears_paid);
		link_cell(b, a, x->id, "arrears", 'p', x->r.recovery);
		link_cell(b, a, x->id, "unpaid", 'p', x->r.overall);
		link_cell(b, a, x->id, "proactive", 'p', x->r.proactive);
		link_cell(b, a, x->id, "arrears", 'p', x->r.arrears_rate);
		html(b, "</tr>");
	}
	html(b, "</tbody></table></div>");
	fig_rows_free(&rows);
}

static void staff_body(struct web_req *r, struct buf *b, struct ask *a, struct buf *err)
{
	struct fig_rows rows;

	if (fig_compute(r->db, &a->sc, &rows, err) < 0)
		return;
	htmlf(b, "<div class=\"table-wrap\"><table class=\"report\"><thead><tr><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
		 "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
		 "<th class=\"num\">%s</th></tr></thead><tbody>",
	      _("Scope"), _("Collection rate"), _("Collected"), _("Arrears recovered"), _("Household rate"), _("Contacts"),
	      _("Promise-kept rate"), _("Plan-kept rate"));
	for (size_t i = 0; i < rows.n; i++) {
		const struct fig_row *x = &rows.v[i];
		htmlf(b, "<tr><td>%s %s</td>", x->key, x->name);
		link_cell(b, a, x->id, "unpaid", 'p', x->r.rate_amount);
		link_cell(b, a, x->id, "paid", 'f', x->r.collected);
		link_cell(b, a, x->id, "arrears", 'f', x->s.arrears_paid);
		link_cell(b, a, x->id, "unpaid", 'p', x->r.rate_hh);
		link_cell(b, a, x->id, "contacted", 'i', x->s.contacts);
		link_cell(b, a, x->id, "contacted", 'p', x->r.promise_kept);
		link_cell(b, a, x->id, "contacted", 'p', x->r.plan_kept);
		html(b, "</tr>");
	}
	html(b, "</tbody></table></div>");
	fig_rows_free(&rows);
}

static void aging_body(struct web_req *r, struct buf *b, struct ask *a, struct buf *err)
{
	struct fig_aging_row *v;
	size_t n;

	if (fig_aging(r->db, &a->sc, &v, &n, err) < 0)
		return;
	/* the chart: the whole scope's open amount by bucket */
	json_t *labels = json_array(), *values = json_array(), *links = json_array();
	int64_t sum[AGING_BUCKETS] = { 0 };
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < AGING_BUCKETS; k++)
			sum[k] += v[i].fen[k];
	struct ask pa = *a;
	pa.by_arg = "project";
	for (int k = 0; k < AGING_BUCKETS; k++) {
		char what[24]; /* "aging:" and any int */
		snprintf(what, sizeof(what), "aging:%d", k);
		json_array_append_new(labels, json_string(aging_names[k]));
		json_array_append_new(values, json_real((double)sum[k] / 100.0));
		link_json(links, &pa, r->project_id, what);
	}
	bar_chart(b, a, labels, values, links, _("Open (yuan) by days overdue"), 0);
	json_decref(labels);
	json_decref(values);
	json_decref(links);
	htmlf(b, "<div class=\"table-wrap\"><table class=\"report\"><thead><tr><th>%s</th>", _("Scope"));
	for (int k = 0; k < AGING_BUCKETS; k++)
		htmlf(b, "<th class=\"num\">%s</th>", aging_names[k]);
	htmlf(b, "<th class=\"num\">%s</th></tr></thead><tbody>", _("Total"));
	for (size_t i = 0; i < n; i++) {
		htmlf(b, "<tr><td>%s %s</td>", v[i].key, v[i].name);
		for (int k = 0; k < AGING_BUCKETS; k++) {
			char what[24];
			snprintf(what, sizeof(what), "aging:%d", k);
			link_cell(b, a, v[i].id, what, 'f', v[i].fen[k]);
		}
		link_cell(b, a, v[i].id, "arrears", 'f', v[i].total);
		html(b, "</tr>");
	}
	html(b, "</tbody></table></div>");
	free(v);
}

/* The figure of a row of the reasons: its unpaid households with that reason. */
static const char *reason_what(json_t *row, char *what, size_t len)
{
	snprintf(what, len, "unpaid:%s", json_string_value(json_object_get(row, "reason")));
	return what;
}

static void reasons_body(struct web_req *r, struct buf *b, struct ask *a, struct buf *err)
{
	char what[48];
	json_t *rows;
	size_t i;
	json_t *x;

	if (fig_report_json(r->db, "reasons", &a->sc, &rows, err) < 0)
		return;
	json_t *labels = json_array(), *values = json_array(), *links = json_array();
	json_array_foreach(rows, i, x) {
		json_array_append_new(labels, json_pack("s+s+s", json_string_value(json_object_get(x, "key")), " ",
							json_string_value(json_object_get(x, "reason_label"))));
		json_array_append(values, json_object_get(x, "households"));
		link_json(links, a, json_integer_value(json_object_get(x, "id")), reason_what(x, what, sizeof(what)));
	}
	bar_chart(b, a, labels, values, links, _("Unpaid households by reason"), 0);
	json_decref(labels);
	json_decref(values);
	json_decref(links);
	htmlf(b, "<div class=\"table-wrap\"><table class=\"report\"><thead><tr><th>%s</th><th>%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
	      _("Scope"), _("Reason"), _("Unpaid households"));
	json_array_foreach(rows, i, x) {
		htmlf(b, "<tr><td>%s</td><td>%s</td>", json_string_value(json_object_get(x, "key")),
		      json_string_value(json_object_get(x, "reason_label")));
		link_cell(b, a, json_integer_value(json_object_get(x, "id")), reason_what(x, what, sizeof(what)), 'i',
			  json_integer_value(json_object_get(x, "households")));
		html(b, "</tr>");
	}
	html(b, "</tbody></table></div>");
	json_decref(rows);
}

static void channels_body(struct web_req *r, struct buf *b, struct ask *a, struct buf *err)
{
	struct fig_channel_row *v;
	size_t n;

	if (fig_channels(r->db, &a->sc, &v, &n, err) < 0)
		return;
	json_t *labels = json_array(), *values = json_array(), *links = json_array();
	for (size_t i = 0; i < n; i++) {
		char what[32];
		snprintf(what, sizeof(what), "contacted:%s", v[i].channel);
		json_array_append_new(labels, json_pack("s+s+s", v[i].key, " ", v[i].channel));
		json_array_append_new(values, pct_value(v[i].rate7));
		link_json(links, a, v[i].id, what);
	}
	bar_chart(b, a, labels, values, links, _("Paid within 7 days"), 1);
	json_decref(labels);
	json_decref(values);
	json_decref(links);
	htmlf(b, "<div class=\"table-wrap\"><table class=\"report\"><thead><tr><th>%s</th><th>%s</th><th class=\"num\">%s</th>"
		 "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
	      _("Scope"), _("Channel"), _("Contacts"), _("7-day rate"), _("30-day rate"));
	for (size_t i = 0; i < n; i++) {
		char what[32];
		snprintf(what, sizeof(what), "contacted:%s", v[i].channel);
		htmlf(b, "<tr><td>%s %s</td><td>%s</td>", v[i].key, v[i].name, v[i].channel);
		link_cell(b, a, v[i].id, what, 'i', v[i].contacts);
		link_cell(b, a, v[i].id, what, 'p', v[i].rate7);
		link_cell(b, a, v[i].id, what, 'p', v[i].rate30);
		html(b, "</tr>");
	}
	html(b, "</tbody></table></div>");
	free(v);
}

static void weekly_body(struct web_req *r, struct buf *b, struct ask *a, struct buf *err)
{
	struct fig_weekly_row *v;
	size_t n;

	if (fig_weekly(r->db, a->sc.project_id, r->today, &v, &n, err) < 0)
		return;
	htmlf(b, "<p><a href=\"/reports/weekly/pdf?project=%U\">%s</a></p>", a->project, _("Print the weekly review (PDF)"));
	for (int g = 0; g < 2; g++) {
		struct ask wa = *a;
		wa.kind = "rates";
		wa.by_arg = g ? "group" : "staff";
		fig_period_month(r->today, &wa.sc.period);
		json_t *labels = json_array(), *values = json_array(), *links = json_array();
		for (size_t i = 0; i < n; i++)
			if (v[i].group == g) {
				json_array_append_new(labels, json_string(*v[i].name ? v[i].name : v[i].key));
				json_array_append_new(values, pct_value(v[i].rate));
				link_json(links, &wa, v[i].id, "unpaid");
			}
		htmlf(b, "<h2>%s</h2>", g ? _("Groups") : _("People"));
		bar_chart(b, a, labels, values, links, _("Collection rate"), 1);
		json_decref(labels);
		json_decref(values);
		json_decref(links);
		htmlf(b, "<div class=\"table-wrap\"><table class=\"report\"><thead><tr><th class=\"num\">%s</th><th class=\"num\">%s</th>"
			 "<th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
			 "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
			 "<th class=\"num\">%s</th></tr></thead><tbody>",
		      _("Rank"), _("Last week"), _("Name"), _("Collection rate"), _("Change"), _("Arrears recovered"),
		      _("Last week"), _("Contacts"), _("Last week"), _("Promises kept"), _("Last week"));
		for (size_t i = 0; i < n; i++) {
			if (v[i].group != g)
				continue;
			html(b, "<tr><td class=\"num\">");
			if (v[i].rank)
				htmlf(b, "%d", v[i].rank);
			html(b, "</td><td class=\"num\">");
			if (v[i].rank_before)
				htmlf(b, "%d", v[i].rank_before);
			htmlf(b, "</td><td>%s %s</td>", v[i].key, v[i].name);
			link_cell(b, &wa, v[i].id, "unpaid", 'p', v[i].rate);
			html(b, "<td class=\"num\"><a href=\"");
			units_link(b, &wa, v[i].id, "unpaid");
			html(b, "\">");
			if (v[i].rate != FIG_NA && v[i].rate_before != FIG_NA && v[i].rate >= v[i].rate_before)
				html(b, "+");
			pct_cell(b, v[i].rate == FIG_NA || v[i].rate_before == FIG_NA ? FIG_NA : v[i].rate - v[i].rate_before);
			html(b, "</a></td>");
			/* each figure with last week's beneath it */
			link_cell(b, &wa, v[i].id, "arrears", 'f', v[i].recovered);
			htmlf(b, "<td class=\"num\">%Y</td>", v[i].recovered_before);
			link_cell(b, &wa, v[i].id, "contacted", 'i', v[i].contacts);
			htmlf(b, "<td class=\"num\">%lld</td>", (long long)v[i].contacts_before);
			link_cell(b, &wa, v[i].id, "contacted", 'i', v[i].promises_kept);
			htmlf(b, "<td class=\"num\">%lld</td>", (long long)v[i].promises_kept_before);
			html(b, "</tr>");
		}
		html(b, "</tbody></table></div>");
	}
	free(v);
}

static int kind_known(const char *kind)
{
	return kind && fig_report_cols(kind) != NULL;
}

int page_report(struct web_req *r)
{
	const char *kind = r->nparams ? r->params[0] : "rates";
	struct buf b = BUF_INIT, err = BUF_INIT;
	struct ask a;
	int ok;

	if (!kind_known(kind))
		return web_error(r, 404, _("no such report"));
	ok = read_ask(r, kind, &a) == 0;
	const char *title = kind_labels[1];
	for (int i = 0; kind_labels[i]; i += 2)
		if (!strcmp(kind_labels[i], kind))
			title = kind_labels[i + 1];
	begin(r, &b, &a, _(title));
	if (ok) {
		if (!strcmp(kind, "rates"))
			rates_body(r, &b, &a, &err);
		else if (!strcmp(kind, "staff"))
			staff_body(r, &b, &a, &err);
		else if (!strcmp(kind, "aging"))
			aging_body(r, &b, &a, &err);
		else if (!strcmp(kind, "reasons"))
			reasons_body(r, &b, &a, &err);
		else if (!strcmp(kind, "channels"))
			channels_body(r, &b, &a, &err);
		else
			weekly_body(r, &b, &a, &err);
		if (err.len) {
			buf_release(&b);
			buf_release(&err);
			return -1;
		}
	}
	layout_end(r, &b);
	web_html(r, a.fe.n ? 400 : 200, &b);
	buf_release(&b);
	buf_release(&err);
	return 0;
}

int page_report_units(struct web_req *r)
{
	const char *kind = r->params[0], *what = web_arg(r, "what"), *row = web_arg(r, "row");
	struct buf b = BUF_INIT, err = BUF_INIT;
	struct fig_unit_row *v = NULL;
	int64_t *ids = NULL, *staff = NULL, row_id = 0;
	size_t n = 0, nids = 0, nstaff = 0;
	struct ask a;

	if (!kind_known(kind) || !what || read_ask(r, kind, &a) < 0)
		return web_error(r, 400, _("this list is asked with a period, a breakdown and a figure"));
	if (row && *row)
		row_id = strtoll(row, NULL, 10);
	/* the buildings the row stands for (a project's row: all of them) */
	if (a.sc.by != FIG_BY_PROJECT && fig_row_buildings(r->db, &a.sc, row_id, &ids, &nids, &err) < 0)
		goto fail;
	if (a.sc.by != FIG_BY_PROJECT && !nids) {
		/* a row with no buildings has no units (a building id that matches none) */
		free(ids);
		ids = xcalloc(1, sizeof(*ids));
		ids[0] = -1;
		nids = 1;
	}
	/* a person's or a group's work is theirs wherever it was done: their contacts, not
	 * their buildings' */
	if (!strncmp(what, "contacted", 9) && (a.sc.by == FIG_BY_STAFF || a.sc.by == FIG_BY_GROUP)) {
		free(ids);
		ids = NULL;
		nids = 0;
		if (fig_row_staff(r->db, &a.sc, row_id, &staff, &nstaff, &err) < 0)
			goto fail;
		if (!nstaff) {
			staff = xrealloc(staff, sizeof(*staff));
			staff[nstaff++] = -1; /* a group without members made no contacts */
		}
	}
	if (fig_units(r->db, &a.sc, what, ids, nids, staff, nstaff, &v, &n, &err) < 0) {
		buf_release(&b);
		free(ids);
		free(staff);
		return web_error(r, 400, err.buf);
	}
	layout_begin(r, &b, _("Units behind a figure"), "reports");
	htmlf(&b, "<h1>%s</h1><p class=\"muted\">%s %s · %s %D · %s: %s</p>", _("Units behind a figure"), _("Period"),
	      a.sc.period.key, _("as of"), r->today, _("figure"), what);
	htmlf(&b, "<p><a href=\"/reports/%U?", kind);
	same_query(&b, &a);
	htmlf(&b, "\">%s</a> · %zu %s</p>", _("Back to the report"), n, _("units"));
	htmlf(&b, "<div class=\"table-wrap\"><table class=\"report\"><thead><tr><th>%s</th><th class=\"num\">%s</th><th>%s</th></tr></thead><tbody>",
	      _("Unit"), !strncmp(what, "contacted", 9) ? _("Contacts") : _("Amount"),
	      !strncmp(what, "contacted", 9) ? _("Last contact") : _("Settled on"));
	for (size_t i = 0; i < n && i < MAX_LISTED; i++) {
		htmlf(&b, "<tr><td>%s</td><td class=\"num\">", v[i].unit);
		if (!strncmp(what, "contacted", 9))
			htmlf(&b, "%lld", (long long)v[i].amount_fen);
		else
			htmlf(&b, "%Y", v[i].amount_fen);
		htmlf(&b, "</td><td>%D</td></tr>", v[i].settle_day);
	}
	html(&b, "</tbody></table></div>");
	if (n > MAX_LISTED)
		htmlf(&b, "<p class=\"muted\">%s</p>", _("The first 2,000 are listed."));
	layout_end(r, &b);
	web_html(r, 200, &b);
	buf_release(&b);
	buf_release(&err);
	free(v);
	free(ids);
	free(staff);
	return 0;
fail:
	buf_release(&b);
	buf_release(&err);
	free(ids);
	free(staff);
	return -1;
}

struct xlsx_arg {
	const struct fig_col *cols;
	json_t *rows;
	const char *sheet;
};

static int write_xlsx(const char *path, void *arg, struct buf *err)
{
	struct xlsx_arg *x = arg;
	struct sheet s = SHEET_INIT;
	fig_report_sheet(x->cols, x->rows, &s);
	int rc = xlsx_write_sheet(path, x->sheet, &s, err);
	sheet_release(&s);
	return rc;
}

int page_report_xlsx(struct web_req *r)
{
	const char *kind = r->params[0];
	struct buf err = BUF_INIT;
	struct ask a;
	json_t *rows;
	char name[64];
	int rc;

	if (!kind_known(kind) || read_ask(r, kind, &a) < 0)
		return web_error(r, 400, _("bad period or breakdown"));
	if (fig_report_json(r->db, kind, &a.sc, &rows, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	struct xlsx_arg x = { fig_report_cols(kind), rows, kind };
	snprintf(name, sizeof(name), "%s-%s-%s.xlsx", a.project, kind, a.sc.period.key);
	rc = web_send_written(r, ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, write_xlsx,
		       &x);
	if (rc == 0)
		web_audit(r, "report.export", kind, name);
	json_decref(rows);
	buf_release(&err);
	return rc;
}

static int write_pdf(const char *path, void *arg, struct buf *err)
{
	json_t *list = json_pack("[O]", (json_t *)arg);
	int rc = doc_write(path, doc_kind_find("weekly-review"), list, 0, NULL, err);
	json_decref(list);
	return rc;
}

int page_report_pdf(struct web_req *r)
{
	struct buf err = BUF_INIT;
	json_t *content;
	char name[64];
	struct ask a;
	int rc;

	read_ask(r, "weekly", &a);
	if (fig_weekly_doc_json(r->db, r->project_id, r->today, &content, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	snprintf(name, sizeof(name), "%s-weekly-%s.pdf", a.project, json_string_value(json_object_get(content, "day")));
	rc = web_send_written(r, ".pdf", "application/pdf", name, write_pdf, content);
	if (rc == 0)
		web_audit(r, "report.export", "weekly", name);
	json_decref(content);
	buf_release(&err);
	return rc;
}

/* ---- targets ---- */

static int targets_page(struct web_req *r, int status, struct field_errors *fe, const char *saved)
{
	struct buf b = BUF_INIT, err = BUF_INIT;
	struct fig_target *v;
	struct ask a;
	size_t n;

	read_ask(r, "targets", &a);
	for (int i = 0; i < fe->n; i++)
		field_error(&a.fe, fe->e[i].name, fe->e[i].message);
	begin(r, &b, &a, _("Targets"));
	if (saved)
		layout_flash(&b, "ok", _("The target is saved."));
	if (fig_target_list(r->db, r->project_id, a.sc.period.key, r->today, &v, &n, &err) < 0) {
		buf_release(&b);
		buf_release(&err);
		return -1;
	}
	htmlf(&b, "<div class=\"table-wrap\"><table class=\"report\"><thead><tr><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
		  "<th class=\"num\">%s</th><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
	      _("Who"), _("Target amount"), _("Collected"), _("Expected by today"), _("Progress"), _("Target rate"),
	      _("Collection rate"));
	for (size_t i = 0; i < n; i++) {
		struct ask ta = a;
		ta.kind = "rates";
		ta.by_arg = !strcmp(v[i].scope, "project") ? "project" : !strcmp(v[i].scope, "group") ? "group" : "staff";
		int64_t row = !strcmp(v[i].scope, "project") ? v[i].project_id : v[i].scope_id;
		htmlf(&b, "<tr><td>%s %s</td><td class=\"num\">", v[i].key, v[i].name);
		if (v[i].amount_fen >= 0)
			htmlf(&b, "%Y", v[i].amount_fen);
		html(&b, "</td>");
		link_cell(&b, &ta, row, "paid", 'f', v[i].collected);
		link_cell(&b, &ta, row, "households", 'f', v[i].expected_fen);
		html(&b, "<td>");
		if (v[i].amount_progress != FIG_NA) {
			htmlf(&b, "<progress max=\"10000\" value=\"%lld\"></progress> <a href=\"",
			      (long long)(v[i].amount_progress > 10000 ? 10000 : v[i].amount_progress));
			units_link(&b, &ta, row, "paid");
			html(&b, "\">");
			pct_cell(&b, v[i].amount_progress);
			html(&b, "</a>");
		}
		html(&b, "</td><td class=\"num\">");
		if (v[i].rate_bp >= 0)
			pct_cell(&b, v[i].rate_bp);
		html(&b, "</td>");
		link_cell(&b, &ta, row, "unpaid", 'p', v[i].rate);
		html(&b, "</tr>");
	}
	html(&b, "</tbody></table></div>");
	free(v);
	if (r->role_bit & (R_ADMIN | R_MANAGER)) {
		const char *scopes[] = { "project", _("The project"), "group", _("A group"), "staff", _("A person"), NULL };
		htmlf(&b, "<h2>%s</h2><form method=\"post\" action=\"/reports/targets?project=%U\" class=\"stack\">",
		      _("Set a target"), a.project);
		layout_csrf(r, &b);
		field_input(&b, &a.fe, "target_period", _("Period (2026-07 or 2026)"), "text",
			    web_arg(r, "target_period") ? web_arg(r, "target_period") : a.sc.period.key, "maxlength=\"7\" required");
		field_select(&b, &a.fe, "scope", _("For"), scopes, web_arg(r, "scope") ? web_arg(r, "scope") : "project");
		field_input(&b, &a.fe, "who", _("Group name or staff login"), "text", web_arg(r, "who"), "maxlength=\"64\"");
		field_input(&b, &a.fe, "amount", _("Amount (yuan)"), "text", web_arg(r, "amount"),
			    "inputmode=\"decimal\" maxlength=\"16\"");
		field_input(&b, &a.fe, "rate", _("Rate (%)"), "text", web_arg(r, "rate"), "inputmode=\"decimal\" maxlength=\"6\"");
		htmlf(&b, "<button type=\"submit\">%s</button></form>", _("Save"));
	}
	layout_end(r, &b);
	web_html(r, status, &b);
	buf_release(&b);
	buf_release(&err);
	return 0;
}

int page_report_targets(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	return targets_page(r, 200, &fe, web_arg(r, "saved"));
}

int page_report_targets_post(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	const char *period = web_arg(r, "target_period"), *scope = web_arg(r, "scope"), *who = web_arg(r, "who");
	const char *amount = web_arg(r, "amount"), *rate = web_arg(r, "rate");
	struct buf err = BUF_INIT;
	struct fig_period p;
	int64_t amount_fen = -1, rate_bp = -1, scope_id = 0, id;

	if (!period || fig_period_parse(period, &p) < 0)
		field_error(&fe, "target_period", _("a month (2026-07) or a year (2026)"));
	if (!scope || (strcmp(scope, "project") && strcmp(scope, "group") && strcmp(scope, "staff")))
		field_error(&fe, "scope", _("the project, a group or a person"));
	int has_amount = amount && *amount, has_rate = rate && *rate;
	if (!has_amount && !has_rate)
		field_error(&fe, "amount", _("give an amount or a rate"));
	if (has_amount && (money_parse(amount, &amount_fen) < 0 || amount_fen <= 0))
		field_error(&fe, "amount", _("an amount in yuan above 0, e.g. 120000.00"));
	if (has_rate && (decimal_parse(rate, 2, &rate_bp) < 0 || rate_bp <= 0 || rate_bp > 10000))
		field_error(&fe, "rate", _("a percentage above 0 and at most 100, e.g. 92.5"));
	if (scope && !strcmp(scope, "group")) {
		if (!who || db_run(r->db, &scope_id, &err, "SELECT id FROM staff_group WHERE project_id = ? AND name = ?",
				   "it", r->project_id, who) != 1)
			field_error(&fe, "who", _("no such group in this project"));
	} else if (scope && !strcmp(scope, "staff")) {
		struct staff s;
		if (!who || staff_find(r->db, who, &s, &err) < 0 || !staff_in_project(r->db, &s, r->project_id))
			field_error(&fe, "who", _("no such staff member in this project"));
		else
			scope_id = s.id;
	}
	buf_reset(&err);
	if (fe.n) {
		buf_release(&err);
		return targets_page(r, 400, &fe, NULL);
	}
	if (db_begin_immediate(r->db, &err) < 0 ||
	    fig_target_set(r->db, r->project_id, p.key, scope, scope_id, has_amount ? amount_fen : -1,
			   has_rate ? rate_bp : -1, r->staff.id, &id, &err) < 0) {
		if (db_in_transaction(r->db))
			db_rollback(r->db);
		buf_release(&err);
		return -1;
	}
	web_audit(r, "target.set", p.key, scope);
	if (db_commit(r->db, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	{
		struct buf loc = BUF_INIT;
		struct project pr;
		struct buf e2 = BUF_INIT;
		project_get(r->db, r->project_id, &pr, &e2);
		buf_addf(&loc, "/reports/targets?project=%s&period=%s&saved=1", pr.code, p.key);
		web_redirect(r, loc.buf);
		buf_release(&loc);
		buf_release(&e2);
	}
	return 0;
}
