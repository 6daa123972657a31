/* dashboard.c: 工作台: today's tasks, this month's billed and collected, arrears by age.
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
#include "core/policy.h"
#include "core/unit.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/office.h"

#define TASKS_SHOWN 5

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
