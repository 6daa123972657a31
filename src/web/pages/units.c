/* units.c: 房屋与业主: finding a unit (room, owner name, phone), and a unit's page: owners
 * and tenants, bills, payments, prepaid, late fees, the collection case with its
 * contacts and their proofs. */
#include "web/pages/units.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "base/i18n.h"
#include "base/str.h"
#include "core/account.h"
#include "core/cases.h"
#include "core/caseviews.h"
#include "core/policy.h"
#include "core/project.h"
#include "core/proof.h"
#include "core/reasons.h"
#include "core/unit.h"
#include "core/unit_search.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/router.h"

/* ---- shared with cashier.c ---- */

const char *units_jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

int64_t units_jint(json_t *o, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(o, key));
}

#define jstr units_jstr
#define jint units_jint

struct label {
	const char *code, *text;
};

static const char *label_of(const struct label *t, const char *code)
{
	for (; t->code; t++)
		if (!strcmp(t->code, code))
			return _(t->text);
	return code;
}

static const struct label pay_channels[] = {
	{ "cash", N_("Cash") }, { "card", N_("Card") }, { "transfer", N_("Bank transfer") },
	{ "wechat", N_("WeChat Pay") }, { "alipay", N_("Alipay") }, { "autodebit", N_("Direct debit") },
	{ "online", N_("Paid online") }, { NULL, NULL },
};

const char *units_channel_label(const char *channel)
{
	return label_of(pay_channels, channel);
}

static const struct label state_labels[] = {
	{ "undelivered", N_("Not handed over") }, { "vacant", N_("Vacant") }, { "decorating", N_("Decorating") },
	{ "occupied", N_("Occupied") }, { NULL, NULL },
};

static const struct label tags[] = {
	{ "key", N_("Key household") }, { "care", N_("Care") }, { "attention", N_("Attention") }, { NULL, NULL },
};

static const struct label contact_roles[] = {
	{ "tenant", N_("Tenant") }, { "family", N_("Family") }, { "buyer", N_("Buyer") }, { NULL, NULL },
};

static const struct label contact_channels[] = {
	{ "phone", N_("Phone call") }, { "visit", N_("Visit") }, { "sms", N_("SMS") }, { "wechat", N_("WeChat") },
	{ "email", N_("E-mail") }, { "letter", N_("Letter") }, { "notice", N_("Written notice") },
	{ "interview", N_("Interview") }, { "sms+wechat", N_("SMS and WeChat") }, { "review", N_("Review") },
	{ "committee", N_("Owners' committee") }, { "legal", N_("Legal") }, { NULL, NULL },
};

static const struct label contact_results[] = {
	{ "reached", N_("Reached") }, { "no-answer", N_("No answer") }, { "refused", N_("Refused") },
	{ "promised", N_("Promised to pay") }, { "paid", N_("Paid") }, { "wrong-number", N_("Wrong number") },
	{ NULL, NULL },
};

static const struct label event_kinds[] = {
	{ "opened", N_("Case opened") }, { "step", N_("Step") }, { "escalated", N_("Escalated") },
	{ "escalation-asked", N_("Escalation asked for") }, { "contact", N_("Contact") }, { "paused", N_("Paused") },
	{ "resumed", N_("Resumed") }, { "plan", N_("Installment plan") }, { "plan-missed", N_("Installment missed") },
	{ "plan-broken", N_("Plan broken") }, { "plan-kept", N_("Plan kept") }, { "promise-kept", N_("Promise kept") },
	{ "promise-broken", N_("Promise broken") }, { "legal", N_("Legal step") }, { "closed", N_("Closed") },
	{ "limitation-warning", N_("Limitation warning") }, { "service-failure", N_("Service failure") },
	{ NULL, NULL },
};

static const struct label task_states[] = {
	{ "open", N_("To do") }, { "done", N_("Done") }, { "cancelled", N_("Cancelled") }, { NULL, NULL },
};

static const struct label bill_kinds[] = {
	{ "opening", N_("opening arrears") }, { "latefee", N_("late fee") }, { NULL, NULL },
};

static const char *step_text(const char *name)
{
	int s = step_parse(name);
	return s >= 0 ? step_label(s) : name;
}

/* Copies s[0..len) with each byte that does not start a well-formed UTF-8 character
 * replaced by U+FFFD (and NULs dropped): what a field shows back of bad input. */
