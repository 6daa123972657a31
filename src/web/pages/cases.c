/* cases.c: 催缴案件: a project's cases with filters (state, step, building, staff), the
 * printed batches, and one case's page: its facts, the forms of what people do on it
 * (case_actions.c answers them), and its whole story (timeline, tasks, contacts with
 * their proofs, promises, plans, pauses, work orders, legal matters). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/i18n.h"
#include "base/str.h"
#include "core/cases.h"
#include "core/caseviews.h"
#include "core/casework.h"
#include "core/documents.h"
#include "core/policy.h"
#include "core/project.h"
#include "core/reasons.h"
#include "core/unit.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/collection.h"

#define PAGE_SIZE 50

/* A filter of the query string: valid text, else "" and a note of the problem. */
static const char *query_text(struct web_req *r, const char *name, size_t max, struct buf *problems)
{
	struct buf err = BUF_INIT;
	const char *v = form_text(&r->query, name, max, &err);

	if (!v) {
		if (problems->len)
			buf_adds(problems, "; ");
		buf_add(problems, err.buf, err.len);
		v = "";
	}
	buf_release(&err);
	return v;
}

static void select_open(struct buf *b, const char *label, const char *name)
{
	htmlf(b, "<label>%s<select name=\"%s\">", label, name);
}

static void option(struct buf *b, const char *value, const char *label, const char *current)
{
	htmlf(b, "<option value=\"%s\"%s>%s</option>", value, current && !strcmp(value, current) ? " selected" : "", label);
}

/* How many lawyer letters there are to print (the payers at the lawyer step). */
static int lawyer_letters_due(struct web_req *r, int64_t *n, struct buf *err)
{
	json_t *list;

	*n = 0;
	if (doc_lawyer_letters_json(r->db, r->project_id, r->today, &list, err) < 0)
		return -1;
	*n = (int64_t)json_array_size(list);
	json_decref(list);
	return 0;
}

/* The printed batches: the notices of a building, the lawyer letters. */
static void batch_forms(struct web_req *r, struct buf *b, const struct project *p, const struct strlist *buildings,
			const struct form_state *fs)
{
	int notices = ui_may(r, "POST", "/cases/notices"), letters = ui_may(r, "POST", "/cases/lawyer-letters");
	struct buf err = BUF_INIT;
	int64_t due = 0;

	if (!notices && !letters)
		return;
	htmlf(b, "<section class=\"batches\"><h2>%s</h2>", _("Print in batches"));
	if (notices) {
		const struct field_errors *fe = fs && fs->form && !strcmp(fs->form, "notices") ? &fs->fe : NULL;
		const char **opts = calloc(2 * buildings->nr + 3, sizeof(*opts));
		size_t n = 0;
		opts[n++] = "";
		opts[n++] = _("(choose a building)");
		for (size_t i = 0; i < buildings->nr; i++) {
			opts[n++] = buildings->items[i];
			opts[n++] = buildings->items[i];
		}
		htmlf(b, "<form method=\"post\" action=\"/cases/notices\" class=\"stack card\"><h3>%s</h3><p class=\"muted\">%s</p>",
		      _("Collection notices (催缴通知书) for a building"),
		      _("One notice with a delivery receipt to each payer with overdue bills and an open case in the "
			"building. Printing is not delivery: log the delivery with its proof on the task."));
		layout_csrf(r, b);
		htmlf(b, "<input type=\"hidden\" name=\"project\" value=\"%s\">", p->code);
		ui_form_flash(b, fs, "notices");
		field_select(b, fe, "building", _("Building"), opts, fe ? web_arg(r, "building") : "");
		htmlf(b, "<button type=\"submit\">%s</button></form>", _("Print the notices"));
		free(opts);
	}
	if (letters && lawyer_letters_due(r, &due, &err) == 0) {
		const struct field_errors *fe = fs && fs->form && !strcmp(fs->form, "letters") ? &fs->fe : NULL;
		int64_t batches = (due + DOC_LAWYER_BATCH - 1) / DOC_LAWYER_BATCH;
		htmlf(b, "<form method=\"post\" action=\"/cases/lawyer-letters\" class=\"stack card\"><h3>%s</h3><p class=\"muted\">",
		      _("Lawyer letters (律师函)"));
		htmlf(b, _("%lld payers are at the lawyer step: %lld batches of at most 30 letters."), (long long)due,
		      (long long)batches);
		html(b, "</p>");
		layout_csrf(r, b);
		htmlf(b, "<input type=\"hidden\" name=\"project\" value=\"%s\">", p->code);
		ui_form_flash(b, fs, "letters");
		if (batches) {
			html(b, "<label>");
			html_text(b, _("Batch"));
			htmlf(b, "<input type=\"number\" name=\"batch\" min=\"1\" max=\"%lld\" value=\"%s\"%s></label>",
			      (long long)batches, fe && web_arg(r, "batch") ? web_arg(r, "batch") : "1",
			      field_error_of(fe, "batch") ? " aria-invalid=\"true\" aria-describedby=\"err-batch\"" : "");
		}
		if (field_error_of(fe, "batch"))
			htmlf(b, "<p class=\"field-error\" id=\"err-batch\" role=\"alert\">%s</p>", field_error_of(fe, "batch"));
		if (batches)
			htmlf(b, "<button type=\"submit\">%s</button>", _("Print the batch"));
		html(b, "</form>");
	}
	html(b, "</section>");
	buf_release(&err);
}

