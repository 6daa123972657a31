/* tasks.c: 我的任务: today's open tasks, each with the owner, what is owed, the last
 * contacts and the script for the reason on file, and a contact form that logs the
 * contact in two taps (open it, press the result); the team's tasks for managers. */
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "core/caseviews.h"
#include "core/policy.h"
#include "core/project.h"
#include "core/reasons.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/collection.h"

void task_card(struct web_req *r, struct buf *b, json_t *t, const char *back, int staff, const struct form_state *fs,
	       const char *notice)
{
	int care = !strcmp(jstr(t, "step"), "care") && !jint(t, "case_id");
	int64_t case_id = jint(t, "case_id");
	char key[32];
	json_t *x;
	size_t i;

	snprintf(key, sizeof(key), "%s%lld", care ? "care-" : "", (long long)jint(t, "id"));
	htmlf(b, "<li class=\"card task\" id=\"task-%s\"><div class=\"task-head\"><strong>%s</strong> "
		 "<span class=\"badge\">%s</span> <span class=\"muted\">%s</span></div>",
	      key, jstr(t, "payer"), step_label(step_parse(jstr(t, "step"))), jstr(t, "due"));
	if (staff)
		htmlf(b, "<p class=\"muted\">%s: %s</p>", _("Given to"), jstr(t, "staff"));
	html(b, "<p class=\"units\">");
	json_array_foreach(json_object_get(t, "units"), i, x)
		htmlf(b, "%s%s", i ? "、" : "", json_string_value(x));
	htmlf(b, "</p><p><strong>%s %Y</strong>", _("Open"), jint(t, "open_fen"));
	if (jint(t, "overdue_days") > 0) {
		html(b, " · ");
		htmlf(b, _("%lld days overdue"), (long long)jint(t, "overdue_days"));
	}
	html(b, "</p>");
	if (json_array_size(json_object_get(t, "phones"))) {
		html(b, "<p class=\"phones\">");
		json_array_foreach(json_object_get(t, "phones"), i, x) {
			if (i)
				html(b, " · ");
			ui_phone(r, b, json_string_value(x));
		}
		html(b, "</p>");
	}
	if (*jstr(t, "note"))
		htmlf(b, "<p class=\"note\">%s</p>", jstr(t, "note"));
	if (*jstr(t, "reason"))
		htmlf(b, "<details class=\"script\" open><summary>%s: %s</summary><p>%s</p></details>", _("Script"),
		      reason_label(jstr(t, "reason")), jstr(t, "script"));
	htmlf(b, "<h3 class=\"small\">%s</h3>", _("Last contacts"));
	ui_history(b, json_object_get(t, "history"), 0);
	if (notice)
		layout_flash(b, "ok", notice);
	if (ui_may(r, "POST", "/contact/{unit}") && jint(t, "unit_id")) {
		struct contact_form f = {
			.unit_id = jint(t, "unit_id"),
			.case_id = 0,
			.task = key,
			.back = back,
			.channel = ui_task_channel(jstr(t, "step"), jstr(t, "channel")),
			.reason = jstr(t, "reason"),
			.phones = json_object_get(t, "phones"),
			.state = fs,
		};
		ui_contact_form(r, b, &f);
	}
	if (case_id && ui_may(r, "GET", "/cases/{id}"))
		htmlf(b, "<p><a href=\"/cases/%lld\">%s %lld</a></p>", (long long)case_id, _("Case"), (long long)case_id);
	html(b, "</li>");
}

/* The list of tasks, with the place that says what was logged. */
#define TASKS_PAGE 50 /* cards on a page: each carries its form, and phones have little memory */

/* The list of tasks (a page of it), with the place that says what was logged. */
static void task_list(struct web_req *r, struct buf *b, json_t *tasks, int64_t project_id, const char *login,
		      const char *back, int staff)
{
	json_t *t;
	size_t i;
	int64_t n = 0, page = 1;
	const char *logged = web_arg(r, "logged"), *page_s = form_get(&r->query, "page");

	if (page_s && str_to_int64(page_s, 1, 100000, &page) < 0)
		page = 1;
	html(b, "<div id=\"flash\" aria-live=\"polite\">");
	if (logged && *logged)
		layout_flash(b, "ok", _("The contact is logged"));
	html(b, "</div><ul class=\"tasks\" id=\"tasks\">");
	json_array_foreach(tasks, i, t) {
		if (project_id && jint(t, "project_id") != project_id)
			continue;
		if (login && *login && strcmp(jstr(t, "staff"), login))
			continue;
		if (n >= (page - 1) * TASKS_PAGE && n < page * TASKS_PAGE)
			task_card(r, b, t, back, staff, NULL, NULL);
		n++;
	}
	html(b, "</ul>");
	if (!n)
		htmlf(b, "<p class=\"muted empty\">%s</p>", _("No open tasks: nothing is due today"));
	if (n > TASKS_PAGE) {
		const char *sep = strchr(back, '?') ? "&" : "?";
		html(b, "<nav class=\"pages\">");
		if (page > 1)
			htmlf(b, "<a href=\"%s%spage=%lld\">%s</a> ", back, sep, (long long)(page - 1), _("Previous"));
		htmlf(b, "<span class=\"muted\">%lld–%lld / %lld</span> ", (long long)((page - 1) * TASKS_PAGE + 1),
		      (long long)(page * TASKS_PAGE < n ? page * TASKS_PAGE : n), (long long)n);
		if (page * TASKS_PAGE < n)
			htmlf(b, "<a href=\"%s%spage=%lld\">%s</a>", back, sep, (long long)(page + 1), _("Next"));
		html(b, "</nav>");
	}
}

