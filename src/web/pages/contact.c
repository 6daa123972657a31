/* contact.c: logging a contact (催收台账) from a task card or a case page, exactly as
 * `wuye contact` does (core contact_log).  From a task, with htmx, the answer replaces
 * the task's card: nothing when the contact completed it (the task leaves the list,
 * with the other tasks of the case it completed), the card again when the task stays
 * open, the card with its form open and the errors next to the fields when something
 * is missing.  Without htmx the browser is sent back where it came from. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/i18n.h"
#include "base/str.h"
#include "core/cases.h"
#include "core/caseviews.h"
#include "core/casework.h"
#include "core/phone.h"
#include "core/unit.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/collection.h"

/* "12" (a ladder task) or "care-5" (a care call); 0 when it is neither. */
static int64_t task_key(const char *s, int *care)
{
	int64_t id = 0;

	*care = str_starts_with(s, "care-");
	if (*care)
		s += 5;
	if (!*s || str_to_int64(s, 1, INT64_MAX, &id) < 0)
		return 0;
	return id;
}

/* Where the browser goes back to: the task lists or a case page, nothing else. */
static const char *back_path(const char *back, int64_t case_id, struct buf *fallback)
{
	if ((str_starts_with(back, "/tasks") || str_starts_with(back, "/cases/")) && !strpbrk(back, "\r\n\\") &&
	    !strstr(back, "//"))
		return back;
	buf_reset(fallback);
	if (case_id)
		buf_addf(fallback, "/cases/%lld", (long long)case_id);
	else
		buf_adds(fallback, "/tasks");
	return fallback->buf;
}

/* What the web says next to a field the core found wanting. */
static void contact_field_error(struct field_errors *fe, const char *field, const struct contact_new *c, int today)
{
	int promised = !strcmp(c->result, "promised");
	const char *msg;

	if (!strcmp(field, "channel"))
		msg = _("choose a channel from the list");
	else if (!strcmp(field, "result"))
		msg = _("press one of the result buttons");
	else if (!strcmp(field, "reason"))
		msg = _("choose a reason from the list");
	else if (!strcmp(field, "promise_date"))
		msg = !promised ? _("a promised date goes with the result Promised to pay")
		      : c->promise_day == DATE_MIN ? _("a promise needs the date it will be paid by")
		      : c->promise_day < today ? _("the promised date is in the past")
					       : _("a promise needs the date it will be paid by");
	else if (!strcmp(field, "promise_amount"))
		msg = promised ? _("a promise needs the amount") : _("a promised amount goes with the result Promised to pay");
	else if (!strcmp(field, "note"))
		msg = _("a visit or a letter needs a note: what was done and said");
	else if (!strcmp(field, "proof"))
		msg = _("a notice delivery needs a proof: a photo of the posted notice or the signed receipt");
	else
		msg = _("this is not complete");
	field_error(fe, field, msg);
}

/* A form that failed, shown again where it was: the task's card (alone, for htmx), the
 * case page, or the unit's contact form on a page of its own. */
static int show_failed(struct web_req *r, json_t *task, int64_t case_id, const char *back, const struct form_state *fs)
{
	struct buf b = BUF_INIT;

	if (!task && case_id)
		return case_page_render(r, case_id, 400, fs);
	layout_begin(r, &b, _("Log a contact"), "tasks");
	if (!r->is_htmx)
		htmlf(&b, "<h1>%s</h1><p><a href=\"%s\">%s</a></p><ul class=\"tasks\">", _("Log a contact"), back, _("Back"));
	if (task) {
		task_card(r, &b, task, back, 0, fs, NULL);
	} else {
		struct contact_form f = { .unit_id = r->unit_id, .back = back, .channel = web_arg(r, "channel"), .state = fs };
		htmlf(&b, "<li class=\"card task\" id=\"task-%s\">", web_arg(r, "task") ? web_arg(r, "task") : "");
		ui_form_flash(&b, fs, "contact");
		ui_contact_form(r, &b, &f);
		html(&b, "</li>");
	}
	if (!r->is_htmx)
		html(&b, "</ul>");
	layout_end(r, &b);
	web_html(r, 400, &b);
	buf_release(&b);
	return 0;
}