int cases_page_render(struct web_req *r, int status, const struct form_state *fs)
{
	struct buf b = BUF_INIT, err = BUF_INIT, problems = BUF_INIT, more = BUF_INIT;
	struct strlist codes = STRLIST_INIT, names = STRLIST_INIT, buildings = STRLIST_INIT;
	struct case_filter f = { .project_id = r->project_id, .limit = PAGE_SIZE };
	const char *state, *step, *building, *login, *page_s;
	struct project p;
	struct staff who;
	json_t *cases = NULL, *staff = NULL, *c, *x;
	int64_t total = 0, page = 1;
	size_t i;

	if (!r->project_id)
		return web_error(r, 404, _("you work on no project yet"));
	state = query_text(r, "state", 16, &problems);
	step = query_text(r, "step", 24, &problems);
	building = query_text(r, "building", 64, &problems);
	login = query_text(r, "staff", 64, &problems);
	page_s = query_text(r, "page", 8, &problems);
	if (*page_s && str_to_int64(page_s, 1, 100000, &page) < 0)
		page = 1;
	f.offset = (int)((page - 1) * PAGE_SIZE);
	if (*state) {
		int ok = 0;
		for (int k = 0; case_state_names[k]; k++)
			ok |= !strcmp(state, case_state_names[k]);
		if (ok)
			f.state = state;
		else
			buf_addf(&problems, "%s%s", problems.len ? "; " : "", _("unknown state"));
	}
	if (*step) {
		if (step_parse(step) >= 0 && step_parse(step) < LADDER_STEPS)
			f.step = step;
		else
			buf_addf(&problems, "%s%s", problems.len ? "; " : "", _("unknown step"));
	}
	if (*building)
		f.building = building;
	if (*login) {
		if (staff_find(r->db, login, &who, &err) == 0)
			f.staff_id = who.id;
		else
			buf_addf(&problems, "%s%s", problems.len ? "; " : "", _("there is no such staff member"));
		buf_reset(&err);
	}
	if (project_get(r->db, r->project_id, &p, &err) < 0 ||
	    project_list_of(r->db, r->staff.id, r->staff.all_projects, &codes, &names, &err) < 0 ||
	    project_buildings(r->db, r->project_id, &buildings, &err) < 0 ||
	    case_staff_json(r->db, r->project_id, &staff, &err) < 0 ||
	    (!problems.len && cases_find_json(r->db, &f, r->today, &cases, &total, &err) < 0)) {
		web_error(r, 500, err.buf);
		goto out;
	}
	layout_begin(r, &b, _("Cases"), "cases");
	htmlf(&b, "<h1>%s</h1><form method=\"get\" action=\"/cases\" class=\"filters\">", _("Cases"));
	select_open(&b, _("Project"), "project");
	for (i = 0; i < codes.nr; i++) {
		struct buf l = BUF_INIT;
		buf_addf(&l, "%s %s", codes.items[i], names.items[i]);
		option(&b, codes.items[i], l.buf, p.code);
		buf_release(&l);
	}
	html(&b, "</select></label>");
	select_open(&b, _("State"), "state");
	option(&b, "", _("All"), state);
	for (int k = 0; case_state_names[k]; k++)
		option(&b, case_state_names[k], case_state_label(case_state_names[k]), state);
	html(&b, "</select></label>");
	select_open(&b, _("Step"), "step");
	option(&b, "", _("All"), step);
	for (int k = 0; k < LADDER_STEPS; k++)
		option(&b, step_names[k], step_label(k), step);
	html(&b, "</select></label>");
	select_open(&b, _("Building"), "building");
	option(&b, "", _("All"), building);
	for (i = 0; i < buildings.nr; i++)
		option(&b, buildings.items[i], buildings.items[i], building);
	html(&b, "</select></label>");
	select_open(&b, _("Staff member"), "staff");
	option(&b, "", _("Everyone"), login);
	json_array_foreach(staff, i, x)
		option(&b, jstr(x, "login"), jstr(x, "name"), login);
	htmlf(&b, "</select></label><button type=\"submit\">%s</button></form>", _("Show"));
	if (problems.len) {
		layout_flash(&b, "error", problems.buf);
	} else {
		htmlf(&b, "<p class=\"muted\">%lld %s</p>", (long long)total, _("cases"));
		htmlf(&b, "<div class=\"table-wrap\"><table class=\"cases\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
			  "<th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th>%s</th></tr></thead><tbody>",
		      _("Case"), _("Payer"), _("Units"), _("State"), _("Step"), _("Open"), _("Days overdue"), _("Reason"));
		json_array_foreach(cases, i, c) {
			json_t *u;
			size_t k;
			htmlf(&b, "<tr><td><a href=\"/cases/%lld\">%lld</a></td><td>%s</td><td>", (long long)jint(c, "id"),
			      (long long)jint(c, "id"), jstr(c, "payer"));
			json_array_foreach(json_object_get(c, "units"), k, u)
				htmlf(&b, "%s%s", k ? "、" : "", json_string_value(u));
			htmlf(&b, "</td><td>%s</td><td>%s <span class=\"muted\">%s</span></td><td class=\"num\">%Y</td>"
				  "<td class=\"num\">%lld</td><td>%s</td></tr>",
			      case_state_label(jstr(c, "state")), step_label(step_parse(jstr(c, "step"))), jstr(c, "step_day"),
			      jint(c, "open_fen"), (long long)jint(c, "overdue_days"),
			      *jstr(c, "reason") ? reason_label(jstr(c, "reason")) : "");
		}
		html(&b, "</tbody></table></div>");
		if (!json_array_size(cases))
			htmlf(&b, "<p class=\"muted empty\">%s</p>", _("No case matches"));
		/* the pages, keeping the filters */
		htmlf(&more, "/cases?project=%U&state=%U&step=%U&building=%U&staff=%U&page=", p.code, state, step, building, login);
		html(&b, "<nav class=\"pages\">");
		if (page > 1)
			htmlf(&b, "<a href=\"%s%lld\">%s</a> ", more.buf, (long long)(page - 1), _("Previous"));
		if (page * PAGE_SIZE < total)
			htmlf(&b, "<a href=\"%s%lld\">%s</a>", more.buf, (long long)(page + 1), _("Next"));
		html(&b, "</nav>");
	}
	batch_forms(r, &b, &p, &buildings, fs);
	layout_end(r, &b);
	web_html(r, status, &b);
out:
	json_decref(cases);
	json_decref(staff);
	strlist_clear(&codes);
	strlist_clear(&names);
	strlist_clear(&buildings);
	buf_release(&b);
	buf_release(&err);
	buf_release(&problems);
	buf_release(&more);
	return 0;
}

