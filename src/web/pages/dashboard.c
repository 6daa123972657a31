/* dashboard.c: 工作台: today's tasks, this month's billed and collected, arrears by age,
 * and for those who read the reports this month's collection rates, targets and trend
 * from the figures module (core/figures.h, docs/figures.md), each linking to the units
 * behind it.
 *
 * Every figure is an aggregate that one index range serves (008_office_web.sql, and
 * bill_open's): per project, the bills whose period starts this month, the payments
 * made this month less those since reversed, the open overdue bills summed by age in
 * one pass.  Nothing walks units, so the whole company of a million units is a few
 * dozen index ranges.
 */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/i18n.h"
#include "base/xalloc.h"
#include "base/money.h"
#include "core/account.h"
#include "core/figures.h"
#include "core/policy.h"
#include "core/unit.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/router.h"
#include "web/pages/office.h"

#define TASKS_SHOWN 5
#define TREND_MONTHS 6

struct figures {
	int64_t billed, collected, overdue;
	int64_t buckets[AGING_BUCKETS];
};

/* The first overdue day of each aging bucket, as aging_bucket() draws them. */
static void bucket_starts(int lo[AGING_BUCKETS])
{
	int k = 0;

	lo[0] = 1;
	for (int d = 1; k < AGING_BUCKETS - 1 && d < 100000; d++)
		if (aging_bucket(d) > k)
			lo[++k] = d;
}

static int sum_query(struct db *db, const char *sql, int64_t project_id, int64_t a, int64_t b, int64_t *out,
		     struct buf *err)
{
	struct db_stmt *st;
	int rc;