static void utf8_sanitize(struct buf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		if (c == 0) {
			i++;
			continue;
		}
		if (n && i + n <= len && utf8_valid(s + i, n)) {
			buf_add(out, s + i, n);
			i += n;
		} else {
			buf_adds(out, "\xEF\xBF\xBD");
			i++;
		}
	}
}

const char *units_text_field(struct form *f, const char *name, size_t max_chars, int required,
			     struct field_errors *fe, struct buf *shown)
{
	const struct form_field *x = form_field(f, name);
	struct buf err = BUF_INIT;
	const char *v;
	size_t chars = 0;

	buf_reset(shown);
	if (!x) {
		if (required)
			field_error(fe, name, _("this is required"));
		return required ? NULL : "";
	}
	utf8_sanitize(shown, x->value, x->len);
	if (strlen(x->value) != x->len || !utf8_valid(x->value, x->len)) {
		field_error(fe, name, _("this is not valid text: some of it is not UTF-8"));
		return NULL;
	}
	for (const unsigned char *p = (const unsigned char *)x->value; *p; p++)
		chars += (*p & 0xC0) != 0x80;
	if (chars > max_chars) {
		char msg[128];
		snprintf(msg, sizeof(msg), _("at most %zu characters (this has %zu)"), max_chars, chars);
		field_error(fe, name, msg);
		return NULL;
	}
	v = form_text(f, name, max_chars, &err);
	if (!v) {
		field_error(fe, name, _("this contains a control character"));
		buf_release(&err);
		return NULL;
	}
	buf_release(&err);
	buf_reset(shown);
	buf_adds(shown, v);
	if (required && !*v) {
		field_error(fe, name, _("this is required"));
		return NULL;
	}
	return v;
}

void units_people(struct web_req *r, struct buf *b, json_t *people, int contacts)
{
	size_t i, k;
	json_t *p, *x;
	int masked = !web_may_see_phones(r);

	if (!json_array_size(people)) {
		htmlf(b, "<p class=\"muted\">%s</p>", contacts ? _("No tenants or other contacts.") : _("No owner on file."));
		return;
	}
	html(b, "<ul class=\"people\">");
	json_array_foreach(people, i, p) {
		htmlf(b, "<li><strong>%s</strong>", jstr(p, "name"));
		if (contacts)
			htmlf(b, " <span class=\"tag\">%s</span>", label_of(contact_roles, jstr(p, "role")));
		if (!strcmp(jstr(p, "kind"), "developer"))
			htmlf(b, " <span class=\"tag\">%s</span>", _("developer's account"));
		json_array_foreach(json_object_get(p, "tags"), k, x)
			htmlf(b, " <span class=\"tag\">%s</span>", label_of(tags, json_string_value(x) ? json_string_value(x) : ""));
		json_array_foreach(json_object_get(p, "phones"), k, x) {
			const char *phone = json_string_value(x) ? json_string_value(x) : "";
			if (masked)
				htmlf(b, " <span class=\"phone\">%s</span>", phone);
			else
				htmlf(b, " <a class=\"phone\" href=\"tel:%U\">%s</a>", phone, phone);
		}
		if (*jstr(p, "since") && !contacts)
			htmlf(b, " <span class=\"muted\">%s %s</span>", _("owner since"), jstr(p, "since"));
		if (contacts && *jstr(p, "from"))
			htmlf(b, " <span class=\"muted\">%s %s</span>", _("from"), jstr(p, "from"));
		if (*jstr(p, "workplace"))
			htmlf(b, "<br><span class=\"muted\">%s: %s</span>", _("Workplace"), jstr(p, "workplace"));
		html(b, "</li>");
	}
	html(b, "</ul>");
}

/* ---- the search page ---- */

static void project_switch(struct web_req *r, struct buf *b, json_t *projects, const char *action)
{
	size_t i;
	json_t *p;

	htmlf(b, "<form method=\"get\" action=\"%s\" class=\"search\" role=\"search\" hx-get=\"%s\" hx-target=\"#hits\" "
		 "hx-select=\"#hits\" hx-swap=\"outerHTML\" hx-push-url=\"true\" "
		 "hx-trigger=\"input changed delay:400ms from:input[name=q], change from:select, submit\">",
	      action, action);
	if (json_array_size(projects) > 1) {
		htmlf(b, "<label>%s<select name=\"project\">", _("Project"));
		json_array_foreach(projects, i, p)
			htmlf(b, "<option value=\"%s\"%s>%s %s</option>", jstr(p, "code"),
			      jint(p, "id") == r->project_id ? " selected" : "", jstr(p, "code"), jstr(p, "name"));
		html(b, "</select></label>");
	} else if (json_array_size(projects) == 1) {
		htmlf(b, "<input type=\"hidden\" name=\"project\" value=\"%s\">", jstr(json_array_get(projects, 0), "code"));
	}
}