int page_cases(struct web_req *r)
{
	return cases_page_render(r, 200, NULL);
}

/* == one case == */

static const char *const done_keys[] = { "plan", "complaint", "fixed", "verified", "pause", "resume", "escalate",
					 "escalate-asked", "legal", "writeoff", NULL };
static const char *const done_texts[] = {
	N_("The installment plan is made"),
	N_("The work order is open and the case paused until the owner verifies the fix"),
	N_("The work order is marked fixed: verify it on site with the owner"),
	N_("The fix is verified with the owner: the ladder resumes"),
	N_("The case is paused"),
	N_("The case resumes"),
	N_("The case moved to the step"),
	N_("The step needs approval: the request waits in Approvals"),
	N_("The legal step is recorded"),
	N_("The write-off is asked for: the request waits in Approvals"),
};

static const char *const kind_keys[] = { "opened", "step", "contact", "paused", "resumed", "promised", "promise-kept",
					 "promise-broken", "plan", "plan-missed", "plan-broken", "legal", "closed",
					 "escalation-asked", "printed", NULL };
static const char *const kind_texts[] = {
	N_("opened"), N_("step"), N_("contact"), N_("paused"), N_("resumed"), N_("promise"), N_("promise kept"),
	N_("promise broken"), N_("plan"), N_("installment missed"), N_("plan broken"), N_("legal step"), N_("closed"),
	N_("approval asked"), N_("printed"),
};