	*out = 0;
	if (db_cached(db, &st, sql, err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, a);
	db_bind_int64(st, 3, b);
	if ((rc = db_step(st, err)) == 1)
		*out = db_col_int64(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int project_figures(struct db *db, int64_t project_id, int first, int last, int today, struct figures *f,
			   struct buf *err)
{
	int lo[AGING_BUCKETS];

	memset(f, 0, sizeof(*f));
	/* billed: the bills of the periods that start this month (a quarter's or a year's in
	 * its first month; late-fee charges on the day they were charged) */
	if (sum_query(db, "SELECT COALESCE(SUM(amount_fen), 0) FROM bill WHERE project_id = ? "
		      "AND period_start >= ? AND period_start <= ?", project_id, first, last, &f->billed, err) < 0 ||
	    /* collected: payments made this month (reversals are taken off by the caller) */
	    sum_query(db, "SELECT COALESCE(SUM(amount_fen), 0) FROM payment WHERE project_id = ? "
		      "AND paid_day >= ? AND paid_day <= ?", project_id, first, last, &f->collected, err) < 0)
		return -1;
	/* arrears: what is open of the bills already due, by days overdue (a bill due
	 * yesterday is 1 day overdue), one index range per bucket */
	bucket_starts(lo);
	for (int k = 0; k < AGING_BUCKETS; k++) {
		int64_t after = k + 1 < AGING_BUCKETS ? (int64_t)today - lo[k + 1] : (int64_t)DATE_MIN - 1;
		if (sum_query(db, "SELECT COALESCE(SUM(open_fen), 0) FROM bill_open WHERE project_id = ? "
			      "AND due_day > ? AND due_day <= ?", project_id, after, (int64_t)today - lo[k], &f->buckets[k],
			      err) < 0)
			return -1;
		f->overdue += f->buckets[k];
	}
	return 0;
}

/* Payments of the month since reversed (a reversed payment counts as never made), taken
 * off each project's collected.  Reversals are few: they drive the query. */
static int take_off_reversed(struct db *db, const struct office_project *p, size_t n, struct figures *per, int first,
			     int last, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	if (db_cached(db, &st, "SELECT y.project_id, SUM(y.amount_fen) FROM reversal v CROSS JOIN payment y "
		      "WHERE y.id = v.payment_id AND y.paid_day >= ? AND y.paid_day <= ? GROUP BY y.project_id", err) < 0)
		return -1;
	db_bind_int64(st, 1, first);
	db_bind_int64(st, 2, last);
	while ((rc = db_step(st, err)) == 1)
		for (size_t i = 0; i < n; i++)
			if (p[i].id == db_col_int64(st, 0))
				per[i].collected -= db_col_int64(st, 1);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* The asker's open tasks due by today: how many, and the first few. */
static int tasks_card(struct web_req *r, struct buf *b, struct buf *err)
{
	struct db_stmt *st, *unit;
	struct buf name = BUF_INIT;
	int64_t count = 0;
	int rc;

	if (db_run(r->db, &count, err, "SELECT (SELECT COUNT(*) FROM task WHERE staff_id = ? AND state = 'open' AND "
		   "due_day <= ?) + (SELECT COUNT(*) FROM care_task WHERE staff_id = ? AND state = 'open' AND due_day <= ?)",
		   "iiii", r->staff.id, (int64_t)r->today, r->staff.id, (int64_t)r->today) < 0)
		return -1;
	htmlf(b, "<div class=\"card tasks\"><h2>%s</h2><p class=\"figure\" id=\"tasks-count\">%lld</p>", _("Today's tasks"),
	      (long long)count);
	if (!count) {
		htmlf(b, "<p class=\"muted\">%s</p></div>", _("Nothing due today."));
		return 0;
	}
	if (db_cached(r->db, &st, "SELECT t.id, t.step, t.due_day, k.project_id, k.payer_id, pa.name FROM task t "
		      "JOIN dun_case k ON k.id = t.case_id JOIN party pa ON pa.id = k.payer_id "
		      "WHERE t.staff_id = ? AND t.state = 'open' AND t.due_day <= ? "
		      "UNION ALL SELECT c.id, 'care', c.due_day, c.project_id, c.payer_id, pa.name FROM care_task c "
		      "JOIN party pa ON pa.id = c.payer_id WHERE c.staff_id = ? AND c.state = 'open' AND c.due_day <= ? "
		      "ORDER BY 3, 1 LIMIT ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, r->staff.id);
	db_bind_int64(st, 2, r->today);
	db_bind_int64(st, 3, r->staff.id);
	db_bind_int64(st, 4, r->today);
	db_bind_int64(st, 5, TASKS_SHOWN);
	html(b, "<ul class=\"task-list\">");
	while ((rc = db_step(st, err)) == 1) {
		int step = step_parse(db_col_text(st, 1));
		/* the unit the oldest open bill is for (a care call may have none) */
		buf_reset(&name);
		if (db_cached(r->db, &unit, "SELECT p.code, b.code, u.entrance, u.room FROM bill_open o "
			      "JOIN unit u ON u.id = o.unit_id JOIN building b ON b.id = u.building_id "
			      "JOIN project p ON p.id = u.project_id WHERE o.project_id = ? AND o.payer_id = ? "
			      "ORDER BY o.due_day LIMIT 1", err) < 0) {
			rc = -1;
			break;
		}
		db_bind_int64(unit, 1, db_col_int64(st, 3));
		db_bind_int64(unit, 2, db_col_int64(st, 4));
		if (db_step(unit, err) == 1)
			unit_name_format(&name, db_col_text(unit, 0), db_col_text(unit, 1), db_col_text(unit, 2),
					 db_col_text(unit, 3));
		db_reset(unit);
		htmlf(b, "<li><span class=\"step\">%s</span> %s <span class=\"muted\">%s</span> <span class=\"muted\">%D</span></li>",
		      step >= 0 ? step_label(step) : db_col_text(st, 1), db_col_text(st, 5), name.buf,
		      (int)db_col_int64(st, 2));
	}
	db_reset(st);
	buf_release(&name);
	if (rc < 0)
		return -1;
	html(b, "</ul>");
	htmlf(b, "<p><a href=\"/tasks\">%s</a></p></div>", _("All my tasks"));
	return 0;
}

static void bucket_label(struct buf *out, int k)
{
	buf_addf(out, _("%s days"), aging_names[k]);
}

/* The ECharts option of the aging bar chart, drawn by app.js (the CSP allows no inline
 * script): amounts in yuan. */
static void aging_chart(struct buf *json, const struct figures *f)
{
	struct buf label = BUF_INIT;

	/* labels turned so that seven of them fit a 375 px phone */
	buf_adds(json, "{\"tooltip\":{\"trigger\":\"axis\"},\"grid\":{\"left\":70,\"right\":10,\"top\":30,\"bottom\":60},"
		       "\"xAxis\":{\"type\":\"category\",\"axisLabel\":{\"interval\":0,\"rotate\":35},\"data\":[");
	for (int k = 0; k < AGING_BUCKETS; k++) {
		buf_reset(&label);
		bucket_label(&label, k);
		if (k)
			buf_addch(json, ',');
		buf_add_json_string(json, label.buf);
	}
	buf_adds(json, "]},\"yAxis\":{\"type\":\"value\",\"name\":");
	buf_add_json_string(json, _("yuan"));
	buf_adds(json, "},\"series\":[{\"type\":\"bar\",\"name\":");
	buf_add_json_string(json, _("Overdue"));
	buf_adds(json, ",\"data\":[");
	for (int k = 0; k < AGING_BUCKETS; k++) {
		if (k)
			buf_addch(json, ',');
		buf_add_money(json, f->buckets[k]);
	}
	buf_adds(json, "]}]}");
	buf_release(&label);
}

/* ---- this month's rates, targets and trend (the figures of docs/figures.md) ---- */

/* The link to the units behind a figure of one project (the 报表's list). */
static void units_href(struct buf *b, const char *code, const char *period, const char *by, int64_t row,
		       const char *what)
{
	htmlf(b, "/reports/rates/units?project=%U&amp;period=%U&amp;by=%U&amp;row=%lld&amp;what=%U", code, period, by,
	      (long long)row, what);
}

/* A figure card: its value links to the units behind it. */
static void rate_card(struct buf *b, const char *id, const char *label, const char *note, int64_t bp,
		      const struct office_project *p, const char *period, const char *what)
{
	char t[32];

	fig_pct_text(t, sizeof(t), bp);
	htmlf(b, "<div class=\"card\"><h2>%s</h2><a class=\"figure\" id=\"%s\" href=\"", label, id);
	units_href(b, p->code, period, "project", p->id, what);
	htmlf(b, "\">%s</a><p class=\"muted\">%s</p></div>", t, note);
}

/* The month's targets of the project: its own, and the asker's (as a person or through a
 * group), with the progress of today. */
static int targets_card(struct web_req *r, struct buf *b, const struct office_project *p, const char *period,
			struct buf *err)
{
	struct fig_target *v = NULL;
	size_t nv = 0, shown = 0;
	int64_t *groups = NULL;
	size_t ng = 0, ag = 0;
	struct db_stmt *st;
	int rc;

	if (fig_target_list(r->db, p->id, period, r->today, &v, &nv, err) < 0)
		return -1;
	if (db_cached(r->db, &st, "SELECT group_id FROM staff_group_member WHERE staff_id = ?", err) < 0) {
		free(v);
		return -1;
	}
	db_bind_int64(st, 1, r->staff.id);
	while ((rc = db_step(st, err)) == 1) {
		XGROW(groups, ag, ng + 1);
		groups[ng++] = db_col_int64(st, 0);
	}
	db_reset(st);
	if (rc < 0) {
		free(v);
		free(groups);
		return -1;
	}
	for (size_t i = 0; i < nv; i++) {
		int mine = !strcmp(v[i].scope, "project") || (!strcmp(v[i].scope, "staff") && v[i].scope_id == r->staff.id);
		for (size_t k = 0; !mine && !strcmp(v[i].scope, "group") && k < ng; k++)
			mine = groups[k] == v[i].scope_id;
		if (!mine || v[i].project_id != p->id)
			continue;
		if (!shown++)
			htmlf(b, "<section><h2>%s</h2><div class=\"table-wrap\"><table class=\"targets\"><thead><tr><th>%s</th>"
				  "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th>%s</th>"
				  "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
			      _("Targets this month"), _("Who"), _("Target amount"), _("Collected"), _("Expected by today"),
			      _("Progress"), _("Target rate"), _("Collection rate"));
		const char *by = !strcmp(v[i].scope, "project") ? "project" : v[i].scope;
		int64_t row = !strcmp(v[i].scope, "project") ? v[i].project_id : v[i].scope_id;
		char t[32];
		htmlf(b, "<tr data-target=\"%s:%s\"><td>%s %s</td><td class=\"num\">", v[i].project, v[i].key, v[i].key,
		      v[i].name);
		if (v[i].amount_fen >= 0)
			htmlf(b, "%Y", v[i].amount_fen);
		html(b, "</td><td class=\"num\"><a class=\"collected\" href=\"");
		units_href(b, p->code, period, by, row, "paid");
		htmlf(b, "\">%Y</a></td><td class=\"num\">%Y</td><td>", v[i].collected, v[i].expected_fen);
		if (v[i].amount_progress != FIG_NA) {
			fig_pct_text(t, sizeof(t), v[i].amount_progress);
			htmlf(b, "<progress max=\"10000\" value=\"%lld\"></progress> <a class=\"progress\" href=\"",
			      (long long)(v[i].amount_progress > 10000 ? 10000 : v[i].amount_progress));
			units_href(b, p->code, period, by, row, "paid");
			htmlf(b, "\">%s</a>", t);
		}
		html(b, "</td><td class=\"num\">");
		if (v[i].rate_bp >= 0) {
			fig_pct_text(t, sizeof(t), v[i].rate_bp);
			html_text(b, t);
		}
		fig_pct_text(t, sizeof(t), v[i].rate);
		html(b, "</td><td class=\"num\"><a class=\"rate\" href=\"");
		units_href(b, p->code, period, by, row, "unpaid");
		htmlf(b, "\">%s</a></td></tr>", t);
	}
	if (shown)
		htmlf(b, "</tbody></table></div><p><a href=\"/reports/targets?project=%U&amp;period=%U\">%s</a></p></section>",
		      p->code, period, _("All targets"));
	free(v);
	free(groups);
	return 0;
}

/* The ECharts option of the trend: each month's 当期收缴率 as of its last day (this
 * month: today) and its 清欠率, in percent. */
static void trend_chart(struct buf *json, struct buf *links, const struct fig_trend_point *t, int months,
			const struct office_project *p)
{
	buf_adds(json, "{\"tooltip\":{\"trigger\":\"axis\"},\"legend\":{\"top\":0},\"grid\":{\"left\":50,\"right\":10,"
		       "\"top\":40,\"bottom\":30},\"xAxis\":{\"type\":\"category\",\"data\":[");
	for (int m = 0; m < months; m++) {
		if (m)
			buf_addch(json, ',');
		buf_add_json_string(json, t[m].period.key);
	}
	buf_adds(json, "]},\"yAxis\":{\"type\":\"value\",\"max\":100,\"name\":\"%\"},\"series\":[");
	for (int s = 0; s < 2; s++) {
		buf_adds(json, s ? ",{\"type\":\"line\",\"name\":" : "{\"type\":\"line\",\"name\":");
		buf_add_json_string(json, s ? _("Recovery rate (清欠率)") : _("Collection rate (当期收缴率)"));
		buf_adds(json, ",\"data\":[");
		for (int m = 0; m < months; m++) {
			int64_t bp = s ? t[m].recovery : t[m].rate_amount;
			if (m)
				buf_addch(json, ',');
			if (bp == FIG_NA)
				buf_adds(json, "null");
			else
				buf_addf(json, "%s%lld.%02lld", bp < 0 ? "-" : "", (long long)(llabs(bp) / 100),
					 (long long)(llabs(bp) % 100));
		}
		buf_adds(json, "]}");
	}
	buf_adds(json, "]}");
	/* a point links to the month's unpaid units (one project) */
	buf_addch(links, '[');
	for (int m = 0; m < months; m++) {
		if (m)
			buf_addch(links, ',');
		buf_addf(links, "\"/reports/rates/units?project=%s&period=%s&by=project&row=%lld&what=unpaid\"", p->code,
			 t[m].period.key, (long long)p->id);
	}
	buf_addch(links, ']');
}

/* One project's collection this month: its rates, its trend, its targets. */
static int rates_section(struct web_req *r, struct buf *b, const struct office_project *p, const char *period,
			 struct buf *err)
{
	struct fig_row total;
	struct fig_trend_point trend[TREND_MONTHS];
	struct buf chart = BUF_INIT, links = BUF_INIT;
	int rc = -1;

	memset(&total, 0, sizeof(total));
	if (fig_dashboard(r->db, p->id, r->today, &total, err) < 0 ||
	    fig_trend(r->db, &p->id, 1, r->today, TREND_MONTHS, trend, err) < 0)
		goto out;

	htmlf(b, "<section class=\"rates\"><h2>%s %s</h2><section class=\"cards\">", _("Collection this month"), period);
	rate_card(b, "rate-amount", _("Collection rate (当期收缴率)"), _("collected ÷ billed net of waivers"),
		  total.r.rate_amount, p, period, "unpaid");
	rate_card(b, "rate-households", _("Household rate (户数收缴率)"), _("households settled ÷ households"),
		  total.r.rate_hh, p, period, "paid");
	rate_card(b, "recovery", _("Recovery rate (清欠率)"), _("arrears recovered ÷ arrears at the start of the month"),
		  total.r.recovery, p, period, "arrears");
	html(b, "</section>");
	htmlf(b, "<p class=\"muted\">%lld / %lld %s · <a href=\"/reports?project=%U&amp;period=%U\">%s</a></p>",
	      (long long)total.s.hh_paid, (long long)total.s.hh, _("households settled"), p->code, period,
	      _("All the figures (报表)"));
	trend_chart(&chart, &links, trend, TREND_MONTHS, p);
	htmlf(b, "<h3>%s</h3><div class=\"chart\" role=\"img\" aria-label=\"%s\" data-chart=\"%s\" data-chart-links=\"%s\">"
		 "</div>", _("Trend"), _("Collection rate by month"), chart.buf, links.buf);
	/* the same trend as a table, each month's rate linking to its units */
	htmlf(b, "<div class=\"table-wrap\"><table class=\"trend\"><thead><tr><th>%s</th><th class=\"num\">%s</th>"
		 "<th class=\"num\">%s</th></tr></thead><tbody>", _("Month"), _("Collection rate"), _("Recovery rate"));
	for (int m = TREND_MONTHS - 1; m >= 0; m--) {
		char t1[32], t2[32];
		fig_pct_text(t1, sizeof(t1), trend[m].rate_amount);
		fig_pct_text(t2, sizeof(t2), trend[m].recovery);
		htmlf(b, "<tr data-month=\"%s\"><td>%s <span class=\"muted\">(%s %D)</span></td>", trend[m].period.key,
		      trend[m].period.key, _("as of"), trend[m].asof);
		html(b, "<td class=\"num\"><a href=\"");
		units_href(b, p->code, trend[m].period.key, "project", p->id, "unpaid");
		htmlf(b, "\">%s</a></td><td class=\"num\"><a href=\"", t1);
		units_href(b, p->code, trend[m].period.key, "project", p->id, "arrears");
		htmlf(b, "\">%s</a></td></tr>", t2);
	}
	html(b, "</tbody></table></div></section>");
	if (targets_card(r, b, p, period, err) < 0)
		goto out;
	rc = 0;
out:
	fig_sums_free(&total.s);
	buf_release(&chart);
	buf_release(&links);
	return rc;
}

int page_dashboard(struct web_req *r)
{
	struct buf b = BUF_INIT, err = BUF_INIT, chart = BUF_INIT, label = BUF_INIT;
	struct office_project *projects = NULL;
	struct figures total, *per = NULL;
	size_t n = 0, shown = 0;
	int one = office_one_project(r), first = date_first_of_month(r->today), last = date_add_months(first, 1) - 1;
	int y, m, d, rc = -1;
	char month[8];

	date_to_ymd(r->today, &y, &m, &d);
	snprintf(month, sizeof(month), "%04d-%02d", y, m);
	if (office_projects(r, &projects, &n) < 0)
		goto out;
	memset(&total, 0, sizeof(total));
	per = xcalloc(n ? n : 1, sizeof(*per));
	if (!per)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((!one || projects[i].id == r->project_id) &&
		    project_figures(r->db, projects[i].id, first, last, r->today, &per[i], &err) < 0)
			goto out;
	if (take_off_reversed(r->db, projects, n, per, first, last, &err) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (one && projects[i].id != r->project_id)
			continue;
		total.billed += per[i].billed;
		total.collected += per[i].collected;
		total.overdue += per[i].overdue;
		for (int k = 0; k < AGING_BUCKETS; k++)
			total.buckets[k] += per[i].buckets[k];
		shown++;
	}

	layout_begin(r, &b, _("Dashboard"), "dashboard");
	htmlf(&b, "<h1>%s</h1><p class=\"muted\">%s, %s · %D</p>", _("Dashboard"), _("Welcome"), r->staff.name, r->today);
	office_project_switch(&b, "/", projects, n, one ? r->project_id : 0, 1);
	html(&b, "<section class=\"cards\">");
	if (tasks_card(r, &b, &err) < 0)
		goto out;
	htmlf(&b, "<div class=\"card\"><h2>%s</h2><p class=\"figure\" id=\"billed\">%Y</p><p class=\"muted\">%s %s</p></div>",
	      _("Billed this month"), total.billed, _("bills of the periods starting in"), month);
	htmlf(&b, "<div class=\"card\"><h2>%s</h2><p class=\"figure\" id=\"collected\">%Y</p><p class=\"muted\">%s %s</p></div>",
	      _("Collected this month"), total.collected, _("payments received in"), month);
	htmlf(&b, "<div class=\"card\"><h2>%s</h2><p class=\"figure\" id=\"overdue\">%Y</p><p class=\"muted\">%s</p></div>",
	      _("Arrears"), total.overdue, _("open on bills past their due date"));
	html(&b, "</section>");
	/* the rates link to the units behind them: for those the route table lets open them.
	 * They are one project's (its households are counted unit by unit: a few
	 * milliseconds for a project, seconds for a company of a million units, which the
	 * 报表 pages and `wuye report --all` give instead) */
	if (router_allows(r, "GET", "/reports/{kind}/units") && n) {
		const struct office_project *cur = one || n == 1 ? office_current(r, projects, n) : NULL;
		if (cur) {
			if (rates_section(r, &b, cur, month, &err) < 0)
				goto out;
		} else
			htmlf(&b, "<section class=\"rates\"><h2>%s %s</h2><p class=\"muted\">%s</p></section>",
			      _("Collection this month"), month,
			      _("Pick a project above for its collection rates, targets and trend; the whole company's "
				"are in the reports (报表)."));
	}

	htmlf(&b, "<section><h2>%s</h2>", _("Arrears by age"));
	aging_chart(&chart, &total);
	htmlf(&b, "<div class=\"chart\" role=\"img\" aria-label=\"%s\" data-chart=\"%s\"></div>", _("Arrears by age"),
	      chart.buf);
	htmlf(&b, "<div class=\"table-wrap\"><table class=\"aging\"><thead><tr><th>%s</th><th class=\"num\">%s</th></tr>"
		  "</thead><tbody>", _("Days overdue"), _("Open"));
	for (int k = 0; k < AGING_BUCKETS; k++) {
		buf_reset(&label);
		bucket_label(&label, k);
		htmlf(&b, "<tr data-bucket=\"%s\"><td>%s</td><td class=\"num\">%Y</td></tr>", aging_names[k], label.buf,
		      total.buckets[k]);
	}
	htmlf(&b, "</tbody><tfoot><tr><th>%s</th><th class=\"num\">%Y</th></tr></tfoot></table></div></section>",
	      _("Total"), total.overdue);

	if (shown > 1) {
		htmlf(&b, "<section><h2>%s</h2><div class=\"table-wrap\"><table class=\"projects\"><thead><tr><th>%s</th>"
			  "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
		      _("By project"), _("Project"), _("Billed this month"), _("Collected this month"), _("Arrears"));
		for (size_t i = 0; i < n; i++)
			htmlf(&b, "<tr data-project=\"%s\"><td><a href=\"/?project=%U\">%s %s</a></td><td class=\"num\">%Y</td>"
				  "<td class=\"num\">%Y</td><td class=\"num\">%Y</td></tr>",
			      projects[i].code, projects[i].code, projects[i].code, projects[i].name, per[i].billed,
			      per[i].collected, per[i].overdue);
		htmlf(&b, "</tbody><tfoot><tr><th>%s</th><th class=\"num\">%Y</th><th class=\"num\">%Y</th>"
			  "<th class=\"num\">%Y</th></tr></tfoot></table></div></section>",
		      _("Total"), total.billed, total.collected, total.overdue);
	} else if (!n)
		layout_flash(&b, "ok", _("You do not work on any project yet: an administrator adds you to one."));
	layout_end(r, &b);
	web_html(r, 200, &b);
	rc = 0;
out:
	free(projects);
	free(per);
	buf_release(&b);
	buf_release(&err);
	buf_release(&chart);
	buf_release(&label);
	return rc;
}
