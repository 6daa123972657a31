/* case_actions.c: what people do on a case from its page (plan, complaint and work
 * order, pause and resume, escalation, legal step, write-off), each calling the core
 * function its CLI command calls; and the printed batches (催缴通知书 of a building,
 * 律师函 in batches of 30), queued on the job thread.  A refused action changes nothing
 * and shows the case page again with the form open, its values kept and the errors next
 * to the fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/audit.h"
#include "core/cases.h"
#include "core/caseviews.h"
#include "core/casework.h"
#include "core/policy.h"
#include "core/project.h"
#include "core/unit.h"
#include "web/html.h"
#include "web/jobs.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/collection.h"

/* The unit a case's actions are taken on (the core works on "the case of the unit's
 * payer"): the case's first unit, which must still be the case payer's today.  Fills
 * `name` with the unit's name for the audit. */
static int action_unit(struct web_req *r, int64_t case_id, int64_t *unit_id, struct buf *name, struct buf *err)
{
	struct case_row k;
	int64_t payer;

	if (case_get(r->db, case_id, &k, err) < 0)
		return -1;
	if (k.state == CASE_CLOSED)
		return error(err, _("the case is closed: nothing more is done on it"));
	if (case_first_unit(r->db, &k, unit_id, err) < 0 || unit_payer_on(r->db, *unit_id, r->today, &payer, err) < 0)
		return -1;
	if (payer != k.payer_id)
		return error(err, _("the case's unit has changed hands: work on it from the new owner's case"));
	return unit_name_of(r->db, *unit_id, name, err);
}

/* The answer to an action: the case page again with the form's errors, or back to the
 * case page with a word on what was done. */
static int finish(struct web_req *r, int64_t case_id, struct form_state *fs, const char *done, int64_t request_id)
{
	struct buf to = BUF_INIT;

	if (fs->fe.n || fs->flash[0])
		return case_page_render(r, case_id, 400, fs);
	buf_addf(&to, "/cases/%lld?done=%s", (long long)case_id, done);
	if (request_id)
		buf_addf(&to, "&request=%lld", (long long)request_id);
	web_redirect(r, to.buf);
	buf_release(&to);
	return 0;
}

static void flash(struct form_state *fs, const struct buf *err)
{
	snprintf(fs->flash, sizeof(fs->flash), "%s", err->len ? err->buf : _("something went wrong on our side; nothing was changed"));
}

/* A required text field. */
static const char *required(struct web_req *r, struct form_state *fs, const char *name, size_t max, const char *missing)
{
	const char *v = ui_text(r, &fs->fe, name, max);

	if (!*v && !field_error_of(&fs->fe, name))
		field_error(&fs->fe, name, missing);
	return v;
}

int page_case_plan(struct web_req *r)
{
	struct form_state fs = { .form = "plan" };
	struct buf err = BUF_INIT, name = BUF_INIT;
	int64_t case_id = web_param_id(r, 0), unit_id, n = 0, plan_id = 0;
	const char *ns = required(r, &fs, "installments", 3, _("give the number of installments")),
		   *first_s = required(r, &fs, "first", 10, _("give the date of the first installment")),
		   *every = ui_text(r, &fs.fe, "every", 10);
	int first = DATE_MIN, months = 1;

	if (*ns && str_to_int64(ns, 1, 60, &n) < 0)
		field_error(&fs.fe, "installments", _("give a number of installments from 1 to 60"));
	if (ui_date(&fs.fe, "first", first_s, &first) == 0 && first != DATE_MIN && first < r->today)
		field_error(&fs.fe, "first", _("the first installment cannot be in the past"));
	if (!strcmp(every, "quarter"))
		months = 3;
	else if (*every && strcmp(every, "month"))
		field_error(&fs.fe, "every", _("choose every month or every quarter"));
	if (!fs.fe.n) {
		if (action_unit(r, case_id, &unit_id, &name, &err) < 0 ||
		    plan_make(r->db, unit_id, (int)n, first, months, r->staff.id, r->today, &plan_id, &err) < 0)
			flash(&fs, &err);
		else
			web_audit(r, "plan", name.buf, NULL);
	}
	finish(r, case_id, &fs, "plan", 0);
	buf_release(&err);
	buf_release(&name);
	return 0;
}

