/* cashier.c: 收银: find the unit, see what is open, take a payment (the bills picked, or
 * oldest first; the late fee taken or not), the receipt, and its reversal with a reason. */
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/money.h"
#include "base/str.h"
#include "doc/doc.h"
#include "core/account.h"
#include "core/documents.h"
#include "core/payment.h"
#include "core/receipt.h"
#include "core/unit_search.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/units.h"
#include "web/router.h"

#define jstr units_jstr
#define jint units_jint

#define MAX_BILLS 64
#define REF_MAX 64
#define REASON_MAX 200

/* The channels a cashier takes (autodebit and online come from the bank and the pay
 * link, not from the counter). */
static const char *const counter_channels[] = { "cash", "card", "transfer", "wechat", "alipay", NULL };

struct pay_form {
	struct buf amount, ref;   /* as typed, to show back */
	const char *channel;
	int late_fee;
	int64_t bills[MAX_BILLS];
	size_t nbills;
	struct field_errors fe;
	const char *flash;        /* an error of the whole form */
};

int page_cashier(struct web_req *r)
{
	return units_search_page(r, "cashier", _("Cashier desk"), "/cashier/");
}

static int picked(const struct pay_form *f, int64_t id)
{
	for (size_t i = 0; i < f->nbills; i++)
		if (f->bills[i] == id)
			return 1;
	return 0;
}