static const char *const outcome_keys[] = { "kept", "broken", "void", NULL };
static const char *const outcome_texts[] = { N_("kept"), N_("broken"), N_("void") };

static const char *text_of(const char *key, const char *const *keys, const char *const *texts)
{
	for (int i = 0; keys[i]; i++)
		if (!strcmp(key, keys[i]))
			return _(texts[i]);
	return key;
}

static void details_open(struct buf *b, const char *name, const char *title, const struct form_state *fs)
{
	htmlf(b, "<details class=\"action\"%s><summary>%s</summary>", fs && fs->form && !strcmp(fs->form, name) ? " open" : "",
	      title);
}

static const struct field_errors *errors_of(const struct form_state *fs, const char *name)
{
	return fs && fs->form && !strcmp(fs->form, name) ? &fs->fe : NULL;
}

/* The value to show in a field: what was sent when this form failed, else `preset`. */
static const char *value_of(struct web_req *r, const struct form_state *fs, const char *form, const char *name,
			    const char *preset)
{
	if (errors_of(fs, form))
		return web_arg(r, name) ? web_arg(r, name) : "";
	return preset;
}

static void form_open(struct web_req *r, struct buf *b, int64_t case_id, const char *action, const struct form_state *fs,
		      const char *name)
{
	htmlf(b, "<form method=\"post\" action=\"/cases/%lld/%s\" class=\"stack\">", (long long)case_id, action);
	layout_csrf(r, b);
	ui_form_flash(b, fs, name);
}

static void submit(struct buf *b, const char *label)
{
	htmlf(b, "<button type=\"submit\">%s</button></form></details>", label);
}

/* The forms of what people do on an open case; each only for the roles the route table
 * lets post it. */
