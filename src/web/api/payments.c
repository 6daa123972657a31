/* payments.c: POST /api/v1/payments: a payment posted exactly once per `ref`.
 *
 * The first POST of a ref posts the payment (201); the same ref again with the same
 * unit and amount posts nothing and answers the first payment (200), so a client that
 * lost the answer simply sends the request again; the ref with another unit or amount
 * is refused (409).  The answer is the payment's receipt (core/receipt.c) with its id,
 * ref and whether it was a repeat. */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/money.h"
#include "core/payment.h"
#include "core/receipt.h"
#include "web/api/api.h"
#include "web/pages.h"

#define PAY_BILLS_MAX 120

/* The bills to pay, in order: an array of bill ids (0 when the field is absent). */
static int read_bills(struct web_req *r, json_t *b, int64_t **bills, size_t *n)
{
	json_t *v = json_object_get(b, "bills"), *x;
	size_t i;

	*bills = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v) || !json_array_size(v) || json_array_size(v) > PAY_BILLS_MAX)
		return api_bad(r, "bills", _("must be a list of 1 to %d bill ids"), PAY_BILLS_MAX);
	*bills = calloc(json_array_size(v), sizeof(**bills));
	if (!*bills)
		return api_fail(r, NULL), -1;
	json_array_foreach(v, i, x) {
		if (!json_is_integer(x) || json_integer_value(x) < 1) {
			free(*bills);
			*bills = NULL;
			return api_bad(r, "bills", _("must be a list of 1 to %d bill ids"), PAY_BILLS_MAX);
		}
		(*bills)[i] = json_integer_value(x);
	}
	*n = json_array_size(v);
	return 1;
}

int api_payment_post(struct web_req *r)
{
	static const char *const fields[] = { "unit", "amount_fen", "amount", "channel", "ref", "bills", "late_fee", NULL };
	struct pay_request p = { 0 };
	struct pay_result res;
	struct buf err = BUF_INIT, unit = BUF_INIT;
	json_t *b = NULL, *receipt = NULL;
	int64_t *bills = NULL;
	const char *amount_field;

	if (api_body(r, API_BODY_MAX, fields, &b) < 0)
		return 0;
	amount_field = json_object_get(b, "amount") ? "amount" : "amount_fen";
	if (api_amount(r, b, "amount_fen", "amount", 1, &p.amount) < 0 ||
	    api_text(r, b, "channel", 1, 16, 0, &p.channel) < 0 || api_text(r, b, "ref", 1, 64, 0, &p.ref) < 0 ||
	    read_bills(r, b, &bills, &p.nbills) < 0 || api_bool(r, b, "late_fee", &p.late_fee) < 0)
		goto done;
	if (!payment_channel_valid(p.channel)) {
		api_bad(r, "channel", _("unknown channel '%s' (expected cash, card, transfer, wechat, alipay or autodebit)"),
			p.channel);
		goto done;
	}
	if (api_body_unit(r, b, "unit", &p.unit_id, &unit) < 0)
		goto done;
	p.bills = bills;
	p.day = r->today;
	p.staff_id = r->staff.id;
	if (pay_post(r->db, &p, &res, &err) < 0) {
		if (res.conflict) {
			struct buf msg = BUF_INIT;
			buf_addf(&msg, _("ref '%s' was already used for another payment (another unit or amount)"), p.ref);
			api_send(r, 409, json_pack("{s:s,s:i,s:s}", "error", msg.buf, "status", 409, "field", "ref"));
			buf_release(&msg);
		} else if (res.field) {
			api_bad(r, !strcmp(res.field, "amount") ? amount_field : res.field, "%s", err.buf);
		} else {
			api_fail(r, &err);
		}
		goto done;
	}
	if (receipt_json(r->db, res.receipt, &receipt, &err) < 0) {
		api_fail(r, &err);
		goto done;
	}
	if (!res.duplicate) {
		struct buf detail = BUF_INIT;
		buf_addf(&detail, "%s ", res.receipt);
		buf_add_money(&detail, p.amount);
		buf_addf(&detail, " %s ref %s", p.channel, p.ref);
		web_audit(r, "pay", unit.buf, detail.buf);
		buf_release(&detail);
	}
	json_object_set_new(receipt, "id", json_integer(res.payment_id));
	json_object_set_new(receipt, "unit_id", json_integer(p.unit_id));
	json_object_set_new(receipt, "ref", json_string(p.ref));
	json_object_set_new(receipt, "duplicate", json_boolean(res.duplicate));
	api_send(r, res.duplicate ? 200 : 201, receipt);
done:
	buf_release(&err);
	buf_release(&unit);
	free(bills);
	json_decref(b);
	return 0;
}