static void hit_list(struct web_req *r, struct buf *b, json_t *hits, int more, const char *link_base)
{
	size_t i, k;
	json_t *h, *o, *ph;

	(void)r;
	html(b, "<p class=\"muted\">");
	if (more)
		htmlf(b, _("The first %zu units found: type more of the room, name or number to narrow it."),
		      json_array_size(hits));
	else
		htmlf(b, _("Units found: %zu"), json_array_size(hits));
	html(b, "</p>");
	html(b, "<ul class=\"hits\">");
	json_array_foreach(hits, i, h) {
		htmlf(b, "<li><a href=\"%s%lld\"><strong>%s</strong></a>", link_base, (long long)jint(h, "id"), jstr(h, "unit"));
		if (*jstr(h, "state"))
			htmlf(b, " <span class=\"tag\">%s</span>", label_of(state_labels, jstr(h, "state")));
		if (jint(h, "open_fen") > 0)
			htmlf(b, " <span class=\"owes\">%s %Y</span>", _("owes"), jint(h, "open_fen"));
		html(b, "<br>");
		json_array_foreach(json_object_get(h, "owners"), k, o) {
			size_t m;
			htmlf(b, "<span class=\"owner\">%s", jstr(o, "name"));
			json_array_foreach(json_object_get(o, "phones"), m, ph)
				htmlf(b, " <span class=\"phone\">%s</span>", json_string_value(ph) ? json_string_value(ph) : "");
			html(b, "</span> ");
		}
		html(b, "</li>");
	}
	html(b, "</ul>");
}

int units_search_page(struct web_req *r, const char *nav, const char *title, const char *link_base)
{
	struct buf b = BUF_INIT, shown = BUF_INIT, err = BUF_INIT, to = BUF_INIT;
	struct field_errors fe = FIELD_ERRORS_INIT;
	json_t *projects = NULL, *hits = NULL;
	const char *q, *rest, *action = !strcmp(nav, "cashier") ? "/cashier" : "/units";
	char code[32], current[32] = "";
	int more = 0, status = 200, rc = -1;
	size_t i;
	json_t *p;

	if (project_list_for_staff(r->db, r->staff.id, r->staff.all_projects, &projects, &err) < 0)
		goto done;
	json_array_foreach(projects, i, p)
		if (jint(p, "id") == r->project_id)
			snprintf(current, sizeof(current), "%s", jstr(p, "code"));
	q = units_text_field(&r->query, "q", UNIT_SEARCH_MAX_QUERY, 0, &fe, &shown);
	if (!q)
		status = 422;
	/* "HY/3-2-1201": the unit of that project, if the staff member works on it (the
	 * router checks the project again on the way) */
	if (q && *q && (rest = unit_search_split(q, code, sizeof(code))) != q) {
		int theirs = 0;
		json_array_foreach(projects, i, p)
			if (!strcasecmp(jstr(p, "code"), code)) {
				theirs = 1;
				snprintf(code, sizeof(code), "%s", jstr(p, "code"));
			}
		if (theirs && strcmp(code, current)) {
			buf_addf(&to, "%s?project=", action);
			html_url(&to, code);
			buf_adds(&to, "&q=");
			html_url(&to, q);
			rc = web_redirect(r, to.buf);
			goto done;
		}
		if (!*code)
			theirs = 1; /* "/3-2-1201": this project */
		q = theirs ? rest : NULL; /* another's project: nothing to find */
		if (!theirs)
			hits = json_array();
	}
	if (q && *q && r->project_id &&
	    unit_search(r->db, r->project_id, q, r->today, !web_may_see_phones(r), UNITS_LIST_MAX, &hits, &more, &err) < 0)
		goto done;

	layout_begin(r, &b, title, nav);
	if (!r->is_htmx) {
		htmlf(&b, "<h1>%s</h1>", title);
		if (!json_array_size(projects))
			layout_flash(&b, "error", _("You do not work on any project yet: ask an administrator."));
		project_switch(r, &b, projects, action);
		field_input(&b, &fe, "q", _("Room, owner's name or phone"), "search", shown.buf,
			    "autocomplete=\"off\" autofocus maxlength=\"64\" placeholder=\"3-2-1201 / 王伟 / 5678\"");
		htmlf(&b, "<button type=\"submit\">%s</button></form>", _("Search"));
	}
	html(&b, "<section id=\"hits\" aria-live=\"polite\">");
	if (r->is_htmx && field_error_of(&fe, "q"))
		layout_flash(&b, "error", field_error_of(&fe, "q"));
	if (hits && json_array_size(hits))
		hit_list(r, &b, hits, more, link_base);
	else if (hits)
		htmlf(&b, "<p class=\"muted\">%s</p>", _("No unit matches. Try the room as 3-2-1201, part of the owner's name, "
						       "or four or more digits of the phone number."));
	else if (!field_error_of(&fe, "q"))
		htmlf(&b, "<p class=\"muted\">%s</p>", _("Type a room (3-2-1201 or 1201), part of an owner's name, or part "
						       "of a phone number."));
	html(&b, "</section>");
	layout_end(r, &b);
	rc = web_html(r, status, &b);
done:
	json_decref(projects);
	json_decref(hits);
	buf_release(&b);
	buf_release(&shown);
	buf_release(&err);
	buf_release(&to);
	return rc;
}