static void case_actions(struct web_req *r, struct buf *b, json_t *k, const struct form_state *fs)
{
	int64_t id = jint(k, "id");
	const char *opts[2 * 16 + 1];
	struct buf today = BUF_INIT, back = BUF_INIT, min = BUF_INIT;
	int n;

	htmlf(&today, "%D", r->today);
	htmlf(&min, "min=\"%D\"", r->today);
	htmlf(&back, "/cases/%lld", (long long)id);
	htmlf(b, "<section class=\"actions\"><h2>%s</h2>", _("Actions"));
	if (ui_may(r, "POST", "/contact/{unit}") && jint(k, "unit_id")) {
		struct contact_form f = { .unit_id = jint(k, "unit_id"), .case_id = id, .back = back.buf, .channel = "phone",
					  .reason = jstr(k, "reason"), .state = fs };
		ui_contact_form(r, b, &f);
	}
	if (ui_may(r, "POST", "/cases/{id}/plan")) {
		const struct field_errors *fe = errors_of(fs, "plan");
		const char *ev[] = { "month", _("Every month"), "quarter", _("Every quarter"), NULL };
		details_open(b, "plan", _("Installment plan (分期)"), fs);
		form_open(r, b, id, "plan", fs, "plan");
		htmlf(b, "<p class=\"muted\">%s</p>", _("All open bills of the case in equal parts; a second missed installment breaks the plan."));
		field_input(b, fe, "installments", _("Installments"), "number", value_of(r, fs, "plan", "installments", "3"),
			    "min=\"1\" max=\"60\" required");
		field_input(b, fe, "first", _("First installment due"), "date", value_of(r, fs, "plan", "first", ""), min.buf);
		field_select(b, fe, "every", _("Then"), ev, value_of(r, fs, "plan", "every", "month"));
		submit(b, _("Make the plan"));
	}
	if (ui_may(r, "POST", "/cases/{id}/complaint")) {
		const struct field_errors *fe = errors_of(fs, "complaint");
		ui_category_options(opts);
		details_open(b, "complaint", _("Service complaint and work order"), fs);
		form_open(r, b, id, "complaint", fs, "complaint");
		htmlf(b, "<p class=\"muted\">%s</p>", _("The case pauses until the fix is verified on site with the owner."));
		field_select(b, fe, "category", _("Category"), opts, value_of(r, fs, "complaint", "category", "repair"));
		field_textarea(b, fe, "note", _("What is wrong"), value_of(r, fs, "complaint", "note", ""),
			       "rows=\"2\" required maxlength=\"" UI_NOTE_MAX_S "\"");
		submit(b, _("Open the work order"));
	}
	if (ui_may(r, "POST", "/cases/{id}/pause")) {
		const struct field_errors *fe = errors_of(fs, "pause");
		details_open(b, "pause", _("Pause"), fs);
		form_open(r, b, id, "pause", fs, "pause");
		htmlf(b, "<p class=\"muted\">%s</p>", _("A dispute, a hardship review, an owner abroad: the ladder resumes by itself after the end date."));
		field_input(b, fe, "until", _("Paused until (inclusive)"), "date", value_of(r, fs, "pause", "until", ""), min.buf);
		field_input(b, fe, "reason", _("Reason"), "text", value_of(r, fs, "pause", "reason", ""), "maxlength=\"300\" required");
		submit(b, _("Pause the case"));
	}
	if (!strcmp(jstr(k, "state"), "paused") && ui_may(r, "POST", "/cases/{id}/resume")) {
		htmlf(b, "<form method=\"post\" action=\"/cases/%lld/resume\" class=\"inline\">", (long long)id);
		layout_csrf(r, b);
		ui_form_flash(b, fs, "resume");
		htmlf(b, "<button type=\"submit\" class=\"secondary\">%s</button></form>", _("End the pause now"));
	}
	if (ui_may(r, "POST", "/cases/{id}/escalate")) {
		const struct field_errors *fe = errors_of(fs, "escalate");
		int at = step_parse(jstr(k, "step"));
		n = 0;
		for (int s = at + 1; s < LADDER_STEPS && n < 2 * 15; s++) {
			opts[n++] = step_names[s];
			opts[n++] = step_label(s);
		}
		opts[n] = NULL;
		if (n) {
			details_open(b, "escalate", _("Escalate"), fs);
			form_open(r, b, id, "escalate", fs, "escalate");
			htmlf(b, "<p class=\"muted\">%s</p>", _("A jump ahead on the ladder; a lawyer letter or a lawsuit needs a manager's approval first."));
			field_select(b, fe, "step", _("To the step"), opts, value_of(r, fs, "escalate", "step", jstr(k, "next_step")));
			field_input(b, fe, "reason", _("Reason"), "text", value_of(r, fs, "escalate", "reason", ""),
				    "maxlength=\"300\" required");
			submit(b, _("Escalate"));
		}
	}
	if (ui_may(r, "POST", "/cases/{id}/legal")) {
		const struct field_errors *fe = errors_of(fs, "legal");
		ui_stage_options(opts);
		details_open(b, "legal", _("Legal step"), fs);
		form_open(r, b, id, "legal", fs, "legal");
		htmlf(b, "<p class=\"muted\">%s</p>", _("Filing (payment order, arbitration, lawsuit) needs a written notice delivered with proof whose deadline has passed, and an approved decision."));
		field_select(b, fe, "stage", _("Stage"), opts, value_of(r, fs, "legal", "stage", "mediation"));
		field_input(b, fe, "day", _("Date"), "date", value_of(r, fs, "legal", "day", today.buf), "required");
		field_input(b, fe, "cost", _("Costs (yuan)"), "text", value_of(r, fs, "legal", "cost", ""),
			    "inputmode=\"decimal\" maxlength=\"16\"");
		field_input(b, fe, "outcome", _("Outcome"), "text", value_of(r, fs, "legal", "outcome", ""), "maxlength=\"300\"");
		field_textarea(b, fe, "note", _("Note"), value_of(r, fs, "legal", "note", ""),
			       "rows=\"2\" maxlength=\"" UI_NOTE_MAX_S "\"");
		submit(b, _("Record the legal step"));
	}
	if (ui_may(r, "POST", "/cases/{id}/writeoff")) {
		const struct field_errors *fe = errors_of(fs, "writeoff");
		details_open(b, "writeoff", _("Ask for a write-off"), fs);
		form_open(r, b, id, "writeoff", fs, "writeoff");
		htmlf(b, "<p class=\"muted\">%s</p>", _("Uncollectible: a manager who did not ask approves it; then the open bills are waived and the case closes."));
		field_input(b, fe, "reason", _("Reason"), "text", value_of(r, fs, "writeoff", "reason", ""),
			    "maxlength=\"300\" required");
		submit(b, _("Ask for the write-off"));
	}
	html(b, "</section>");
	buf_release(&today);
	buf_release(&back);
	buf_release(&min);
}

