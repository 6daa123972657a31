/* approvals.c: 审批: the requests that need a second person (waivers, late-fee waivers,
 * write-offs, public notices, legal steps) with who asked, how much and why; approved or
 * rejected with a note by request_decide(), as `wuye approve` / `wuye reject` do: the
 * requester cannot decide their own request, and a decided request stays decided. */
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "core/policy.h"
#include "core/project.h"
#include "core/waiver.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/collection.h"

static const char *const kind_keys[] = { "waiver", "latefee_waiver", "writeoff", "public_notice", "lawsuit", NULL };
static const char *const kind_texts[] = { N_("Waiver"), N_("Late-fee waiver"), N_("Write-off"), N_("Public notice"),
					  N_("Legal step") };

static const char *kind_label(const char *kind)
{
	for (int i = 0; kind_keys[i]; i++)
		if (!strcmp(kind, kind_keys[i]))
			return _(kind_texts[i]);
	return kind;
}

static const char *state_label(const char *state)
{
	return !strcmp(state, "pending") ? _("pending") : !strcmp(state, "approved") ? _("approved") : _("rejected");
}

/* One request as a card: what is asked, and the decision or the form that makes it. */
static void request_card(struct web_req *r, struct buf *b, json_t *q, const char *error, const char *ok)
{
	int64_t id = jint(q, "id");
	int pending = !strcmp(jstr(q, "state"), "pending");
	struct field_errors fe = FIELD_ERRORS_INIT;
	const char *typed = error ? web_arg(r, "note") : NULL;

	/* a note refused (not text, too long) gets its error next to it, not above the card */
	if (typed && !*ui_text(r, &fe, "note", 500) && fe.n)
		error = NULL;

	htmlf(b, "<li class=\"card request %s\" id=\"req-%lld\"><div class=\"task-head\"><strong>%s</strong> ",
	      jstr(q, "state"), (long long)id, kind_label(jstr(q, "kind")));
	if (*jstr(q, "step"))
		htmlf(b, "<span class=\"badge\">%s</span> ", step_label(step_parse(jstr(q, "step"))));
	htmlf(b, "<span class=\"muted\">%s %lld · %s</span></div>", _("request"), (long long)id, state_label(jstr(q, "state")));
	html(b, "<dl class=\"facts\">");
	if (*jstr(q, "unit"))
		htmlf(b, "<dt>%s</dt><dd>%s</dd>", _("Unit"), jstr(q, "unit"));
	if (jint(q, "bill_id"))
		htmlf(b, "<dt>%s</dt><dd>%lld</dd>", _("Bill"), (long long)jint(q, "bill_id"));
	htmlf(b, "<dt>%s</dt><dd><strong>%Y</strong></dd>", _("Amount"), jint(q, "amount_fen"));
	htmlf(b, "<dt>%s</dt><dd>%s</dd>", _("Reason"), jstr(q, "reason"));
	htmlf(b, "<dt>%s</dt><dd>%s", _("Asked by"), *jstr(q, "requested_by_name") ? jstr(q, "requested_by_name") : _("an incentive rule"));
	if (*jstr(q, "requested_by"))
		htmlf(b, " <span class=\"muted\">(%s)</span>", jstr(q, "requested_by"));
	htmlf(b, " · %s</dd>", jstr(q, "day"));
	if (!pending) {
		htmlf(b, "<dt>%s</dt><dd>%s %s", _("Decided"), jstr(q, "decided_by"), jstr(q, "decided_day"));
		if (*jstr(q, "note"))
			htmlf(b, " — %s", jstr(q, "note"));
		html(b, "</dd>");
	}
	html(b, "</dl>");
	if (error)
		layout_flash(b, "error", error);
	if (ok)
		layout_flash(b, "ok", ok);
	if (pending && jint(q, "requested_by_id") == r->staff.id) {
		htmlf(b, "<p class=\"muted\">%s</p>", _("You asked for this: another manager or an administrator decides."));
	} else if (pending && ui_may(r, "POST", "/approvals/{id}")) {
		htmlf(b, "<form method=\"post\" action=\"/approvals/%lld\" hx-post=\"/approvals/%lld\" hx-target=\"#req-%lld\" "
			 "hx-swap=\"outerHTML\" class=\"stack decide\">", (long long)id, (long long)id, (long long)id);
		layout_csrf(r, b);
		field_input(b, &fe, "note", _("Note"), "text", typed, "maxlength=\"500\"");
		htmlf(b, "<div class=\"buttons\"><button type=\"submit\" name=\"decision\" value=\"approve\">%s</button> "
			 "<button type=\"submit\" name=\"decision\" value=\"reject\" class=\"secondary\">%s</button></div></form>",
		      _("Approve"), _("Reject"));
	}
	html(b, "</li>");
}