int page_units(struct web_req *r)
{
	return units_search_page(r, "units", _("Units & owners"), "/units/");
}

/* ---- a unit's page ---- */

static void figures(struct buf *b, json_t *acct)
{
	size_t i;
	json_t *x;
	int64_t overdue = 0;

	json_array_foreach(json_object_get(acct, "bills"), i, x)
		if (jint(x, "overdue_days") > 0)
			overdue += jint(x, "open_fen");
	html(b, "<div class=\"cards figures\">");
	htmlf(b, "<div class=\"card\"><div class=\"muted\">%s</div><div class=\"figure\" id=\"open\">%Y</div></div>", _("Open"),
	      jint(acct, "open_fen"));
	htmlf(b, "<div class=\"card\"><div class=\"muted\">%s</div><div class=\"figure\" id=\"overdue\">%Y</div></div>",
	      _("Overdue"), overdue);
	htmlf(b, "<div class=\"card\"><div class=\"muted\">%s</div><div class=\"figure\" id=\"prepaid\">%Y</div></div>",
	      _("Prepaid"), jint(acct, "prepaid_fen"));
	htmlf(b, "<div class=\"card\"><div class=\"muted\">%s</div><div class=\"figure\" id=\"late-fee\">%Y</div></div>",
	      _("Late fees accrued, not charged"), jint(acct, "late_fee_fen"));
	html(b, "</div>");
}

static void bill_rows(struct buf *b, json_t *bills, int open)
{
	size_t i;
	json_t *x;

	html(b, "<div class=\"table-wrap\"><table class=\"bills\"><thead><tr>");
	htmlf(b, "<th>%s</th><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
		 "<th class=\"num\">%s</th><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>",
	      _("Period"), _("Item"), _("Amount"), _("Paid"), _("Waived"), _("Open"), _("Due"), _("Days overdue"),
	      _("Late fee"));
	html(b, "</tr></thead><tbody>");
	json_array_foreach(bills, i, x) {
		const char *kind = jstr(x, "kind");
		if ((jint(x, "open_fen") > 0) != open)
			continue;
		htmlf(b, "<tr id=\"bill-%lld\"><td>%s</td><td>%s", (long long)jint(x, "id"), jstr(x, "period"), jstr(x, "item"));
		if (strcmp(kind, "fee"))
			htmlf(b, " <span class=\"tag\">%s</span>", label_of(bill_kinds, kind));
		htmlf(b, "<br><small class=\"muted\">%s</small></td>", jstr(x, "explain"));
		htmlf(b, "<td class=\"num\">%Y</td><td class=\"num\">%Y</td><td class=\"num\">%Y</td><td class=\"num\">%Y</td>",
		      jint(x, "amount_fen"), jint(x, "paid_fen"), jint(x, "waived_fen"), jint(x, "open_fen"));
		htmlf(b, "<td>%s</td><td class=\"num\">%lld</td><td class=\"num\">%Y</td></tr>", jstr(x, "due"),
		      (long long)jint(x, "overdue_days"), jint(x, "late_fee_fen"));
	}
	html(b, "</tbody></table></div>");
}