/* Every reason's script, folded: the first call has no reason on file yet. */
static void all_scripts(struct web_req *r, struct buf *b)
{
	struct buf err = BUF_INIT;
	json_t *reasons, *x;
	size_t i;

	if (reasons_json(r->db, &reasons, &err) < 0) {
		buf_release(&err);
		return;
	}
	htmlf(b, "<details class=\"scripts\"><summary>%s</summary>", _("Scripts for each reason (话术)"));
	json_array_foreach(reasons, i, x)
		htmlf(b, "<details class=\"script\"><summary>%s</summary><p>%s</p></details>", jstr(x, "label"),
		      jstr(x, "script"));
	html(b, "</details>");
	json_decref(reasons);
	buf_release(&err);
}

int page_tasks(struct web_req *r)
{
	struct buf b = BUF_INIT, err = BUF_INIT;
	json_t *tasks;

	if (tasks_json(r->db, &r->staff, r->staff.id, r->today, &tasks, &err) < 0) {
		web_error(r, 500, err.buf);
		buf_release(&err);
		return 0;
	}
	layout_begin(r, &b, _("My tasks"), "tasks");
	htmlf(&b, "<h1>%s</h1><p class=\"muted\">%D · %zu %s", _("My tasks"), r->today, json_array_size(tasks),
	      _("open"));
	if (ui_may(r, "GET", "/tasks/team"))
		htmlf(&b, " · <a href=\"/tasks/team\">%s</a>", _("The team's tasks"));
	html(&b, "</p>");
	all_scripts(r, &b);
	task_list(r, &b, tasks, 0, NULL, "/tasks", 0);
	layout_end(r, &b);
	web_html(r, 200, &b);
	buf_release(&b);
	buf_release(&err);
	json_decref(tasks);
	return 0;
}

int page_tasks_team(struct web_req *r)
{
	struct buf b = BUF_INIT, err = BUF_INIT, back = BUF_INIT;
	struct strlist codes = STRLIST_INIT, names = STRLIST_INIT;
	struct project p;
	struct staff who;
	const char *login = web_arg(r, "staff");
	json_t *tasks = NULL, *staff = NULL, *x;
	size_t i;

	memset(&who, 0, sizeof(who));
	if (!r->project_id)
		return web_error(r, 404, _("you work on no project yet"));
	if (login && *login && staff_find(r->db, login, &who, &err) < 0) {
		/* an unknown name shows nobody's tasks, and says so */
		buf_reset(&err);
		who.id = -1;
	}
	if (project_get(r->db, r->project_id, &p, &err) < 0 ||
	    project_list_of(r->db, r->staff.id, r->staff.all_projects, &codes, &names, &err) < 0 ||
	    case_staff_json(r->db, r->project_id, &staff, &err) < 0 ||
	    (who.id >= 0 && tasks_json(r->db, &r->staff, who.id, r->today, &tasks, &err) < 0)) {
		web_error(r, 500, err.buf);
		goto out;
	}
	layout_begin(r, &b, _("The team's tasks"), "tasks");
	htmlf(&b, "<h1>%s</h1><form method=\"get\" action=\"/tasks/team\" class=\"filters\">", _("The team's tasks"));
	htmlf(&b, "<label>%s<select name=\"project\">", _("Project"));
	for (i = 0; i < codes.nr; i++)
		htmlf(&b, "<option value=\"%s\"%s>%s %s</option>", codes.items[i],
		      strcmp(codes.items[i], p.code) ? "" : " selected", codes.items[i], names.items[i]);
	htmlf(&b, "</select></label><label>%s<select name=\"staff\"><option value=\"\">%s</option>", _("Staff member"),
	      _("Everyone"));
	json_array_foreach(staff, i, x)
		htmlf(&b, "<option value=\"%s\"%s>%s (%s)</option>", jstr(x, "login"),
		      login && !strcmp(login, jstr(x, "login")) ? " selected" : "", jstr(x, "name"),
		      staff_role_label(jstr(x, "role")));
	htmlf(&b, "</select></label><button type=\"submit\">%s</button></form>", _("Show"));
	if (who.id < 0) {
		layout_flash(&b, "error", _("there is no such staff member"));
	} else {
		htmlf(&back, "/tasks/team?project=%U&staff=%U", p.code, login ? login : "");
		htmlf(&b, "<p class=\"muted\">%D</p>", r->today);
		task_list(r, &b, tasks, r->project_id, login, back.buf, 1);
	}
	layout_end(r, &b);
	web_html(r, 200, &b);
out:
	json_decref(tasks);
	json_decref(staff);
	strlist_clear(&codes);
	strlist_clear(&names);
	buf_release(&b);
	buf_release(&back);
	buf_release(&err);
	return 0;
}