int page_case_complaint(struct web_req *r)
{
	struct form_state fs = { .form = "complaint" };
	struct buf err = BUF_INIT, name = BUF_INIT;
	int64_t case_id = web_param_id(r, 0), unit_id, wo = 0;
	const char *category = ui_text(r, &fs.fe, "category", 20),
		   *note = required(r, &fs, "note", UI_NOTE_MAX, _("say what is wrong"));
	int known = 0;

	for (int i = 0; complaint_categories[i]; i++)
		known |= !strcmp(category, complaint_categories[i]);
	if (!known && !field_error_of(&fs.fe, "category"))
		field_error(&fs.fe, "category", _("choose a category from the list"));
	if (!fs.fe.n) {
		if (action_unit(r, case_id, &unit_id, &name, &err) < 0 ||
		    complaint_open(r->db, unit_id, category, note, r->staff.id, r->today, &wo, &err) < 0)
			flash(&fs, &err);
		else
			web_audit(r, "complaint", name.buf, category);
	}
	finish(r, case_id, &fs, "complaint", 0);
	buf_release(&err);
	buf_release(&name);
	return 0;
}

int page_case_workorder(struct web_req *r)
{
	struct form_state fs = { .form = "workorder" };
	struct buf err = BUF_INIT, subject = BUF_INIT;
	int64_t case_id = web_param_id(r, 0), wo = web_param_id(r, 1);
	const char *done = ui_text(r, &fs.fe, "done", 10);
	int verified = !strcmp(done, "verified"), found = 0;
	json_t *k, *x;
	size_t i;

	/* the work order must be this case's (the route's scope is the case) */
	if (case_json_by_id(r->db, case_id, r->today, &k, &err) == 0) {
		json_array_foreach(json_object_get(k, "work_orders"), i, x)
			found |= jint(x, "id") == wo;
		json_decref(k);
	}
	if (!wo || !found) {
		buf_release(&err);
		return web_error(r, 404, _("this case has no such work order"));
	}
	if (!verified && strcmp(done, "fixed"))
		snprintf(fs.flash, sizeof(fs.flash), "%s", _("say whether the work order is fixed or verified"));
	else if (workorder_update(r->db, wo, verified, r->staff.id, r->today, &err) < 0)
		flash(&fs, &err);
	else {
		buf_addf(&subject, "%lld", (long long)wo);
		web_audit(r, verified ? "workorder.verified" : "workorder.fixed", subject.buf, NULL);
	}
	finish(r, case_id, &fs, verified ? "verified" : "fixed", 0);
	buf_release(&err);
	buf_release(&subject);
	return 0;
}

int page_case_pause(struct web_req *r)
{
	struct form_state fs = { .form = "pause" };
	struct buf err = BUF_INIT, name = BUF_INIT;
	int64_t case_id = web_param_id(r, 0), unit_id;
	const char *until_s = required(r, &fs, "until", 10, _("give the last day of the pause")),
		   *reason = required(r, &fs, "reason", 300, _("say why the case pauses"));
	int until = DATE_MIN;

	if (ui_date(&fs.fe, "until", until_s, &until) == 0 && until != DATE_MIN && until < r->today)
		field_error(&fs.fe, "until", _("the end of the pause is in the past"));
	if (!fs.fe.n) {
		if (action_unit(r, case_id, &unit_id, &name, &err) < 0 ||
		    case_pause_until(r->db, unit_id, until, reason, r->staff.id, r->today, &err) < 0)
			flash(&fs, &err);
		else
			web_audit(r, "case.pause", name.buf, reason);
	}
	finish(r, case_id, &fs, "pause", 0);
	buf_release(&err);
	buf_release(&name);
	return 0;
}

int page_case_resume(struct web_req *r)
{
	struct form_state fs = { .form = "resume" };
	struct buf err = BUF_INIT, name = BUF_INIT;
	int64_t case_id = web_param_id(r, 0), unit_id;

	if (action_unit(r, case_id, &unit_id, &name, &err) < 0 ||
	    case_resume(r->db, unit_id, r->staff.id, r->today, &err) < 0)
		flash(&fs, &err);
	else
		web_audit(r, "case.resume", name.buf, NULL);
	finish(r, case_id, &fs, "resume", 0);
	buf_release(&err);
	buf_release(&name);
	return 0;
}