/* Logged from a task, with htmx: the card goes (with the case's other tasks the contact
 * completed) and the list's notice says so; a task that stays open comes back. */
static int show_logged(struct web_req *r, json_t *before, int care, int64_t task_id, const char *back,
		       const struct contact_effects *fx)
{
	struct buf b = BUF_INIT, err = BUF_INIT, msg = BUF_INIT;
	json_t *now = NULL, *k = NULL, *t;
	size_t i;

	if (task_find_json(r->db, &r->staff, care, task_id, r->today, &now, &err) < 0) {
		web_error(r, 500, err.buf);
		goto out;
	}
	if (now) {
		const char *why = !strcmp(jstr(now, "step"), "notice") || !strcmp(jstr(now, "step"), "limitation")
					  ? _("the contact is logged; the task stays open until the written notice is delivered with a proof")
					  : _("the contact is logged; the task stays open: it is done by a contact on its own channel");
		task_card(r, &b, now, back, 0, NULL, why);
		web_html(r, 200, &b);
		goto out;
	}
	buf_adds(&msg, _("The contact is logged and the task is done"));
	if (fx->promise_id)
		buf_addf(&msg, " · %s", _("the promise is on the case"));
	if (fx->trace_task_id)
		buf_addf(&msg, " · %s", _("a task to find another way to reach the owner was added"));
	if (fx->work_order_id)
		buf_addf(&msg, " · %s", _("a work order was opened and the case paused"));
	html(&b, "<div id=\"flash\" hx-swap-oob=\"true\" aria-live=\"polite\">");
	layout_flash(&b, "ok", msg.buf);
	html(&b, "</div>");
	/* the other tasks of the case that are no longer open leave the list too */
	if (jint(before, "case_id") && case_json_by_id(r->db, jint(before, "case_id"), r->today, &k, &err) == 0)
		json_array_foreach(json_object_get(k, "tasks"), i, t)
			if (strcmp(jstr(t, "state"), "open") && jint(t, "id") != task_id)
				htmlf(&b, "<li id=\"task-%lld\" hx-swap-oob=\"delete\"></li>", (long long)jint(t, "id"));
	web_html(r, 200, &b);
out:
	json_decref(now);
	json_decref(k);
	buf_release(&b);
	buf_release(&err);
	buf_release(&msg);
	return 0;
}