static void bills_section(struct buf *b, json_t *acct)
{
	size_t i, open = 0, settled = 0;
	json_t *x;

	json_array_foreach(json_object_get(acct, "bills"), i, x) {
		if (jint(x, "open_fen") > 0)
			open++;
		else
			settled++;
	}
	htmlf(b, "<section id=\"bills\"><h2>%s</h2>", _("Bills"));
	if (open)
		bill_rows(b, json_object_get(acct, "bills"), 1);
	else
		htmlf(b, "<p class=\"muted\">%s</p>", _("Nothing is open."));
	if (settled) {
		htmlf(b, "<details><summary>%s (%zu)</summary>", _("Settled bills"), settled);
		bill_rows(b, json_object_get(acct, "bills"), 0);
		html(b, "</details>");
	}
	html(b, "</section>");
}

static void payments_section(struct buf *b, json_t *acct)
{
	json_t *pays = json_object_get(acct, "payments"), *x;
	size_t i;

	htmlf(b, "<section id=\"payments\"><h2>%s</h2>", _("Payments"));
	if (!json_array_size(pays)) {
		htmlf(b, "<p class=\"muted\">%s</p></section>", _("No payments yet."));
		return;
	}
	htmlf(b, "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th class=\"num\">%s</th><th>%s</th>"
		 "<th></th></tr></thead><tbody>",
	      _("Date"), _("Receipt"), _("Amount"), _("Channel"));
	/* the newest first */
	for (i = json_array_size(pays); i-- > 0;) {
		x = json_array_get(pays, i);
		htmlf(b, "<tr><td>%s</td><td><a href=\"/receipts/%U\">%s</a></td><td class=\"num\">%Y</td><td>%s</td><td>%s</td></tr>",
		      jstr(x, "paid"), jstr(x, "receipt"), jstr(x, "receipt"), jint(x, "amount_fen"),
		      units_channel_label(jstr(x, "channel")),
		      json_is_true(json_object_get(x, "reversed")) ? _("reversed") : "");
	}
	html(b, "</tbody></table></div></section>");
}