static int render_form(struct web_req *r, int status, json_t *card, json_t *acct, struct pay_form *f)
{
	struct buf b = BUF_INIT;
	const char *options[2 * 6 + 1];
	json_t *x, *pays;
	size_t i, n = 0, open = 0;

	for (i = 0; counter_channels[i]; i++) {
		options[2 * i] = counter_channels[i];
		options[2 * i + 1] = units_channel_label(counter_channels[i]);
	}
	options[2 * i] = NULL;

	layout_begin(r, &b, _("Cashier desk"), "cashier");
	htmlf(&b, "<nav class=\"crumbs\"><a href=\"/cashier?project=%U\">%s</a> › <a href=\"/units/%lld\">%s</a></nav>",
	      jstr(card, "project"), _("Cashier desk"), (long long)r->unit_id, jstr(card, "unit"));
	htmlf(&b, "<h1>%s · %s</h1>", _("Take a payment"), jstr(card, "unit"));
	units_people(r, &b, json_object_get(card, "owners"), 0);
	html(&b, "<div class=\"cards figures\">");
	htmlf(&b, "<div class=\"card\"><div class=\"muted\">%s</div><div class=\"figure\" id=\"open\">%Y</div></div>", _("Open"),
	      jint(acct, "open_fen"));
	htmlf(&b, "<div class=\"card\"><div class=\"muted\">%s</div><div class=\"figure\" id=\"late-fee\">%Y</div></div>",
	      _("Late fees accrued, not charged"), jint(acct, "late_fee_fen"));
	htmlf(&b, "<div class=\"card\"><div class=\"muted\">%s</div><div class=\"figure\" id=\"prepaid\">%Y</div></div>",
	      _("Prepaid"), jint(acct, "prepaid_fen"));
	html(&b, "</div>");

	if (f->flash)
		layout_flash(&b, "error", f->flash);
	htmlf(&b, "<form method=\"post\" action=\"/cashier/%lld\" class=\"stack pay\" novalidate>", (long long)r->unit_id);
	layout_csrf(r, &b);
	htmlf(&b, "<fieldset><legend>%s</legend>", _("Bills to pay (none picked: the oldest first)"));
	json_array_foreach(json_object_get(acct, "bills"), i, x)
		open += jint(x, "open_fen") > 0;
	if (!open) {
		htmlf(&b, "<p class=\"muted\">%s</p>", _("Nothing is open: a payment now is kept as prepaid."));
	} else {
		htmlf(&b, "<div class=\"table-wrap\"><table class=\"bills\"><thead><tr><th></th><th>%s</th><th class=\"num\">%s</th>"
			  "<th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
		      _("Bill"), _("Open"), _("Due"), _("Days overdue"), _("Late fee"));
		json_array_foreach(json_object_get(acct, "bills"), i, x) {
			long long id = (long long)jint(x, "id");
			if (jint(x, "open_fen") <= 0)
				continue;
			htmlf(&b, "<tr><td><input type=\"checkbox\" name=\"bill\" value=\"%lld\" id=\"bill-%lld\"%s></td>"
				  "<td><label for=\"bill-%lld\">%s %s</label></td><td class=\"num\">%Y</td><td>%s</td>"
				  "<td class=\"num\">%lld</td><td class=\"num\">%Y</td></tr>",
			      id, id, picked(f, jint(x, "id")) ? " checked" : "", id, jstr(x, "period"), jstr(x, "item"),
			      jint(x, "open_fen"), jstr(x, "due"), (long long)jint(x, "overdue_days"), jint(x, "late_fee_fen"));
		}
		html(&b, "</tbody></table></div>");
	}
	if (field_error_of(&f->fe, "bill"))
		htmlf(&b, "<p class=\"field-error\" id=\"err-bill\" role=\"alert\">%s</p>", field_error_of(&f->fe, "bill"));
	html(&b, "</fieldset>");

	field_input(&b, &f->fe, "amount", _("Amount (yuan)"), "text", f->amount.buf,
		    "inputmode=\"decimal\" autocomplete=\"off\" required maxlength=\"32\" placeholder=\"0.00\"");
	field_select(&b, &f->fe, "channel", _("Channel"), options, f->channel ? f->channel : "cash");
	field_input(&b, &f->fe, "ref", _("Reference (bank or WeChat/Alipay transaction number; optional)"), "text",
		    f->ref.buf, "autocomplete=\"off\" maxlength=\"64\"");
	html(&b, "<label class=\"check\"><input type=\"checkbox\" name=\"late_fee\" value=\"1\"");
	if (f->late_fee)
		html(&b, " checked");
	if (field_error_of(&f->fe, "late_fee"))
		html(&b, " aria-invalid=\"true\" aria-describedby=\"err-late_fee\"");
	htmlf(&b, "> %s (", _("Take the late fee first"));
	htmlf(&b, "%s %Y)</label>", _("accrued"), jint(acct, "late_fee_fen"));
	if (field_error_of(&f->fe, "late_fee"))
		htmlf(&b, "<p class=\"field-error\" id=\"err-late_fee\" role=\"alert\">%s</p>", field_error_of(&f->fe, "late_fee"));
	htmlf(&b, "<button type=\"submit\">%s</button></form>", _("Take the payment"));

	pays = json_object_get(acct, "payments");
	if (json_array_size(pays)) {
		htmlf(&b, "<section id=\"payments\"><h2>%s</h2><ul class=\"hits\">", _("Latest payments"));
		for (i = json_array_size(pays); i-- > 0 && n < 5; n++) {
			x = json_array_get(pays, i);
			htmlf(&b, "<li><a href=\"/receipts/%U\">%s</a> %s %Y %s%s</li>", jstr(x, "receipt"), jstr(x, "receipt"),
			      jstr(x, "paid"), jint(x, "amount_fen"), units_channel_label(jstr(x, "channel")),
			      json_is_true(json_object_get(x, "reversed")) ? _(" (reversed)") : "");
		}
		html(&b, "</ul></section>");
	}
	layout_end(r, &b);
	web_html(r, status, &b);
	buf_release(&b);
	return 0;
}

static int load(struct web_req *r, json_t **card, json_t **acct)
{
	struct buf err = BUF_INIT;
	int rc = 0;

	*card = *acct = NULL;
	if (unit_card_json(r->db, r->unit_id, r->today, !web_may_see_phones(r), card, &err) < 0 ||
	    account_json(r->db, r->unit_id, r->today, acct, &err) < 0)
		rc = -1;
	buf_release(&err);
	return rc;
}

static void form_release(struct pay_form *f)
{
	buf_release(&f->amount);
	buf_release(&f->ref);
}

int page_cashier_unit(struct web_req *r)
{
	struct pay_form f = { .amount = BUF_INIT, .ref = BUF_INIT, .fe = FIELD_ERRORS_INIT };
	json_t *card, *acct;
	int rc = -1;

	f.channel = "cash";
	if (load(r, &card, &acct) == 0)
		rc = render_form(r, 200, card, acct, &f);
	json_decref(card);
	json_decref(acct);
	form_release(&f);
	return rc;
}