static void section(struct buf *b, const char *title)
{
	htmlf(b, "<h2>%s</h2>", title);
}

/* A section's heading and its list, or "None": 1 when a list was opened. */
static int list_begin(struct buf *b, const char *title, json_t *items, const char *cls)
{
	section(b, title);
	if (!json_array_size(items)) {
		htmlf(b, "<p class=\"muted\">%s</p>", _("None"));
		return 0;
	}
	htmlf(b, "<ul class=\"%s\">", cls);
	return 1;
}

static void list_end(struct buf *b, int open)
{
	if (open)
		html(b, "</ul>");
}

static void case_story(struct web_req *r, struct buf *b, json_t *k, const struct form_state *fs)
{
	int64_t id = jint(k, "id");
	json_t *x;
	size_t i;
	int list;

	section(b, _("Timeline"));
	html(b, "<ol class=\"timeline\">");
	json_array_foreach(json_object_get(k, "timeline"), i, x) {
		htmlf(b, "<li><span class=\"when\">%s</span> <strong>%s</strong>", jstr(x, "day"),
		      text_of(jstr(x, "kind"), kind_keys, kind_texts));
		if (*jstr(x, "step"))
			htmlf(b, " %s", step_label(step_parse(jstr(x, "step"))));
		if (*jstr(x, "detail"))
			htmlf(b, " — %s", jstr(x, "detail"));
		htmlf(b, " <span class=\"muted\">%s</span></li>", *jstr(x, "staff") ? jstr(x, "staff") : _("daily run"));
	}
	html(b, "</ol>");

	section(b, _("Tasks"));
	if (!json_array_size(json_object_get(k, "tasks")))
		htmlf(b, "<p class=\"muted\">%s</p>", _("None"));
	else {
		htmlf(b, "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
			  "</thead><tbody>", _("Due"), _("Step"), _("Given to"), _("State"), _("Note"));
		json_array_foreach(json_object_get(k, "tasks"), i, x)
			htmlf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s %s</td><td>%s</td></tr>", jstr(x, "due"),
			      step_label(step_parse(jstr(x, "step"))), jstr(x, "staff"),
			      !strcmp(jstr(x, "state"), "open") ? _("open") : !strcmp(jstr(x, "state"), "done") ? _("done")
													   : _("cancelled"),
			      jstr(x, "done"), jstr(x, "note"));
		html(b, "</tbody></table></div>");
	}

	section(b, _("Contact ledger"));
	ui_history(b, json_object_get(k, "contacts"), id);

	list = list_begin(b, _("Promises"), json_object_get(k, "promises"), "");
	json_array_foreach(json_object_get(k, "promises"), i, x)
		htmlf(b, "<li>%s: %Y %s %s%s%s</li>", jstr(x, "made"), jint(x, "amount_fen"), _("by"), jstr(x, "due"),
		      *jstr(x, "outcome") ? " · " : "", text_of(jstr(x, "outcome"), outcome_keys, outcome_texts));
	list_end(b, list);

	list = list_begin(b, _("Installment plans"), json_object_get(k, "plans"), "");
	json_array_foreach(json_object_get(k, "plans"), i, x) {
		htmlf(b, "<li>%s: %Y, ", jstr(x, "made"), jint(x, "total_fen"));
		htmlf(b, _("%lld installments, %lld missed"), (long long)jint(x, "installments"), (long long)jint(x, "misses"));
		htmlf(b, " · %s</li>", jstr(x, "state"));
	}
	list_end(b, list);

	list = list_begin(b, _("Pauses"), json_object_get(k, "pauses"), "");
	json_array_foreach(json_object_get(k, "pauses"), i, x)
		htmlf(b, "<li>%s – %s%s%s: %s</li>", jstr(x, "from"), jstr(x, "to"), *jstr(x, "ended") ? " · " : "",
		      *jstr(x, "ended") ? jstr(x, "ended") : "", jstr(x, "reason"));
	list_end(b, list);

	list = list_begin(b, _("Work orders"), json_object_get(k, "work_orders"), "work-orders");
	json_array_foreach(json_object_get(k, "work_orders"), i, x) {
		int64_t wo = jint(x, "id");
		htmlf(b, "<li>%s %lld · %s · %s: %s · %s %s", _("Work order"), (long long)wo, ui_category_label(jstr(x, "category")),
		      jstr(x, "team"),
		      jstr(x, "note"), _("opened"), jstr(x, "opened"));
		if (*jstr(x, "fixed"))
			htmlf(b, " · %s %s", _("fixed"), jstr(x, "fixed"));
		if (*jstr(x, "verified"))
			htmlf(b, " · %s %s", _("verified"), jstr(x, "verified"));
		if (!*jstr(x, "verified") && ui_may(r, "POST", "/cases/{id}/workorders/{wo}")) {
			htmlf(b, "<form method=\"post\" action=\"/cases/%lld/workorders/%lld\" class=\"inline\">", (long long)id,
			      (long long)wo);
			layout_csrf(r, b);
			if (!*jstr(x, "fixed"))
				htmlf(b, " <button type=\"submit\" name=\"done\" value=\"fixed\" class=\"secondary\">%s</button>",
				      _("Fixed"));
			htmlf(b, " <button type=\"submit\" name=\"done\" value=\"verified\" class=\"secondary\">%s</button></form>",
			      _("Verified with the owner"));
		}
		html(b, "</li>");
	}
	list_end(b, list);
	ui_form_flash(b, fs, "workorder");

	list = list_begin(b, _("Legal matters"), json_object_get(k, "legal"), "");
	json_array_foreach(json_object_get(k, "legal"), i, x) {
		htmlf(b, "<li>%s · %s", jstr(x, "day"), ui_stage_label(jstr(x, "stage")));
		if (jint(x, "cost_fen"))
			htmlf(b, " · %s %Y", _("costs"), jint(x, "cost_fen"));
		if (*jstr(x, "outcome"))
			htmlf(b, " · %s", jstr(x, "outcome"));
		if (*jstr(x, "note"))
			htmlf(b, " — %s", jstr(x, "note"));
		html(b, "</li>");
	}
	list_end(b, list);
}