static void case_section(struct web_req *r, struct buf *b, json_t *k)
{
	json_t *x;
	size_t i;
	int64_t unit_id = r->unit_id;

	htmlf(b, "<section id=\"case\"><h2>%s</h2>", _("Collection case"));
	htmlf(b, "<p><span class=\"tag\">%s</span>", case_state_label(jstr(k, "state")));
	if (*jstr(k, "step"))
		htmlf(b, " %s: %s (%s)", _("last step"), step_text(jstr(k, "step")), jstr(k, "step_day"));
	if (*jstr(k, "next_step"))
		htmlf(b, " · %s: %s", _("next"), step_text(jstr(k, "next_step")));
	htmlf(b, "<br><span class=\"muted\">%s %s · %s %Y · %s %lld", _("opened"), jstr(k, "opened"), _("the payer owes"),
	      jint(k, "open_fen"), _("days overdue"), (long long)jint(k, "overdue_days"));
	if (*jstr(k, "reason"))
		htmlf(b, " · %s: %s", _("reason on file"), reason_label(jstr(k, "reason")));
	html(b, "</span></p>");
	if (json_array_size(json_object_get(k, "units")) > 1) {
		size_t n = json_array_size(json_object_get(k, "units"));
		htmlf(b, "<p class=\"muted\">%s:", _("The case covers the payer's units"));
		json_array_foreach(json_object_get(k, "units"), i, x) {
			if (i == 20) {
				htmlf(b, _(" and %zu more"), n - i);
				break;
			}
			htmlf(b, " %s", json_string_value(x) ? json_string_value(x) : "");
		}
		html(b, "</p>");
	}

	htmlf(b, "<h3>%s</h3><ol class=\"timeline\">", _("Timeline"));
	json_array_foreach(json_object_get(k, "timeline"), i, x) {
		htmlf(b, "<li><time>%s</time> %s", jstr(x, "day"), label_of(event_kinds, jstr(x, "kind")));
		if (*jstr(x, "step"))
			htmlf(b, " · %s", step_text(jstr(x, "step")));
		if (*jstr(x, "detail"))
			htmlf(b, " — %s", jstr(x, "detail"));
		if (*jstr(x, "staff"))
			htmlf(b, " <span class=\"muted\">(%s)</span>", jstr(x, "staff"));
		html(b, "</li>");
	}
	html(b, "</ol>");

	if (json_array_size(json_object_get(k, "tasks"))) {
		htmlf(b, "<h3>%s</h3><div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
			 "<th>%s</th></tr></thead><tbody>",
		      _("Tasks"), _("Due"), _("Step"), _("Channel"), _("Staff"), _("State"));
		json_array_foreach(json_object_get(k, "tasks"), i, x)
			htmlf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s %s</td></tr>", jstr(x, "due"),
			      step_text(jstr(x, "step")), label_of(contact_channels, jstr(x, "channel")), jstr(x, "staff"),
			      label_of(task_states, jstr(x, "state")), jstr(x, "done"));
		html(b, "</tbody></table></div>");
	}

	htmlf(b, "<h3>%s</h3>", _("Contact log"));
	if (!json_array_size(json_object_get(k, "contacts")))
		htmlf(b, "<p class=\"muted\">%s</p>", _("No contact logged yet."));
	else {
		htmlf(b, "<div class=\"table-wrap\"><table class=\"contacts\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
			 "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		      _("Date"), _("Channel"), _("Result"), _("Note"), _("Staff"), _("Proof"));
		json_array_foreach(json_object_get(k, "contacts"), i, x) {
			htmlf(b, "<tr><td>%s</td><td>%s</td><td>%s", jstr(x, "day"), label_of(contact_channels, jstr(x, "channel")),
			      label_of(contact_results, jstr(x, "result")));
			if (*jstr(x, "promise_date"))
				htmlf(b, "<br>%s %Y %s %s", _("promised"), jint(x, "promise_fen"), _("by"), jstr(x, "promise_date"));
			html(b, "</td><td>");
			if (*jstr(x, "reason"))
				htmlf(b, "<span class=\"tag\">%s</span> ", reason_label(jstr(x, "reason")));
			htmlf(b, "%s</td><td>%s</td><td>", jstr(x, "note"), jstr(x, "staff"));
			if (jint(x, "proof_id"))
				htmlf(b, "<a href=\"/units/%lld/proofs/%lld\" target=\"_blank\" rel=\"noopener\">%s</a> · "
					 "<a href=\"/units/%lld/proofs/%lld?download=1\">%s</a><br><small class=\"muted\">%s</small>",
				      (long long)unit_id, (long long)jint(x, "proof_id"), _("view"), (long long)unit_id,
				      (long long)jint(x, "proof_id"), _("download"), jstr(x, "proof"));
			html(b, "</td></tr>");
		}
		html(b, "</tbody></table></div>");
	}

	if (json_array_size(json_object_get(k, "promises"))) {
		htmlf(b, "<h3>%s</h3><ul>", _("Promises"));
		json_array_foreach(json_object_get(k, "promises"), i, x)
			htmlf(b, "<li>%s: %Y %s %s %s</li>", jstr(x, "made"), jint(x, "amount_fen"), _("by"), jstr(x, "due"),
			      jstr(x, "outcome"));
		html(b, "</ul>");
	}
	if (json_array_size(json_object_get(k, "plans"))) {
		htmlf(b, "<h3>%s</h3><ul>", _("Installment plans"));
		json_array_foreach(json_object_get(k, "plans"), i, x)
			htmlf(b, "<li>%s: %Y / %lld %s, %s %lld · %s</li>", jstr(x, "made"), jint(x, "total_fen"),
			      (long long)jint(x, "installments"), _("installments"), _("missed"), (long long)jint(x, "misses"),
			      jstr(x, "state"));
		html(b, "</ul>");
	}
	if (json_array_size(json_object_get(k, "pauses"))) {
		htmlf(b, "<h3>%s</h3><ul>", _("Pauses"));
		json_array_foreach(json_object_get(k, "pauses"), i, x)
			htmlf(b, "<li>%s – %s: %s</li>", jstr(x, "from"), *jstr(x, "ended") ? jstr(x, "ended") : jstr(x, "to"),
			      jstr(x, "reason"));
		html(b, "</ul>");
	}
	if (json_array_size(json_object_get(k, "legal"))) {
		htmlf(b, "<h3>%s</h3><ul>", _("Legal steps"));
		json_array_foreach(json_object_get(k, "legal"), i, x)
			htmlf(b, "<li>%s %s %Y %s %s</li>", jstr(x, "day"), jstr(x, "stage"), jint(x, "cost_fen"),
			      jstr(x, "outcome"), jstr(x, "note"));
		html(b, "</ul>");
	}
	html(b, "</section>");
}