int page_case_escalate(struct web_req *r)
{
	struct form_state fs = { .form = "escalate" };
	struct buf err = BUF_INIT, name = BUF_INIT;
	int64_t case_id = web_param_id(r, 0), unit_id, request_id = 0;
	const char *step = ui_text(r, &fs.fe, "step", 24),
		   *reason = required(r, &fs, "reason", 300, _("say why the case moves ahead"));
	int s = step_parse(step);

	if ((s < 0 || s >= LADDER_STEPS) && !field_error_of(&fs.fe, "step"))
		field_error(&fs.fe, "step", _("choose a step from the list"));
	if (!fs.fe.n) {
		if (action_unit(r, case_id, &unit_id, &name, &err) < 0 ||
		    case_escalate(r->db, unit_id, step, reason, r->staff.id, r->today, &request_id, &err) < 0)
			flash(&fs, &err);
		else
			web_audit(r, "case.escalate", name.buf, step);
	}
	finish(r, case_id, &fs, request_id ? "escalate-asked" : "escalate", request_id);
	buf_release(&err);
	buf_release(&name);
	return 0;
}

int page_case_legal(struct web_req *r)
{
	struct form_state fs = { .form = "legal" };
	struct buf err = BUF_INIT, name = BUF_INIT;
	int64_t case_id = web_param_id(r, 0), unit_id, cost = 0, matter = 0;
	const char *stage = ui_text(r, &fs.fe, "stage", 20),
		   *day_s = required(r, &fs, "day", 10, _("give the date of the step")),
		   *cost_s = ui_text(r, &fs.fe, "cost", 16), *outcome = ui_text(r, &fs.fe, "outcome", 300),
		   *note = ui_text(r, &fs.fe, "note", UI_NOTE_MAX);
	int day = DATE_MIN, known = 0;

	for (int i = 0; legal_stages[i]; i++)
		known |= !strcmp(stage, legal_stages[i]);
	if (!known && !field_error_of(&fs.fe, "stage"))
		field_error(&fs.fe, "stage", _("choose a stage from the list"));
	if (ui_date(&fs.fe, "day", day_s, &day) == 0 && day != DATE_MIN && day > r->today)
		field_error(&fs.fe, "day", _("a legal step is recorded when it has happened: the date is in the future"));
	ui_amount(&fs.fe, "cost", cost_s, &cost);
	if (!fs.fe.n) {
		if (action_unit(r, case_id, &unit_id, &name, &err) < 0 ||
		    legal_record(r->db, unit_id, stage, day, cost, outcome, note, r->staff.id, &matter, &err) < 0)
			flash(&fs, &err);
		else
			web_audit(r, "legal", name.buf, stage);
	}
	finish(r, case_id, &fs, "legal", 0);
	buf_release(&err);
	buf_release(&name);
	return 0;
}

int page_case_writeoff(struct web_req *r)
{
	struct form_state fs = { .form = "writeoff" };
	struct buf err = BUF_INIT, name = BUF_INIT;
	int64_t case_id = web_param_id(r, 0), unit_id, request_id = 0;
	const char *reason = required(r, &fs, "reason", 300, _("say why the debt cannot be collected"));

	if (!fs.fe.n) {
		if (action_unit(r, case_id, &unit_id, &name, &err) < 0 ||
		    writeoff_request(r->db, unit_id, reason, r->staff.id, r->today, &request_id, &err) < 0)
			flash(&fs, &err);
		else
			web_audit(r, "writeoff.request", name.buf, reason);
	}
	finish(r, case_id, &fs, "writeoff", request_id);
	buf_release(&err);
	buf_release(&name);
	return 0;
}

/* == the printed batches == */

/* NEEDSWORK: the document module (src/doc, the doc branch: doc_demands_json,
 * doc_lawyer_letters_json, doc_write, doc_record_printed) is not in this tree yet.  Once
 * it is merged it must define this entry point (src/doc/batch.c, declared in
 * src/doc/batch.h), and this declaration becomes an #include of that header without
 * `weak`.  Until then the symbol is null and the job says that printing is not part of
 * this build: no PDF is faked.
 *
 * Renders one batch of printed demands into one PDF in memory and records each as
 * printed in its case's history (doc_record_printed), in one transaction:
 *   kind "demands": a 催缴通知书 with its delivery receipt to every payer of the project
 *     with overdue bills and an open case, only those with a unit in `building` when it
 *     is not NULL (`batch` is ignored);
 *   kind "lawyer-letters": the `batch`-th group (from 1) of at most 30 律师函 to the payers
 *     at the lawyer step, in doc_lawyer_letters_json()'s order.
 * On success *pdf (the caller frees it) and *len hold the file and *documents how many
 * documents it has; -1 with err when there is nothing to print or rendering failed,
 * and then nothing is recorded. */
extern int doc_batch_pdf(struct db *db, const char *kind, int64_t project_id, const char *building, int batch,
			 int64_t staff_id, int day, char **pdf, size_t *len, size_t *documents, struct buf *err)
	__attribute__((weak));