int case_page_render(struct web_req *r, int64_t case_id, int status, const struct form_state *fs)
{
	struct buf b = BUF_INIT, err = BUF_INIT, title = BUF_INIT;
	const char *done = web_arg(r, "done"), *request = web_arg(r, "request");
	json_t *k, *u;
	size_t i;

	if (case_json_by_id(r->db, case_id, r->today, &k, &err) < 0) {
		web_error(r, 404, err.buf);
		buf_release(&err);
		return 0;
	}
	buf_addf(&title, "%s %lld", _("Case"), (long long)case_id);
	layout_begin(r, &b, title.buf, "cases");
	htmlf(&b, "<p><a href=\"/cases\">%s</a></p><h1>%s · %s</h1>", _("All cases"), title.buf, jstr(k, "payer"));
	if (status < 300 && done) {
		for (i = 0; done_keys[i]; i++)
			if (!strcmp(done, done_keys[i])) {
				struct buf m = BUF_INIT;
				buf_adds(&m, _(done_texts[i]));
				if (request && *request && strspn(request, "0123456789") == strlen(request))
					buf_addf(&m, " (%s %s)", _("request"), request);
				layout_flash(&b, "ok", m.buf);
				buf_release(&m);
			}
	}
	if (status < 300 && web_arg(r, "logged"))
		layout_flash(&b, "ok", _("The contact is logged"));
	if (fs && fs->form)
		layout_flash(&b, "error", fs->flash[0] ? fs->flash : _("Nothing was changed: see the form below"));
	html(&b, "<dl class=\"facts\">");
	htmlf(&b, "<dt>%s</dt><dd>", _("Units"));
	json_array_foreach(json_object_get(k, "units"), i, u)
		htmlf(&b, "%s%s", i ? "、" : "", json_string_value(u));
	htmlf(&b, "</dd><dt>%s</dt><dd>%s</dd>", _("State"), case_state_label(jstr(k, "state")));
	htmlf(&b, "<dt>%s</dt><dd>%s <span class=\"muted\">%s</span></dd>", _("Step"), step_label(step_parse(jstr(k, "step"))),
	      jstr(k, "step_day"));
	if (*jstr(k, "next_step") && strcmp(jstr(k, "state"), "closed"))
		htmlf(&b, "<dt>%s</dt><dd>%s</dd>", _("Next step"), step_label(step_parse(jstr(k, "next_step"))));
	htmlf(&b, "<dt>%s</dt><dd><strong>%Y</strong></dd>", _("Open"), jint(k, "open_fen"));
	htmlf(&b, "<dt>%s</dt><dd>%lld</dd>", _("Days overdue"), (long long)jint(k, "overdue_days"));
	if (jint(k, "paused_days"))
		htmlf(&b, "<dt>%s</dt><dd>%lld</dd>", _("Days paused"), (long long)jint(k, "paused_days"));
	if (*jstr(k, "reason"))
		htmlf(&b, "<dt>%s</dt><dd>%s</dd>", _("Reason on file"), reason_label(jstr(k, "reason")));
	if (*jstr(k, "notice_delivered"))
		htmlf(&b, "<dt>%s</dt><dd>%s</dd>", _("Written notice delivered"), jstr(k, "notice_delivered"));
	htmlf(&b, "<dt>%s</dt><dd>%s</dd></dl>", _("Opened"), jstr(k, "opened"));
	if (!strcmp(jstr(k, "state"), "closed"))
		htmlf(&b, "<p class=\"muted\">%s</p>", _("The case is closed: nothing more is done on it."));
	else
		case_actions(r, &b, k, fs);
	case_story(r, &b, k, fs);
	layout_end(r, &b);
	web_html(r, status, &b);
	json_decref(k);
	buf_release(&b);
	buf_release(&err);
	buf_release(&title);
	return 0;
}

