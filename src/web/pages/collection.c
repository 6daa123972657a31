/* collection.c: what the collection pages (tasks, cases, approvals) share: labels, text
 * fields read with their errors, the contact form, a payer's last contacts, and whether
 * the route table lets the asking staff member post a form (forms a role may not send
 * are not shown; the router refuses them anyway). */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/i18n.h"
#include "base/money.h"
#include "core/casework.h"
#include "core/phone.h"
#include "core/reasons.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/collection.h"
#include "web/router.h"

const char *jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

int64_t jint(json_t *o, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(o, key));
}

int ui_may(const struct web_req *r, const char *method, const char *pattern)
{
	for (size_t i = 0; i < routes_count; i++)
		if (!strcmp(routes[i].method, method) && !strcmp(routes[i].pattern, pattern))
			return (routes[i].roles & (unsigned)r->role_bit) != 0;
	return 0;
}

const char *ui_text(struct web_req *r, struct field_errors *fe, const char *name, size_t max_chars)
{
	struct buf err = BUF_INIT;
	const char *v = form_text(&r->body, name, max_chars, &err);

	if (!v) {
		field_error(fe, name, err.buf);
		v = "";
	}
	buf_release(&err);
	return v;
}

int ui_date(struct field_errors *fe, const char *name, const char *value, int *day)
{
	*day = DATE_MIN;
	if (!*value)
		return 0;
	if (date_parse(value, day) < 0) {
		field_error(fe, name, _("give a date as 2026-11-27"));
		*day = DATE_MIN;
		return -1;
	}
	return 0;
}

int ui_amount(struct field_errors *fe, const char *name, const char *value, int64_t *fen)
{
	*fen = 0;
	if (!*value)
		return 0;
	if (money_parse(value, fen) < 0 || *fen < 0) {
		field_error(fe, name, _("give an amount in yuan, such as 1234.50"));
		*fen = 0;
		return -1;
	}
	return 0;
}

static const char *const channel_codes[] = { "phone", "visit", "sms", "wechat", "email", "letter", "notice", "interview",
					     NULL };
static const char *const channel_labels[] = { N_("Phone call"), N_("Door visit"), N_("SMS"), N_("WeChat"), N_("E-mail"),
					      N_("Letter"), N_("Written notice delivered"), N_("Interview") };
static const char *const result_codes[] = { "reached", "no-answer", "refused", "promised", "paid", "wrong-number", NULL };
static const char *const result_labels[] = { N_("Reached"), N_("No answer"), N_("Refused"), N_("Promised to pay"),
					     N_("Paid"), N_("Wrong number") };

static const char *label_of(const char *code, const char *const *codes, const char *const *labels)
{
	for (int i = 0; codes[i]; i++)
		if (!strcmp(code, codes[i]))
			return _(labels[i]);
	return code;
}

const char *ui_channel_label(const char *channel)
{
	return label_of(channel, channel_codes, channel_labels);
}

const char *ui_result_label(const char *result)
{
	return label_of(result, result_codes, result_labels);
}

/* The channel a task's contact goes by: the task's own when it is a contact channel
 * (a review or a committee step is talked over in person; a written notice or a lawyer
 * letter is delivered). */
const char *ui_task_channel(const char *step, const char *channel)
{
	for (int i = 0; channel_codes[i]; i++)
		if (!strcmp(channel, channel_codes[i]))
			return channel;
	if (!strcmp(step, "limitation"))
		return "notice";
	if (!strcmp(step, "lawyer"))
		return "letter";
	if (!strcmp(step, "committee") || !strcmp(step, "review"))
		return "interview";
	return "phone";
}

void ui_phone(const struct web_req *r, struct buf *b, const char *phone)
{
	struct buf m = BUF_INIT;

	if (web_may_see_phones(r)) {
		htmlf(b, "<a href=\"tel:%s\">%s</a>", phone, phone);
		return;
	}
	phone_mask(phone, &m);
	htmlf(b, "<span>%s</span>", m.buf);
	buf_release(&m);
}

