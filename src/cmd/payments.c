/* payments.c: paying, receipts, reversals, refunds, waivers and approvals, accounts,
 * late fees and arrears. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/str.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "core/account.h"
#include "core/payment.h"
#include "core/payment_import.h"
#include "io/sheet.h"
#include "core/receipt.h"
#include "core/unit.h"
#include "core/waiver.h"

static int parse_bills(struct ctx *c, const char *list, int64_t **out, size_t *n)
{
	static const char *const seps[] = { ",", " ", NULL };
	struct strlist items = STRLIST_INIT;
	int rc = 0;

	*out = NULL;
	*n = 0;
	str_split_any(&items, list, seps);
	if (!items.nr)
		rc = cmd_usage_error(c, _("--bills needs bill ids, e.g. --bills 12,13"));
	*out = calloc(items.nr + 1, sizeof(int64_t));
	for (size_t i = 0; !rc && i < items.nr; i++)
		if ((rc = cmd_parse_id(c, "--bills", items.items[i], &(*out)[i])) == 0)
			(*n)++;
	strlist_clear(&items);
	return rc;
}

int cmd_pay(struct ctx *c, int argc, char **argv)
{
	const char *channel = NULL, *ref = NULL, *bills = NULL, *pos[2];
	int late_fee = 0, npos, rc;
	const struct opt opts[] = {
		{ "--channel", OPT_STRING, &channel }, { "--ref", OPT_STRING, &ref }, { "--bills", OPT_STRING, &bills },
		{ "--late-fee", OPT_FLAG, &late_fee }, { NULL, 0, NULL },
	};
	struct pay_request r = { 0 };
	struct pay_result res;
	struct buf err = BUF_INIT;
	int64_t *bill_ids = NULL, project_id;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 2, &npos)) || (rc = cmd_need_args(c, npos, 2)))
		return rc;
	if (!channel)
		return cmd_usage_error(c, _("--channel is required (cash, card, transfer, wechat, alipay or autodebit)"));
	if (!payment_channel_valid(channel))
		return cmd_usage_error(c, _("unknown channel '%s' (expected cash, card, transfer, wechat, alipay or autodebit)"),
				       channel);
	if ((rc = cmd_parse_amount(c, pos[1], &r.amount)))
		return rc;
	if (bills && (rc = parse_bills(c, bills, &bill_ids, &r.nbills))) {
		free(bill_ids);
		return rc;
	}
	if ((rc = cmd_require_role(c, "admin|manager|cashier|service"))) {
		free(bill_ids);
		return rc;
	}
	if (unit_find(c->db, pos[0], &r.unit_id, &project_id, &err) < 0) {
		free(bill_ids);
		return cmd_fail(c, &err);
	}
	if ((rc = cmd_require_project(c, project_id))) {
		free(bill_ids);
		return rc;
	}
	r.channel = channel;
	r.ref = ref;
	r.bills = bill_ids;
	r.late_fee = late_fee;
	r.day = c->today;
	r.staff_id = c->actor.id;
	rc = pay_post(c->db, &r, &res, &err);
	free(bill_ids);
	if (rc < 0)
		return cmd_fail(c, &err);
	if (!res.duplicate) {
		struct buf detail = BUF_INIT;
		buf_addf(&detail, "%s %s %s", res.receipt, pos[1], channel);
		cmd_audit(c, "pay", pos[0], detail.buf);
		buf_release(&detail);
	}
	buf_release(&err);
	if (c->format == FORMAT_JSON) {
		json_t *extra = json_pack("{s:s,s:b,s:I,s:I,s:I,s:I}", "receipt", res.receipt, "duplicate", res.duplicate,
					  "late_fee_fen", (json_int_t)res.latefee, "applied_fen", (json_int_t)res.applied,
					  "prepaid_fen", (json_int_t)res.prepaid, "discount_fen", (json_int_t)res.discount);
		rc = output_created(c, res.payment_id, extra);
		json_decref(extra);
		return rc;
	}
	return output_created(c, res.payment_id, NULL);
}

int cmd_receipt(struct ctx *c, int argc, char **argv)
{
	const char *pos[1];
	struct buf err = BUF_INIT, text = BUF_INIT;
	json_t *r;
	int npos, rc;
	int64_t project_id;

	if ((rc = cmd_parse(c, argc, argv, NULL, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (receipt_json(c->db, pos[0], &r, &err) < 0)
		return cmd_fail(c, &err);
	if (db_run(c->db, &project_id, &err, "SELECT project_id FROM payment WHERE id = ?", "i",
		   (int64_t)json_integer_value(json_object_get(r, "payment_id"))) == 1 &&
	    (rc = cmd_require_project(c, project_id))) {
		json_decref(r);
		return rc;
	}
	if (c->format == FORMAT_JSON) {
		rc = output_json(r);
	} else {
		receipt_text(&text, r);
		fputs(text.buf, stdout);
		rc = 0;
	}
	json_decref(r);
	buf_release(&err);
	buf_release(&text);
	return rc;
}

int cmd_reverse(struct ctx *c, int argc, char **argv)
{
	const char *reason = NULL, *pos[1];
	const struct opt opts[] = { { "--reason", OPT_STRING, &reason }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t payment_id, project_id, reversal_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if ((rc = cmd_parse_id(c, "PAYMENT_ID", pos[0], &payment_id)))
		return rc;
	if (!reason || !*reason)
		return cmd_usage_error(c, _("--reason is required"));
	if ((rc = cmd_require_role(c, "admin|manager|cashier")))
		return rc;
	if (db_run(c->db, &project_id, &err, "SELECT project_id FROM payment WHERE id = ?", "i", payment_id) != 1) {
		if (!err.len)
			error(&err, _("unknown payment %lld"), (long long)payment_id);
		return cmd_fail(c, &err);
	}
	if ((rc = cmd_require_project(c, project_id)))
		return rc;
	if (payment_reverse(c->db, payment_id, reason, c->today, c->actor.id, &reversal_id, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "payment.reverse", pos[0], reason);
	buf_release(&err);
	return output_created(c, reversal_id, NULL);
}

int cmd_refund(struct ctx *c, int argc, char **argv)
{
	const char *reason = NULL, *pos[2];
	const struct opt opts[] = { { "--reason", OPT_STRING, &reason }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t payment_id, project_id, amount, refund_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 2, &npos)) || (rc = cmd_need_args(c, npos, 2)))
		return rc;
	if ((rc = cmd_parse_id(c, "PAYMENT_ID", pos[0], &payment_id)) || (rc = cmd_parse_amount(c, pos[1], &amount)))
		return rc;
	if (!reason || !*reason)
		return cmd_usage_error(c, _("--reason is required"));
	if ((rc = cmd_require_role(c, "admin|manager")))
		return rc;
	if (db_run(c->db, &project_id, &err, "SELECT project_id FROM payment WHERE id = ?", "i", payment_id) != 1) {
		if (!err.len)
			error(&err, _("unknown payment %lld"), (long long)payment_id);
		return cmd_fail(c, &err);
	}
	if ((rc = cmd_require_project(c, project_id)))
		return rc;
	if (payment_refund(c->db, payment_id, amount, reason, c->today, c->actor.id, &refund_id, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "payment.refund", pos[0], reason);
	buf_release(&err);
	return output_created(c, refund_id, NULL);
}

int cmd_waive(struct ctx *c, int argc, char **argv)
{
	const char *reason = NULL, *pos[2];
	const struct opt opts[] = { { "--reason", OPT_STRING, &reason }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t bill_id, project_id, amount, request_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 2, &npos)) || (rc = cmd_need_args(c, npos, 2)))
		return rc;
	if ((rc = cmd_parse_id(c, "BILL_ID", pos[0], &bill_id)) || (rc = cmd_parse_amount(c, pos[1], &amount)))
		return rc;
	if (!reason || !*reason)
		return cmd_usage_error(c, _("--reason is required: a waiver says why"));
	if (db_run(c->db, &project_id, &err, "SELECT project_id FROM bill WHERE id = ?", "i", bill_id) != 1) {
		if (!err.len)
			error(&err, _("unknown bill %lld"), (long long)bill_id);
		return cmd_fail(c, &err);
	}
	if ((rc = cmd_require_project(c, project_id)))
		return rc;
	if (waiver_request(c->db, bill_id, amount, reason, c->today, c->actor.id, &request_id, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "waiver.request", pos[0], reason);
	buf_release(&err);
	return output_created(c, request_id, NULL);
}

static int decide(struct ctx *c, int argc, char **argv, int approve)
{
	const char *note = NULL, *pos[1];
	const struct opt opts[] = { { "--reason", OPT_STRING, &note }, { "--note", OPT_STRING, &note }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t request_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if ((rc = cmd_parse_id(c, "REQUEST_ID", pos[0], &request_id)))
		return rc;
	if (request_decide(c->db, request_id, approve, &c->actor, note, c->today, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, approve ? "request.approve" : "request.reject", pos[0], note);
	buf_release(&err);
	return 0;
}

int cmd_approve(struct ctx *c, int argc, char **argv)
{
	return decide(c, argc, argv, 1);
}

int cmd_reject(struct ctx *c, int argc, char **argv)
{
	return decide(c, argc, argv, 0);
}

static void render_state(struct buf *out, json_t *row)
{
	const char *s = json_string_value(json_object_get(row, "state"));
	buf_adds(out, !strcmp(s, "pending") ? _("pending") : !strcmp(s, "approved") ? _("approved") : _("rejected"));
}

int cmd_requests(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "id", N_("Id"), COL_INT, NULL },
		{ "kind", N_("Kind"), COL_TEXT, NULL },
		{ "unit", N_("Unit"), COL_TEXT, NULL },
		{ "bill_id", N_("Bill"), COL_INT, NULL },
		{ "amount_fen", N_("Amount"), COL_FEN, NULL },
		{ "reason", N_("Reason"), COL_TEXT, NULL },
		{ "requested_by", N_("Requested by"), COL_TEXT, NULL },
		{ "state", N_("State"), COL_CUSTOM, render_state },
		{ NULL, NULL, 0, NULL },
	};
	const char *project = NULL, *state = NULL, *pos[1];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--state", OPT_STRING, &state },
				    { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	json_t *rows = NULL;
	int64_t project_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		goto out;
	if (state && strcmp(state, "pending") && strcmp(state, "approved") && strcmp(state, "rejected")) {
		rc = cmd_usage_error(c, _("--state must be pending, approved or rejected"));
		goto out;
	}
	if ((rc = cmd_project(c, project, &project_id)))
		goto out;
	rc = requests_json(c->db, project_id, state, &rows, &err) < 0 ? cmd_fail(c, &err) : output_rows(c, rows, cols);
out:
	json_decref(rows);
	buf_release(&err);
	return rc;
}

static void print_account(json_t *a)
{
	static const struct column bill_cols[] = {
		{ "id", N_("Bill"), COL_INT, NULL },
		{ "item", N_("Item"), COL_TEXT, NULL },
		{ "period", N_("Period"), COL_TEXT, NULL },
		{ "due", N_("Due"), COL_TEXT, NULL },
		{ "amount_fen", N_("Amount"), COL_FEN, NULL },
		{ "paid_fen", N_("Paid"), COL_FEN, NULL },
		{ "waived_fen", N_("Waived"), COL_FEN, NULL },
		{ "open_fen", N_("Open"), COL_FEN, NULL },
		{ "overdue_days", N_("Days overdue"), COL_INT, NULL },
		{ "late_fee_fen", N_("Late fee"), COL_FEN, NULL },
		{ "explain", N_("How it was computed"), COL_TEXT, NULL },
		{ NULL, NULL, 0, NULL },
	};
	static const struct column pay_cols[] = {
		{ "id", N_("Payment"), COL_INT, NULL },
		{ "receipt", N_("Receipt"), COL_TEXT, NULL },
		{ "paid", N_("Date"), COL_TEXT, NULL },
		{ "amount_fen", N_("Amount"), COL_FEN, NULL },
		{ "channel", N_("Channel"), COL_TEXT, NULL },
		{ "reversed", N_("Reversed"), COL_TEXT, NULL },
		{ NULL, NULL, 0, NULL },
	};
	struct ctx table = { 0 };
	struct buf b = BUF_INIT;

	table.format = FORMAT_TABLE;
	printf("%s\n", json_string_value(json_object_get(a, "unit")));
	buf_add_yuan(&b, json_integer_value(json_object_get(a, "open_fen")));
	printf("%s: %s", _("Open"), b.buf);
	buf_reset(&b);
	buf_add_yuan(&b, json_integer_value(json_object_get(a, "late_fee_fen")));
	printf("    %s: %s", _("Late fee accrued"), b.buf);
	buf_reset(&b);
	buf_add_yuan(&b, json_integer_value(json_object_get(a, "prepaid_fen")));
	printf("    %s: %s\n\n", _("Prepaid"), b.buf);
	output_rows(&table, json_object_get(a, "bills"), bill_cols);
	if (json_array_size(json_object_get(a, "payments"))) {
		putchar('\n');
		output_rows(&table, json_object_get(a, "payments"), pay_cols);
	}
	buf_release(&b);
}

int cmd_account(struct ctx *c, int argc, char **argv)
{
	const char *pos[1];
	struct buf err = BUF_INIT;
	int64_t unit_id, project_id;
	json_t *a;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, NULL, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (unit_find(c->db, pos[0], &unit_id, &project_id, &err) < 0)
		return cmd_fail(c, &err);
	if ((rc = cmd_require_project(c, project_id)))
		return rc;
	if (account_json(c->db, unit_id, c->today, &a, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	if (c->format == FORMAT_JSON) {
		rc = output_json(a);
	} else if (c->format == FORMAT_CSV) {
		static const struct column cols[] = {
			{ "id", N_("Bill"), COL_INT, NULL }, { "item", N_("Item"), COL_TEXT, NULL },
			{ "period", N_("Period"), COL_TEXT, NULL }, { "due", N_("Due"), COL_TEXT, NULL },
			{ "amount_fen", N_("Amount"), COL_FEN, NULL }, { "paid_fen", N_("Paid"), COL_FEN, NULL },
			{ "waived_fen", N_("Waived"), COL_FEN, NULL }, { "open_fen", N_("Open"), COL_FEN, NULL },
			{ "overdue_days", N_("Days overdue"), COL_INT, NULL }, { "late_fee_fen", N_("Late fee"), COL_FEN, NULL },
			{ "explain", N_("How it was computed"), COL_TEXT, NULL }, { NULL, NULL, 0, NULL },
		};
		rc = output_rows(c, json_object_get(a, "bills"), cols);
	} else {
		print_account(a);
		rc = 0;
	}
	json_decref(a);
	return rc;
}

int cmd_latefee_charge(struct ctx *c, int argc, char **argv)
{
	const char *pos[1];
	struct buf err = BUF_INIT;
	int64_t unit_id, project_id, payer_id, bill_id, amount;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, NULL, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if ((rc = cmd_require_role(c, "admin|manager")))
		return rc;
	if (unit_find(c->db, pos[0], &unit_id, &project_id, &err) < 0)
		return cmd_fail(c, &err);
	if ((rc = cmd_require_project(c, project_id)))
		return rc;
	if (db_begin_immediate(c->db, &err) < 0 || unit_payer_on(c->db, unit_id, c->today, &payer_id, &err) < 0 ||
	    latefee_charge(c->db, unit_id, payer_id, c->today, 0, NULL, 0, &bill_id, &amount, &err) < 0)
		return cmd_fail(c, &err);
	if (!bill_id) {
		db_rollback(c->db);
		error(&err, _("%s has no late fee to charge"), pos[0]);
		return cmd_fail(c, &err);
	}
	cmd_audit(c, "latefee.charge", pos[0], NULL);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	if (c->format == FORMAT_JSON) {
		json_t *extra = json_pack("{s:I}", "amount_fen", (json_int_t)amount);
		rc = output_created(c, bill_id, extra);
		json_decref(extra);
		return rc;
	}
	return output_created(c, bill_id, NULL);
}

static void render_buckets(struct buf *out, json_t *row)
{
	json_t *b = json_object_get(row, "buckets");
	int first = 1;

	for (int i = 0; i < AGING_BUCKETS; i++) {
		int64_t v = json_integer_value(json_object_get(b, aging_names[i]));
		if (!v)
			continue;
		if (!first)
			buf_adds(out, " ");
		buf_addf(out, "%s:", aging_names[i]);
		buf_add_yuan(out, v);
		first = 0;
	}
}

int cmd_arrears(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "payer", N_("Payer"), COL_TEXT, NULL },
		{ "units", N_("Units"), COL_LIST, NULL },
		{ "overdue_fen", N_("Overdue"), COL_FEN, NULL },
		{ "oldest_due", N_("Oldest due"), COL_TEXT, NULL },
		{ "overdue_days", N_("Days overdue"), COL_INT, NULL },
		{ "buckets", N_("Aging (days)"), COL_CUSTOM, render_buckets },
		{ NULL, NULL, 0, NULL },
	};
	const char *project = NULL, *pos[1];
	int min_days = 1, npos, rc;
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--min-days", OPT_INT, &min_days },
				    { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t project_id;
	json_t *rows;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (min_days < 1)
		return cmd_usage_error(c, _("--min-days must be at least 1"));
	if (arrears_json(c->db, project_id, c->today, min_days, &rows, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	rc = output_rows(c, rows, cols);
	json_decref(rows);
	return rc;
}

int cmd_incentive_add(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *kind = NULL, *name = NULL, *period = "", *from = NULL, *until = NULL, *pos[1];
	int pct = 0, npos, rc, from_day, until_day;
	const struct opt opts[] = {
		{ "--project", OPT_STRING, &project }, { "--kind", OPT_STRING, &kind }, { "--name", OPT_STRING, &name },
		{ "--pct", OPT_INT, &pct }, { "--period", OPT_STRING, &period }, { "--from", OPT_STRING, &from },
		{ "--until", OPT_STRING, &until }, { NULL, 0, NULL },
	};
	struct buf err = BUF_INIT;
	int64_t project_id, id;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (!kind || !name || !from || !until)
		return cmd_usage_error(c, _("--kind, --name, --from and --until are required"));
	if (strcmp(kind, "early_annual") && strcmp(kind, "latefee_amnesty"))
		return cmd_usage_error(c, _("--kind must be early_annual or latefee_amnesty"));
	if (!strcmp(kind, "early_annual") && (pct < 1 || pct > 50 || !*period))
		return cmd_usage_error(c, _("an early_annual incentive needs --pct between 1 and 50 and --period YYYY"));
	if ((rc = cmd_parse_date(c, "--from", from, &from_day)) || (rc = cmd_parse_date(c, "--until", until, &until_day)))
		return rc;
	if ((rc = cmd_require_role(c, "admin|manager")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (db_run(c->db, &id, &err, "INSERT INTO incentive (project_id, kind, name, pct, period, from_day, until_day, "
		   "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "ittitiiin", project_id, kind,
		   name, (int64_t)pct, period, (int64_t)from_day, (int64_t)until_day, (int64_t)time(NULL),
		   c->actor.id) != 1)
		return cmd_fail(c, &err);
	cmd_audit(c, "incentive.add", project, name);
	buf_release(&err);
	return output_created(c, id, NULL);
}

int cmd_import_payments(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *channel = NULL, *pos[1];
	int dry_run = 0;
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--channel", OPT_STRING, &channel },
				    { "--dry-run", OPT_FLAG, &dry_run }, { NULL, 0, NULL } };
	struct sheet sheet = SHEET_INIT;
	struct payment_import_result res;
	struct buf err = BUF_INIT;
	int64_t project_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (channel && !payment_channel_valid(channel))
		return cmd_usage_error(c, _("unknown channel '%s' (expected cash, card, transfer, wechat, alipay or autodebit)"),
				       channel);
	if ((rc = cmd_require_role(c, "admin|manager|cashier")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (sheet_read_file(pos[0], &sheet, &err) < 0) {
		sheet_release(&sheet);
		return cmd_fail(c, &err);
	}
	rc = payment_import(c->db, project_id, &sheet, channel, c->today, c->actor.id, dry_run, &res, &err);
	sheet_release(&sheet);
	if (res.posted && !dry_run)
		cmd_audit(c, "payments.import", project, pos[0]);
	if (rc < 0) {
		if (res.posted && !dry_run)
			fprintf(stderr, "wuye: %d payments were posted before the problem; running the file again posts "
				"only the rest\n", res.posted);
		return cmd_fail(c, &err);
	}
	buf_release(&err);
	if (c->format == FORMAT_JSON) {
		json_t *o = json_pack("{s:i,s:i,s:I,s:b}", "posted", res.posted, "duplicates", res.duplicates, "amount_fen",
				      (json_int_t)res.amount, "dry_run", dry_run);
		rc = output_json(o);
		json_decref(o);
		return rc;
	}
	{
		struct buf a = BUF_INIT;
		buf_add_yuan(&a, res.amount);
		if (dry_run)
			printf(_("%s is valid: it would post %d payments of %s (%d were posted before)"), pos[0], res.posted,
			       a.buf, res.duplicates);
		else
			printf(_("posted %d payments of %s (%d were posted before)"), res.posted, a.buf, res.duplicates);
		putchar('\n');
		buf_release(&a);
	}
	return 0;
}