int page_case(struct web_req *r)
{
	return case_page_render(r, web_param_id(r, 0), 200, NULL);
}

/* A proof kept with one of the case's contacts: a photo is shown, anything else saved. */
int page_case_proof(struct web_req *r)
{
	int64_t case_id = web_param_id(r, 0), proof_id = web_param_id(r, 1);
	struct buf err = BUF_INIT, subject = BUF_INIT;
	struct proof_file pf;
	json_t *k = NULL, *c;
	size_t i;
	int found = 0;
	const char *type;

	if (!proof_id || case_json_by_id(r->db, case_id, r->today, &k, &err) < 0) {
		buf_release(&err);
		return web_error(r, 404, _("not found"));
	}
	json_array_foreach(json_object_get(k, "contacts"), i, c)
		found |= jint(c, "proof_id") == proof_id;
	json_decref(k);
	if (!found || proof_read(r->db, proof_id, &pf, &err) < 0) {
		buf_release(&err);
		return web_error(r, 404, _("not found"));
	}
	type = proof_type(pf.data, pf.len);
	buf_addf(&subject, "case %lld", (long long)case_id);
	{
		char detail[64];
		snprintf(detail, sizeof(detail), "proof %lld", (long long)proof_id);
		web_audit(r, "proof.view", subject.buf, detail);
	}
	if (type && str_starts_with(type, "image/") && strcmp(type, "image/heic"))
		web_send_bytes(r, type, NULL, pf.data, pf.len);
	else
		web_send_bytes(r, type ? type : "application/octet-stream", pf.name, pf.data, pf.len);
	free(pf.data);
	buf_release(&subject);
	buf_release(&err);
	return 0;
}