void ui_history(struct buf *b, json_t *contacts, int64_t case_id)
{
	json_t *c;
	size_t i;

	if (!json_array_size(contacts)) {
		htmlf(b, "<p class=\"muted\">%s</p>", _("No contacts yet"));
		return;
	}
	html(b, "<ul class=\"history\">");
	json_array_foreach(contacts, i, c) {
		htmlf(b, "<li><span class=\"when\">%s</span> %s · <strong>%s</strong>", jstr(c, "day"),
		      ui_channel_label(jstr(c, "channel")), ui_result_label(jstr(c, "result")));
		if (*jstr(c, "reason"))
			htmlf(b, " · %s", reason_label(jstr(c, "reason")));
		if (jint(c, "promise_fen") > 0)
			htmlf(b, " · %s %Y %s %s", _("promised"), jint(c, "promise_fen"), _("by"), jstr(c, "promise_date"));
		if (*jstr(c, "note"))
			htmlf(b, "<br><span class=\"note\">%s</span>", jstr(c, "note"));
		if (*jstr(c, "staff"))
			htmlf(b, " <span class=\"muted\">— %s</span>", jstr(c, "staff"));
		if (case_id && jint(c, "proof_id") > 0)
			htmlf(b, " <a href=\"/cases/%lld/proofs/%lld\">%s</a>", (long long)case_id, (long long)jint(c, "proof_id"),
			      _("Proof"));
		html(b, "</li>");
	}
	html(b, "</ul>");
}

static const char *const category_labels[] = { N_("Cleaning"), N_("Security"), N_("Repair"), N_("Greening"),
					       N_("Parking"), N_("Noise"), N_("House quality"), N_("Other") };
static const char *const stage_labels[] = { N_("Mediation (居委会/街道)"), N_("Payment order (支付令)"), N_("Arbitration"),
					    N_("Lawsuit"), N_("Judgment"), N_("Enforcement") };

const char *ui_category_label(const char *category)
{
	return label_of(category, complaint_categories, category_labels);
}

const char *ui_stage_label(const char *stage)
{
	return label_of(stage, legal_stages, stage_labels);
}

/* A select's value/label pairs from codes and their (untranslated) labels, at most
 * 15 of them, NULL-terminated (for field_select). */
static void options_of(const char *opts[2 * 16 + 1], const char *const *codes, const char *const *labels)
{
	int n = 0;

	for (int i = 0; codes[i] && n < 2 * 15; i++) {
		opts[n++] = codes[i];
		opts[n++] = _(labels[i]);
	}
	opts[n] = NULL;
}

void ui_category_options(const char *opts[2 * 16 + 1])
{
	options_of(opts, complaint_categories, category_labels);
}

void ui_stage_options(const char *opts[2 * 16 + 1])
{
	options_of(opts, legal_stages, stage_labels);
}

void ui_reason_options(const char *opts[2 * 16 + 1], const char *none)
{
	int n = 0;

	opts[n++] = "";
	opts[n++] = none;
	for (int i = 0; reason_codes[i] && n < 2 * 15; i++) {
		opts[n++] = reason_codes[i];
		opts[n++] = reason_label(reason_codes[i]);
	}
	opts[n] = NULL;
}

void ui_form_flash(struct buf *b, const struct form_state *fs, const char *form)
{
	if (fs && fs->form && !strcmp(fs->form, form) && fs->flash[0])
		htmlf(b, "<p class=\"flash error\" role=\"alert\">%s</p>", fs->flash);
}

