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
#include "base/tmpfile.h"
#include "base/xalloc.h"
#include "core/audit.h"
#include "core/cases.h"
#include "core/caseviews.h"
#include "core/casework.h"
#include "core/documents.h"
#include "core/policy.h"
#include "core/project.h"
#include "core/unit.h"
#include "doc/doc.h"
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


struct batch {
	char kind[16];
	int64_t project_id, staff_id;
	char project[32], building[64], origin[96];
	int batch, day;
	enum lang lang;          /* the asker's: the job's messages are theirs */
};

/* Reads back the file a batch was written to (our own temporary file). */
/* What the batch's PDF is written from (tmpfile_bytes' writer). */
struct batch_pdf {
	const struct doc_kind *kind;
	json_t *docs;
	int day, pages;
};

static int write_batch_pdf(const char *path, void *arg, struct buf *err)
{
	struct batch_pdf *b = arg;

	return doc_write(path, b->kind, b->docs, b->day, &b->pages, err);
}

/* A batch on the job thread, as `wuye doc demands --building` and `wuye doc
 * lawyer-letters` print it: the contents gathered (core/documents.c), rendered into one
 * PDF (src/doc), and, once it is written, each demand recorded as printed in its case's
 * history and the batch audited, in one transaction.  Printing is not delivery: that is
 * a notice contact with its proof. */
static int run_batch(struct db *db, void *arg, struct job *j, struct buf *err)
{
	struct batch *a = arg;
	int letters = !strcmp(a->kind, "lawyer-letters"), rc = -1;
	const struct doc_kind *k = doc_kind_find(letters ? "lawyer-letter" : "demand");
	struct buf pdf = BUF_INIT, name = BUF_INIT, detail = BUF_INIT, html = BUF_INIT;
	json_t *all = NULL, *part = json_array();
	struct batch_pdf b = { k, part, a->day, 0 };
	size_t from, to, n;

	if (!k)
		BUG("no document kind for %s", a->kind);
	i18n_set_lang(a->lang);
	job_progress(j, 0, 0, _("gathering what is owed"));
	if ((letters ? doc_lawyer_letters_json(db, a->project_id, a->day, &all, err)
		     : doc_demands_json(db, a->project_id, a->building, a->day, 0, &all, err)) < 0)
		goto out;
	n = json_array_size(all);
	from = letters ? (size_t)(a->batch - 1) * DOC_LAWYER_BATCH : 0;
	to = letters ? from + DOC_LAWYER_BATCH : n;
	if (!n || from >= n) {
		if (letters && n)
			error(err, _("there is no batch %d: %zu letters make %zu batches"), a->batch, n,
			      (n + DOC_LAWYER_BATCH - 1) / DOC_LAWYER_BATCH);
		else if (letters)
			error(err, _("no payer of project %s is at the lawyer step with overdue bills"), a->project);
		else
			error(err, _("no payer with a unit in building %s has overdue bills and an open case"), a->building);
		goto out;
	}
	for (size_t i = from; i < n && i < to; i++)
		json_array_append(part, json_array_get(all, i));
	job_progress(j, 0, (long)json_array_size(part), letters ? _("writing the lawyer letters") : _("writing the collection notices"));
	if (tmpfile_bytes("batch.pdf", write_batch_pdf, &b, &pdf, err) < 0)
		goto out;
	/* documents carry owners' names and debts: every batch printed is audited */
	buf_addf(&detail, "%zu documents, %d pages", json_array_size(part), b.pages);
	if (*a->building)
		buf_addf(&detail, ", building %s", a->building);
	if (letters)
		buf_addf(&detail, ", batch %d", a->batch);
	if (db_begin_immediate(db, err) < 0 ||
	    doc_record_printed(db, part, letters ? "lawyer" : "notice", a->staff_id, a->day, err) < 0 ||
	    audit_record(db, a->staff_id, a->origin, letters ? "doc.lawyer-letters" : "doc.demands", a->project, detail.buf,
			 err) < 0 ||
	    db_commit(db, err) < 0) {
		db_rollback(db);
		goto out;
	}
	if (letters)
		buf_addf(&name, "律师函-%s-%d.pdf", a->project, a->batch);
	else
		buf_addf(&name, "催缴通知书-%s-%s.pdf", a->project, a->building);
	job_progress(j, (long)json_array_size(part), (long)json_array_size(part), NULL);
	htmlf(&html, "<p>%s: %zu · %s: %d</p>", letters ? _("Lawyer letters printed") : _("Collection notices printed"),
	      json_array_size(part), _("pages"), b.pages);
	job_result_html(j, html.buf);
	{
		size_t len;
		char *data = buf_detach(&pdf, &len);
		job_result_file(j, "application/pdf", name.buf, data, len);
	}
	rc = 0;
out:
	json_decref(all);
	json_decref(part);
	buf_release(&pdf);
	buf_release(&name);
	buf_release(&detail);
	buf_release(&html);
	return rc;
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
	a->lang = (enum lang)r->lang;
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