/* Reads and checks the form; the errors go next to their fields. */
static void read_form(struct web_req *r, json_t *acct, struct pay_form *f, int64_t *amount, const char **ref)
{
	struct buf shown = BUF_INIT;
	const char *s, *late;
	int rc;

	*amount = 0;
	s = units_text_field(&r->body, "amount", 32, 1, &f->fe, &f->amount);
	if (s && (rc = money_parse(s, amount)) != 0)
		field_error(&f->fe, "amount", rc == -2 ? _("at most two decimals: yuan and fen (300.50)")
					      : rc == -3 ? _("this amount is too large")
							 : _("not an amount of money: write it as 300 or 300.50"));
	else if (s && *amount <= 0)
		field_error(&f->fe, "amount", _("the amount must be more than 0"));

	s = units_text_field(&r->body, "channel", 16, 1, &f->fe, &shown);
	f->channel = NULL;
	for (int i = 0; s && counter_channels[i]; i++)
		if (!strcmp(s, counter_channels[i]))
			f->channel = counter_channels[i];
	if (s && !f->channel)
		field_error(&f->fe, "channel", _("choose how it was paid: cash, card, bank transfer, WeChat Pay or Alipay"));

	*ref = units_text_field(&r->body, "ref", REF_MAX, 0, &f->fe, &f->ref);

	late = form_get(&r->body, "late_fee");
	f->late_fee = late && !strcmp(late, "1");
	if (late && strcmp(late, "1"))
		field_error(&f->fe, "late_fee", _("tick the box or leave it empty"));

	/* the bills picked: each an open bill of this unit */
	for (size_t i = 0; i < r->body.n; i++) {
		const struct form_field *x = &r->body.f[i];
		int64_t id = 0;
		int open = 0;
		size_t k;
		json_t *bill;
		if (strcmp(x->name, "bill"))
			continue;
		if (strlen(x->value) == x->len && str_to_int64(x->value, 1, INT64_MAX, &id) == 0)
			json_array_foreach(json_object_get(acct, "bills"), k, bill)
				if (jint(bill, "id") == id && jint(bill, "open_fen") > 0)
					open = 1;
		if (!open) {
			field_error(&f->fe, "bill", _("a bill picked is not an open bill of this unit: reload the page"));
			break;
		}
		if (!picked(f, id) && f->nbills < MAX_BILLS)
			f->bills[f->nbills++] = id;
	}
	buf_release(&shown);
}

int page_cashier_pay(struct web_req *r)
{
	struct pay_form f = { .amount = BUF_INIT, .ref = BUF_INIT, .fe = FIELD_ERRORS_INIT };
	struct buf err = BUF_INIT, to = BUF_INIT, detail = BUF_INIT;
	struct pay_request req = { 0 };
	struct pay_result res;
	json_t *card, *acct;
	const char *ref;
	int64_t amount, other_id, other_unit, other_amount;
	int rc = -1;

	if (load(r, &card, &acct) < 0)
		goto done;
	read_form(r, acct, &f, &amount, &ref);
	/* a reference is an external payment's id: used for another unit or amount, it is
	 * another payment (the same unit and amount again is this one, posted once) */
	if (!f.fe.n && ref && *ref) {
		int found = payment_find_ref(r->db, ref, &other_id, &other_unit, &other_amount, &err);
		if (found < 0)
			goto done;
		if (found == 1 && (other_unit != r->unit_id || other_amount != amount))
			field_error(&f.fe, "ref", _("this reference was already used for another payment (another unit or "
						    "amount): check the number"));
	}
	if (f.fe.n) {
		rc = render_form(r, 422, card, acct, &f);
		goto done;
	}
	req.unit_id = r->unit_id;
	req.amount = amount;
	req.channel = f.channel;
	req.ref = ref && *ref ? ref : NULL;
	req.bills = f.nbills ? f.bills : NULL;
	req.nbills = f.nbills;
	req.late_fee = f.late_fee;
	req.day = r->today;
	req.staff_id = r->staff.id;
	if (pay_post(r->db, &req, &res, &err) < 0) {
		/* another cashier's post of the same reference won the race */
		if (req.ref && payment_find_ref(r->db, req.ref, &other_id, &other_unit, &other_amount, NULL) == 1)
			field_error(&f.fe, "ref", _("this reference was already used for another payment (another unit or "
						    "amount): check the number"));
		else
			f.flash = err.buf;
		rc = render_form(r, 422, card, acct, &f);
		goto done;
	}
	if (!res.duplicate) {
		buf_addf(&detail, "%s ", res.receipt);
		buf_add_money(&detail, amount);
		buf_addf(&detail, " %s%s%s%s", f.channel, req.ref ? " ref " : "", req.ref ? req.ref : "",
			 f.late_fee ? " late-fee" : "");
		web_audit(r, "pay", jstr(card, "unit"), detail.buf);
	}
	buf_adds(&to, "/receipts/");
	html_url(&to, res.receipt);
	buf_adds(&to, res.duplicate ? "?duplicate=1" : "?posted=1");
	rc = web_redirect(r, to.buf);
done:
	json_decref(card);
	json_decref(acct);
	form_release(&f);
	buf_release(&err);
	buf_release(&to);
	buf_release(&detail);
	return rc;
}