void ui_contact_form(struct web_req *r, struct buf *b, const struct contact_form *f)
{
	const struct field_errors *fe =
		f->state && f->state->form && !strcmp(f->state->form, "contact") ? &f->state->fe : NULL;
	int again = fe != NULL; /* a failed submit: show what was sent */
	const char *channel = again && web_arg(r, "channel") ? web_arg(r, "channel") : f->channel;
	const char *opts[2 * 16 + 1];
	struct buf action = BUF_INIT, attrs = BUF_INIT;

	htmlf(&action, "/contact/%lld", (long long)f->unit_id);
	htmlf(b, "<details class=\"contact-form\"%s><summary class=\"button\">%s</summary>", again ? " open" : "",
	      _("Log a contact"));
	htmlf(b, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" class=\"stack contact\"", action.buf);
	if (f->task)
		htmlf(b, " hx-post=\"%s\" hx-target=\"#task-%s\" hx-swap=\"outerHTML\"", action.buf, f->task);
	html(b, ">");
	layout_csrf(r, b);
	if (f->task)
		htmlf(b, "<input type=\"hidden\" name=\"task\" value=\"%s\">", f->task);
	if (f->case_id)
		htmlf(b, "<input type=\"hidden\" name=\"case\" value=\"%lld\">", (long long)f->case_id);
	htmlf(b, "<input type=\"hidden\" name=\"back\" value=\"%s\">", f->back);
	if (f->state)
		ui_form_flash(b, f->state, "contact");
	options_of(opts, channel_codes, channel_labels);
	field_select(b, fe, "channel", _("Contact channel"), opts, channel);
	if (json_array_size(f->phones) && web_may_see_phones(r)) {
		const char *ph[2 * 8 + 3];
		json_t *p;
		size_t i, n = 0;
		ph[n++] = "";
		ph[n++] = _("(not a call)");
		json_array_foreach(f->phones, i, p) {
			if (n >= 2 * 8 + 1)
				break;
			ph[n++] = json_string_value(p);
			ph[n++] = json_string_value(p);
		}
		ph[n] = NULL;
		field_select(b, fe, "phone", _("Number called"), ph,
			     again ? web_arg(r, "phone") : !strcmp(channel, "phone") ? json_string_value(json_array_get(f->phones, 0)) : "");
	}
	ui_reason_options(opts, _("(no reason given)"));
	field_select(b, fe, "reason", _("Reason for not paying"), opts, again ? web_arg(r, "reason") : f->reason);
	field_textarea(b, fe, "note", _("Note: what was done and said"), again ? web_arg(r, "note") : "",
		       "rows=\"2\" maxlength=\"" UI_NOTE_MAX_S "\"");
	html(b, "<fieldset class=\"promise\"><legend>");
	html_text(b, _("For a promise to pay"));
	html(b, "</legend>");
	htmlf(&attrs, "min=\"%D\"", r->today);
	field_input(b, fe, "promise_date", _("Promised date"), "date", again ? web_arg(r, "promise_date") : "", attrs.buf);
	field_input(b, fe, "promise_amount", _("Promised amount (yuan)"), "text", again ? web_arg(r, "promise_amount") : "",
		    "inputmode=\"decimal\" maxlength=\"16\" autocomplete=\"off\"");
	html(b, "</fieldset>");
	/* a phone's camera opens on it: the posted notice, the signed receipt, the visit */
	field_input(b, fe, "proof", _("Proof: a photo of the posted notice or of the signed receipt (a notice delivery needs one)"),
		    "file", NULL, "accept=\"image/*,application/pdf\" capture=\"environment\"");
	html(b, "<fieldset class=\"results\"><legend>");
	html_text(b, _("Result (logs the contact)"));
	html(b, "</legend>");
	if (field_error_of(fe, "result"))
		htmlf(b, "<p class=\"field-error\" role=\"alert\">%s</p>", field_error_of(fe, "result"));
	for (int i = 0; result_codes[i]; i++)
		htmlf(b, "<button type=\"submit\" name=\"result\" value=\"%s\" class=\"result r-%s\">%s</button>", result_codes[i],
		      result_codes[i], _(result_labels[i]));
	html(b, "</fieldset></form></details>");
	buf_release(&action);
	buf_release(&attrs);
}