int page_contact_post(struct web_req *r)
{
	struct form_state fs = { .form = "contact" };
	struct contact_new c;
	struct contact_effects fx;
	struct buf err = BUF_INIT, fallback = BUF_INIT, norm = BUF_INIT, name = BUF_INIT, to = BUF_INIT;
	const struct form_field *proof = form_field(&r->body, "proof");
	const char *field = NULL, *back, *pdate, *pamount;
	int64_t task_id, case_id = 0, contact_id = 0, payer = 0;
	int care = 0;
	json_t *task = NULL;

	memset(&c, 0, sizeof(c));
	task_id = task_key(ui_text(r, &fs.fe, "task", 24), &care);
	if (str_to_int64(ui_text(r, &fs.fe, "case", 20), 1, INT64_MAX, &case_id) < 0)
		case_id = 0;
	if (case_id) {
		/* the case page it came from: in the project the unit's scope was checked in */
		struct case_row k;
		if (case_get(r->db, case_id, &k, &err) < 0 || k.project_id != r->project_id)
			case_id = 0;
		buf_reset(&err);
	}
	back = back_path(ui_text(r, &fs.fe, "back", 300), case_id, &fallback);
	fs.fe.n = 0; /* the hidden fields' own problems are not the user's */
	c.unit_id = r->unit_id;
	c.channel = ui_text(r, &fs.fe, "channel", 20);
	c.result = ui_text(r, &fs.fe, "result", 20);
	c.reason = ui_text(r, &fs.fe, "reason", 30);
	c.note = ui_text(r, &fs.fe, "note", UI_NOTE_MAX);
	c.phone = ui_text(r, &fs.fe, "phone", 40);
	pdate = ui_text(r, &fs.fe, "promise_date", 10);
	pamount = ui_text(r, &fs.fe, "promise_amount", 16);
	ui_date(&fs.fe, "promise_date", pdate, &c.promise_day);
	ui_amount(&fs.fe, "promise_amount", pamount, &c.promise_fen);
	if (*c.phone && phone_normalize(c.phone, &norm) < 0)
		field_error(&fs.fe, "phone", _("not a phone number"));
	if (proof && proof->filename && proof->len) {
		if (!proof_type(proof->value, proof->len))
			field_error(&fs.fe, "proof", _("the proof must be a photo (JPEG, PNG, GIF, WebP or HEIC) or a PDF"));
		else if ((long)proof->len > PROOF_MAX_BYTES)
			field_error(&fs.fe, "proof", _("the proof is larger than 20 MiB"));
		c.proof_data = proof->value;
		c.proof_len = proof->len;
		c.proof_name = utf8_valid(proof->filename, strlen(proof->filename)) && strlen(proof->filename) < 120 &&
					       !strpbrk(proof->filename, "/\\\r\n")
				       ? proof->filename
				       : "proof";
	}
	c.staff_id = r->staff.id;
	c.day = r->today;
	if (!field_error_of(&fs.fe, "result") && !*c.result)
		field_error(&fs.fe, "result", _("press one of the result buttons"));
	if (!fs.fe.n && contact_check(&c, &field, &err) < 0)
		contact_field_error(&fs.fe, field, &c, r->today);
	buf_reset(&err);
	if (task_id) {
		if (task_find_json(r->db, &r->staff, care, task_id, r->today, &task, &err) < 0) {
			web_error(r, 500, err.buf);
			goto out;
		}
		if (!task) {
			/* done in the meantime (another tab, a colleague): nothing is logged twice */
			struct buf b = BUF_INIT;
			html(&b, "<div id=\"flash\" hx-swap-oob=\"true\" aria-live=\"polite\">");
			layout_flash(&b, "error", _("this task is no longer open: nothing was logged"));
			html(&b, "</div>");
			if (r->is_htmx)
				web_html(r, 200, &b);
			else
				web_error(r, 409, _("this task is no longer open: nothing was logged"));
			buf_release(&b);
			goto out;
		}
		if (unit_payer_on(r->db, r->unit_id, r->today, &payer, &err) < 0 || payer != jint(task, "payer_id")) {
			snprintf(fs.flash, sizeof(fs.flash), "%s", _("this unit is not the task's: nothing was logged"));
			show_failed(r, task, case_id, back, &fs);
			goto out;
		}
	}
	if (fs.fe.n) {
		show_failed(r, task, case_id, back, &fs);
		goto out;
	}
	if (contact_log(r->db, &c, &contact_id, &fx, &err) < 0) {
		snprintf(fs.flash, sizeof(fs.flash), "%s", err.buf);
		show_failed(r, task, case_id, back, &fs);
		goto out;
	}
	if (unit_name_of(r->db, r->unit_id, &name, &err) < 0)
		buf_addf(&name, "unit %lld", (long long)r->unit_id);
	web_audit(r, "contact", name.buf, c.result);
	if (task && r->is_htmx) {
		show_logged(r, task, care, task_id, back, &fx);
		goto out;
	}
	buf_addf(&to, "%s%slogged=%lld", back, strchr(back, '?') ? "&" : "?", (long long)contact_id);
	web_redirect(r, to.buf);
out:
	json_decref(task);
	buf_release(&err);
	buf_release(&fallback);
	buf_release(&norm);
	buf_release(&name);
	buf_release(&to);
	return 0;
}