/* ---- the receipt ---- */

static int render_receipt(struct web_req *r, int status, json_t *rj, const struct field_errors *fe, const char *reason,
			  const char *flash_kind, const char *flash)
{
	struct buf b = BUF_INIT, capital = BUF_INIT;
	json_t *rev = json_object_get(rj, "reversal"), *x;
	const char *notice = web_arg(r, "posted") ? _("The payment is posted.")
			     : web_arg(r, "duplicate") ? _("This reference was posted before: nothing new was posted, "
							     "this is the first payment's receipt.")
			     : web_arg(r, "reversed") ? _("The payment is reversed.") : NULL;
	size_t i;

	layout_begin(r, &b, jstr(rj, "receipt"), "cashier");
	htmlf(&b, "<nav class=\"crumbs\"><a href=\"/units/%lld\">%s</a> › %s</nav>", (long long)r->unit_id, jstr(rj, "unit"),
	      jstr(rj, "receipt"));
	if (flash)
		layout_flash(&b, flash_kind, flash);
	else if (notice)
		layout_flash(&b, "ok", notice);
	html(&b, "<article class=\"receipt\">");
	htmlf(&b, "<h1>%s %s</h1>", jstr(rj, "project"), _("Receipt"));
	if (json_is_object(rev))
		htmlf(&b, "<p class=\"flash error reversed\">%s %s · %s: %s · %s</p>", _("REVERSED"), jstr(rev, "day"),
		      _("reason"), jstr(rev, "reason"), jstr(rev, "by"));
	htmlf(&b, "<dl class=\"pairs\"><dt>%s</dt><dd id=\"receipt-no\">%s</dd><dt>%s</dt><dd>%s</dd>", _("Receipt no."),
	      jstr(rj, "receipt"), _("Date"), jstr(rj, "day"));
	htmlf(&b, "<dt>%s</dt><dd><a href=\"/units/%lld\">%s</a></dd><dt>%s</dt><dd>%s</dd>", _("Unit"), (long long)r->unit_id,
	      jstr(rj, "unit"), _("Paid by"), jstr(rj, "payer"));
	htmlf(&b, "<dt>%s</dt><dd>%s</dd>", _("Channel"), units_channel_label(jstr(rj, "channel")));
	if (*jstr(rj, "ref"))
		htmlf(&b, "<dt>%s</dt><dd class=\"ref\">%s</dd>", _("Reference"), jstr(rj, "ref"));
	htmlf(&b, "<dt>%s</dt><dd>%s</dd></dl>", _("Cashier"), jstr(rj, "cashier"));
	htmlf(&b, "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
	      _("Item"), _("Period"), _("Amount"));
	json_array_foreach(json_object_get(rj, "lines"), i, x)
		htmlf(&b, "<tr><td>%s</td><td>%s</td><td class=\"num\">%Y</td></tr>", jstr(x, "item"), jstr(x, "period"),
		      jint(x, "amount_fen"));
	if (jint(rj, "prepaid_fen") > 0)
		htmlf(&b, "<tr><td>%s</td><td></td><td class=\"num\">%Y</td></tr>", _("Prepaid"), jint(rj, "prepaid_fen"));
	if (jint(rj, "discount_fen") > 0)
		htmlf(&b, "<tr><td>%s</td><td></td><td class=\"num\">%Y</td></tr>", _("Discount granted"),
		      jint(rj, "discount_fen"));
	buf_add_yuan_capital(&capital, jint(rj, "amount_fen"));
	htmlf(&b, "</tbody><tfoot><tr><th colspan=\"2\">%s</th><th class=\"num\" id=\"total\">%Y</th></tr></tfoot></table></div>",
	      _("Total"), jint(rj, "amount_fen"));
	htmlf(&b, "<p>%s%s</p>", _("RMB "), capital.buf);
	html(&b, "</article>");
	htmlf(&b, "<p class=\"actions no-print\"><button type=\"button\" class=\"secondary\" data-print>%s</button> ",
	      _("Print"));
	if (router_allows(r, "GET", "/receipts/{no}/pdf"))
		htmlf(&b, "<a class=\"button secondary\" href=\"/receipts/%U/pdf\" id=\"receipt-pdf\">%s</a> ",
		      jstr(rj, "receipt"), _("Receipt (PDF)"));
	if (router_allows(r, "GET", "/cashier/{id}"))
		htmlf(&b, "<a class=\"button secondary\" href=\"/cashier/%lld\">%s</a>", (long long)r->unit_id,
		      _("Another payment for this unit"));
	html(&b, "</p>");

	if (!json_is_object(rev) && router_allows(r, "POST", "/receipts/{no}/reverse")) {
		htmlf(&b, "<details class=\"no-print\"%s><summary>%s</summary>", field_error_of(fe, "reason") ? " open" : "",
		      _("Reverse this payment"));
		htmlf(&b, "<form method=\"post\" action=\"/receipts/%U/reverse\" class=\"stack\">", jstr(rj, "receipt"));
		layout_csrf(r, &b);
		htmlf(&b, "<p class=\"muted\">%s</p>", _("The payment then counts as never made: what it settled is open again. "
						     "The receipt number stays with it."));
		field_textarea(&b, fe, "reason", _("Reason (required)"), reason, "required maxlength=\"200\" rows=\"2\"");
		htmlf(&b, "<button type=\"submit\" class=\"danger\">%s</button></form></details>", _("Reverse"));
	}
	layout_end(r, &b);
	web_html(r, status, &b);
	buf_release(&b);
	buf_release(&capital);
	return 0;
}