int page_unit(struct web_req *r)
{
	struct buf b = BUF_INIT, err = BUF_INIT;
	json_t *card = NULL, *acct = NULL, *k = NULL;
	int rc = -1;

	if (unit_card_json(r->db, r->unit_id, r->today, !web_may_see_phones(r), &card, &err) < 0 ||
	    account_json(r->db, r->unit_id, r->today, &acct, &err) < 0)
		goto done;
	if (jint(card, "case_id") && case_json(r->db, r->unit_id, r->today, &k, &err) < 0)
		goto done;

	layout_begin(r, &b, jstr(card, "unit"), "units");
	htmlf(&b, "<nav class=\"crumbs\"><a href=\"/units?project=%U\">%s</a> › %s</nav>", jstr(card, "project"),
	      _("Units & owners"), jstr(card, "unit"));
	htmlf(&b, "<h1>%s</h1>", jstr(card, "unit"));
	htmlf(&b, "<p class=\"muted\">%s · %s · %s m²", jstr(card, "project_name"), jstr(card, "type"), jstr(card, "area_m2"));
	if (*jstr(card, "state")) {
		htmlf(&b, " · <span class=\"tag\">%s</span>", label_of(state_labels, jstr(card, "state")));
		if (*jstr(card, "state_since"))
			htmlf(&b, " %s %s", _("since"), jstr(card, "state_since"));
	}
	html(&b, "</p><p class=\"actions\">");
	if (router_allows(r, "GET", "/cashier/{id}"))
		htmlf(&b, "<a class=\"button\" href=\"/cashier/%lld\">%s</a> ", (long long)r->unit_id, _("Take a payment"));
	/* the contact form lives with the tasks (pages/tasks.c): those who call owners go there */
	if (r->role_bit & (R_ADMIN | R_MANAGER | R_STEWARD | R_SERVICE | R_LEGAL))
		htmlf(&b, "<a class=\"button secondary\" href=\"/tasks\">%s</a>", _("Log a contact"));
	html(&b, "</p>");

	figures(&b, acct);
	htmlf(&b, "<section id=\"owners\"><h2>%s</h2>", _("Owners"));
	units_people(r, &b, json_object_get(card, "owners"), 0);
	htmlf(&b, "<h3>%s</h3>", _("Tenants and other contacts"));
	units_people(r, &b, json_object_get(card, "contacts"), 1);
	html(&b, "</section>");
	bills_section(&b, acct);
	payments_section(&b, acct);
	if (k)
		case_section(r, &b, k);
	else
		htmlf(&b, "<section id=\"case\"><h2>%s</h2><p class=\"muted\">%s</p></section>", _("Collection case"),
		      _("The payer has no collection case."));
	layout_end(r, &b);
	rc = web_html(r, 200, &b);
done:
	json_decref(card);
	json_decref(acct);
	json_decref(k);
	buf_release(&b);
	buf_release(&err);
	return rc;
}

/* A contact's proof file: shown in the browser when it is an image or a PDF, else (or
 * with ?download=1) downloaded.  Reading a proof is an export of personal data. */
int page_unit_proof(struct web_req *r)
{
	struct proof_file f;
	struct buf err = BUF_INIT, cd = BUF_INIT, subject = BUF_INIT;
	int64_t proof_id = web_param_id(r, 1);
	const char *dl = web_arg(r, "download");
	int download, rc;

	if (!proof_id)
		return web_error(r, 404, _("not found"));
	rc = proof_of_unit(r->db, r->unit_id, proof_id, &f, &err);
	buf_release(&err);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return web_error(r, 404, _("not found"));
	download = (dl && !strcmp(dl, "1")) || !f.viewable;
	buf_addf(&subject, "unit %lld proof %lld", (long long)r->unit_id, (long long)proof_id);
	web_audit(r, download ? "proof.download" : "proof.view", subject.buf, f.name);
	if (download) {
		web_send_bytes(r, f.content_type, f.name, f.data.buf, f.data.len);
	} else {
		web_send_bytes(r, f.content_type, NULL, f.data.buf, f.data.len);
		buf_adds(&cd, "inline; filename=\"proof\"; filename*=UTF-8''");
		html_url(&cd, f.name);
		web_add_header(r, "content-disposition", cd.buf);
	}
	proof_file_release(&f);
	buf_release(&cd);
	buf_release(&subject);
	return 0;
}