struct batch {
	char kind[16];
	int64_t project_id, staff_id;
	char project[32], building[64], origin[96];
	int batch, day;
};

static int run_batch(struct db *db, void *arg, struct job *j, struct buf *err)
{
	struct batch *a = arg;
	struct buf name = BUF_INIT, detail = BUF_INIT, html = BUF_INIT;
	int letters = !strcmp(a->kind, "lawyer-letters");
	size_t len = 0, documents = 0;
	char *pdf = NULL;

	if (!doc_batch_pdf)
		return error(err, _("printing PDF documents is not part of this build yet (the document module is being "
				    "merged): nothing was printed"));
	job_progress(j, 0, 0, letters ? _("writing the lawyer letters") : _("writing the collection notices"));
	if (doc_batch_pdf(db, a->kind, a->project_id, a->building[0] ? a->building : NULL, a->batch, a->staff_id, a->day,
			  &pdf, &len, &documents, err) < 0)
		return -1;
	/* documents carry owners' names and debts: every batch printed is audited */
	buf_addf(&detail, "%zu documents", documents);
	if (a->building[0])
		buf_addf(&detail, ", building %s", a->building);
	if (letters)
		buf_addf(&detail, ", batch %d", a->batch);
	audit_record(db, a->staff_id, a->origin, letters ? "doc.lawyer-letters" : "doc.demands", a->project, detail.buf, NULL);
	if (letters)
		buf_addf(&name, "律师函-%s-%d.pdf", a->project, a->batch);
	else
		buf_addf(&name, "催缴通知书-%s-%s.pdf", a->project, a->building);
	job_result_file(j, "application/pdf", name.buf, pdf, len);
	htmlf(&html, "<p>%s: %zu</p>", letters ? _("Lawyer letters printed") : _("Collection notices printed"), documents);
	job_result_html(j, html.buf);
	buf_release(&name);
	buf_release(&detail);
	buf_release(&html);
	return 0;
}

static int queue_batch(struct web_req *r, const char *kind, const char *building, int batch)
{
	struct batch *a = xcalloc(1, sizeof(*a));
	struct buf to = BUF_INIT, err = BUF_INIT;
	struct project p;
	int64_t id;

	if (project_get(r->db, r->project_id, &p, &err) < 0) {
		free(a);
		web_error(r, 500, err.buf);
		buf_release(&err);
		return 0;
	}
	snprintf(a->kind, sizeof(a->kind), "%s", kind);
	a->project_id = r->project_id;
	a->staff_id = r->staff.id;
	snprintf(a->project, sizeof(a->project), "%s", p.code);
	snprintf(a->building, sizeof(a->building), "%s", building ? building : "");
	snprintf(a->origin, sizeof(a->origin), "web %s", r->client_ip);
	a->batch = batch;
	a->day = r->today;
	id = jobs_submit(!strcmp(kind, "demands") ? "doc.demands" : "doc.lawyer-letters", r->staff.id, run_batch, a, free);
	buf_addf(&to, "/jobs/%lld", (long long)id);
	web_redirect(r, to.buf);
	buf_release(&to);
	buf_release(&err);
	return 0;
}

int page_cases_notices(struct web_req *r)
{
	struct form_state fs = { .form = "notices" };
	struct strlist buildings = STRLIST_INIT;
	struct buf err = BUF_INIT;
	const char *building = required(r, &fs, "building", 64, _("choose the building"));
	int known = 0;

	if (*building) {
		if (project_buildings(r->db, r->project_id, &buildings, &err) < 0) {
			web_error(r, 500, err.buf);
			goto out;
		}
		for (size_t i = 0; i < buildings.nr; i++)
			known |= !strcmp(buildings.items[i], building);
		if (!known)
			field_error(&fs.fe, "building", _("the project has no such building"));
	}
	if (fs.fe.n)
		cases_page_render(r, 400, &fs);
	else
		queue_batch(r, "demands", building, 0);
out:
	strlist_clear(&buildings);
	buf_release(&err);
	return 0;
}

int page_cases_lawyer_letters(struct web_req *r)
{
	struct form_state fs = { .form = "letters" };
	const char *batch_s = required(r, &fs, "batch", 6, _("give the batch to print"));
	int64_t batch = 0;

	if (*batch_s && str_to_int64(batch_s, 1, 100000, &batch) < 0)
		field_error(&fs.fe, "batch", _("a batch is a number from 1"));
	if (fs.fe.n)
		return cases_page_render(r, 400, &fs);
	return queue_batch(r, "lawyer-letters", NULL, (int)batch);
}