int page_receipt(struct web_req *r)
{
	struct buf err = BUF_INIT;
	struct field_errors fe = FIELD_ERRORS_INIT;
	json_t *rj;
	int rc;

	if (receipt_json(r->db, r->params[0], &rj, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	rc = render_receipt(r, 200, rj, &fe, "", NULL, NULL);
	json_decref(rj);
	buf_release(&err);
	return rc;
}

static int write_receipt_pdf(const char *path, void *content, struct buf *err)
{
	json_t *list = json_pack("[O]", (json_t *)content);
	int rc = doc_write(path, doc_kind_find("receipt"), list, 0, NULL, err);

	json_decref(list);
	return rc;
}

/* The receipt as `wuye doc receipt` prints it (收据, with the amount in capitals). */
int page_receipt_pdf(struct web_req *r)
{
	struct buf err = BUF_INIT;
	char name[64];
	json_t *content;
	int rc;

	if (doc_receipt_json(r->db, r->params[0], &content, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	snprintf(name, sizeof(name), "receipt-%s.pdf", r->params[0]);
	rc = web_send_written(r, ".pdf", "application/pdf", name, write_receipt_pdf, content);
	if (rc == 0)
		web_audit(r, "doc.receipt", r->params[0], "");
	json_decref(content);
	return rc;
}

int page_receipt_reverse(struct web_req *r)
{
	struct buf err = BUF_INIT, shown = BUF_INIT, to = BUF_INIT;
	struct field_errors fe = FIELD_ERRORS_INIT;
	const char *reason;
	json_t *rj;
	int64_t reversal_id;
	int rc;

	if (receipt_json(r->db, r->params[0], &rj, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	reason = units_text_field(&r->body, "reason", REASON_MAX, 1, &fe, &shown);
	if (!reason) {
		rc = render_receipt(r, 422, rj, &fe, shown.buf, NULL, NULL);
	} else if (payment_reverse(r->db, jint(rj, "payment_id"), reason, r->today, r->staff.id, &reversal_id, &err) < 0) {
		rc = render_receipt(r, 422, rj, &fe, shown.buf, "error", err.buf);
	} else {
		web_audit(r, "payment.reverse", jstr(rj, "receipt"), reason);
		buf_adds(&to, "/receipts/");
		html_url(&to, jstr(rj, "receipt"));
		buf_adds(&to, "?reversed=1");
		rc = web_redirect(r, to.buf);
	}
	json_decref(rj);
	buf_release(&err);
	buf_release(&shown);
	buf_release(&to);
	return rc;
}