/* The project's requests; `failed` (0: none) is shown with `error` and what was typed. */
static int approvals_render(struct web_req *r, int status, int64_t failed, const char *error)
{
	static const char *const states[] = { "pending", "approved", "rejected", "all", NULL };
	struct buf b = BUF_INIT, err = BUF_INIT;
	struct strlist codes = STRLIST_INIT, names = STRLIST_INIT;
	struct project p;
	const char *state = form_get(&r->query, "state"), *done = web_arg(r, "decided");
	json_t *list = NULL, *q;
	size_t i;
	int known = 0;

	if (!r->project_id)
		return web_error(r, 404, _("you work on no project yet"));
	for (i = 0; state && states[i]; i++)
		known |= !strcmp(state, states[i]);
	if (!known)
		state = "pending";
	if (project_get(r->db, r->project_id, &p, &err) < 0 ||
	    project_list_of(r->db, r->staff.id, r->staff.all_projects, &codes, &names, &err) < 0 ||
	    requests_json(r->db, r->project_id, strcmp(state, "all") ? state : NULL, &list, &err) < 0) {
		web_error(r, 500, err.buf);
		goto out;
	}
	layout_begin(r, &b, _("Approvals"), "approvals");
	htmlf(&b, "<h1>%s</h1><form method=\"get\" action=\"/approvals\" class=\"filters\"><label>%s<select name=\"project\">",
	      _("Approvals"), _("Project"));
	for (i = 0; i < codes.nr; i++)
		htmlf(&b, "<option value=\"%s\"%s>%s %s</option>", codes.items[i], strcmp(codes.items[i], p.code) ? "" : " selected",
		      codes.items[i], names.items[i]);
	htmlf(&b, "</select></label><label>%s<select name=\"state\">", _("State"));
	for (i = 0; states[i]; i++)
		htmlf(&b, "<option value=\"%s\"%s>%s</option>", states[i], strcmp(states[i], state) ? "" : " selected",
		      !strcmp(states[i], "all") ? _("All") : state_label(states[i]));
	htmlf(&b, "</select></label><button type=\"submit\">%s</button></form>", _("Show"));
	if (done && *done)
		layout_flash(&b, "ok", _("The decision is recorded"));
	html(&b, "<ul class=\"requests\">");
	json_array_foreach(list, i, q)
		request_card(r, &b, q, jint(q, "id") == failed ? error : NULL, NULL);
	html(&b, "</ul>");
	if (!json_array_size(list))
		htmlf(&b, "<p class=\"muted empty\">%s</p>", _("Nothing to show"));
	layout_end(r, &b);
	web_html(r, status, &b);
out:
	json_decref(list);
	strlist_clear(&codes);
	strlist_clear(&names);
	buf_release(&b);
	buf_release(&err);
	return 0;
}

int page_approvals(struct web_req *r)
{
	return approvals_render(r, 200, 0, NULL);
}

int page_approval_decide(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct buf err = BUF_INIT, b = BUF_INIT, subject = BUF_INIT, to = BUF_INIT;
	int64_t id = web_param_id(r, 0);
	const char *note = ui_text(r, &fe, "note", 500), *decision = ui_text(r, &fe, "decision", 10);
	int approve = !strcmp(decision, "approve"), rc, status;
	json_t *q = NULL;

	if (fe.n || (!approve && strcmp(decision, "reject"))) {
		rc = -1;
		status = 400;
		buf_adds(&err, fe.n ? fe.e[0].message : _("press Approve or Reject"));
	} else if ((rc = request_decide(r->db, id, approve, &r->staff, note, r->today, &err)) < 0) {
		status = rc == REQUEST_UNKNOWN ? 404 : rc == REQUEST_REFUSED ? 403 : rc == REQUEST_DECIDED ? 409 : 400;
	} else {
		status = 200;
	}
	if (rc == 0) {
		buf_addf(&subject, "%lld", (long long)id);
		web_audit(r, approve ? "request.approve" : "request.reject", subject.buf, note);
	}
	/* the card again, when it is the decider's to see */
	if (rc != REQUEST_UNKNOWN && request_get_json(r->db, id, &q, &subject) == 0 &&
	    !staff_in_project(r->db, &r->staff, jint(q, "project_id"))) {
		json_decref(q);
		q = NULL;
	}
	if (r->is_htmx && q) {
		request_card(r, &b, q, rc < 0 ? err.buf : NULL,
			     rc == 0 ? (approve ? _("Approved: it takes effect now") : _("Rejected")) : NULL);
		web_html(r, status, &b);
	} else if (rc == 0) {
		htmlf(&to, "/approvals?project=%U&decided=%lld", q ? jstr(q, "project") : "", (long long)id);
		web_redirect(r, to.buf);
	} else if (q && !strcmp(jstr(q, "state"), "pending")) {
		/* the list again, the note kept, the refusal on the request's card */
		r->project_id = jint(q, "project_id");
		approvals_render(r, status, id, err.buf);
	} else {
		web_error(r, status, err.buf);
	}
	json_decref(q);
	buf_release(&err);
	buf_release(&b);
	buf_release(&subject);
	buf_release(&to);
	return 0;
}
