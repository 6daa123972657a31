/* receipt.c: what a receipt says, and its text. */
#include "core/receipt.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/str.h"
#include "core/payment.h"
#include "core/unit.h"

int receipt_json(struct db *db, const char *receipt_no, json_t **out, struct buf *err)
{
	struct db_stmt *st;
	struct buf unit = BUF_INIT;
	char code[32], day[11];
	int64_t no, id = 0, amount = 0, applied = 0;
	json_t *r = NULL, *lines;
	int rc;

	*out = NULL;
	if (receipt_parse(receipt_no, code, sizeof(code), &no) < 0)
		return error(err, _("'%s' is not a receipt number (e.g. HY-000001)"), receipt_no);
	if (db_prepare(db, &st,
		       "SELECT y.id, p.name, y.amount_fen, y.channel, y.paid_day, pa.name, COALESCE(s.name, ''),"
		       " p.code, b.code, u.entrance, u.room, y.ref"
		       " FROM payment y JOIN project p ON p.id = y.project_id JOIN party pa ON pa.id = y.payer_id"
		       " JOIN unit u ON u.id = y.unit_id JOIN building b ON b.id = u.building_id"
		       " LEFT JOIN staff s ON s.id = y.staff_id WHERE p.code = ? AND y.receipt_no = ?", err) < 0)
		return -1;
	db_bind_text(st, 1, code);
	db_bind_int64(st, 2, no);
	rc = db_step(st, err);
	if (rc == 1) {
		char rno[48];
		id = db_col_int64(st, 0);
		amount = db_col_int64(st, 2);
		receipt_format(rno, sizeof(rno), db_col_text(st, 7), no);
		unit_name_format(&unit, db_col_text(st, 7), db_col_text(st, 8), db_col_text(st, 9), db_col_text(st, 10));
		date_format((int)db_col_int64(st, 4), day);
		r = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I}", "payment_id", (json_int_t)id, "receipt", rno,
			      "project", db_col_text(st, 1), "unit", unit.buf, "payer", db_col_text(st, 5), "day", day,
			      "channel", db_col_text(st, 3), "cashier", db_col_text(st, 6), "amount_fen", (json_int_t)amount);
		json_object_set_new(r, "ref", db_col_is_null(st, 11) ? json_null() : json_string(db_col_text(st, 11)));
	}
	db_finalize(st);
	buf_release(&unit);
	if (rc != 1)
		return rc < 0 ? -1 : error(err, _("no receipt %s"), receipt_no);

	/* what it paid when it was posted */
	lines = json_array();
	if (db_prepare(db, &st, "SELECT i.name, b.period, a.amount_fen, b.kind FROM allocation a JOIN bill b ON b.id = a.bill_id "
		       "JOIN fee_item i ON i.id = b.item_id WHERE a.payment_id = ? AND a.source = 'payment' ORDER BY a.id", err) < 0)
		goto fail;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st, err)) == 1) {
		json_array_append_new(lines, json_pack("{s:s,s:s,s:I,s:s}", "item", db_col_text(st, 0), "period",
						       db_col_text(st, 1), "amount_fen", (json_int_t)db_col_int64(st, 2),
						       "kind", db_col_text(st, 3)));
		applied += db_col_int64(st, 2);
	}
	db_finalize(st);
	json_object_set_new(r, "lines", lines);
	if (rc < 0)
		goto fail;
	json_object_set_new(r, "prepaid_fen", json_integer(amount - applied));
	if (db_prepare(db, &st, "SELECT COALESCE(SUM(amount_fen), 0) FROM waiver WHERE payment_id = ?", err) < 0)
		goto fail;
	db_bind_int64(st, 1, id);
	if (db_step(st, err) == 1)
		json_object_set_new(r, "discount_fen", json_integer(db_col_int64(st, 0)));
	db_finalize(st);
	if (db_prepare(db, &st, "SELECT r.day, r.reason, COALESCE(s.name, '') FROM reversal r LEFT JOIN staff s ON s.id = r.staff_id "
		       "WHERE r.payment_id = ?", err) < 0)
		goto fail;
	db_bind_int64(st, 1, id);
	rc = db_step(st, err);
	if (rc == 1) {
		date_format((int)db_col_int64(st, 0), day);
		json_object_set_new(r, "reversal", json_pack("{s:s,s:s,s:s}", "day", day, "reason", db_col_text(st, 1),
							     "by", db_col_text(st, 2)));
	} else {
		json_object_set_new(r, "reversal", json_null());
	}
	db_finalize(st);
	if (rc < 0)
		goto fail;
	*out = r;
	return 0;
fail:
	json_decref(r);
	return -1;
}

static void pad_to(struct buf *out, size_t start, size_t width)
{
	size_t w = utf8_width(out->buf + start);

	while (w++ < width)
		buf_addch(out, ' ');
}

void receipt_text(struct buf *out, json_t *r)
{
	json_t *line, *rev = json_object_get(r, "reversal");
	size_t i, start;
	int64_t amount = json_integer_value(json_object_get(r, "amount_fen"));
	int64_t prepaid = json_integer_value(json_object_get(r, "prepaid_fen"));
	int64_t discount = json_integer_value(json_object_get(r, "discount_fen"));

	buf_addf(out, "%s  %s\n", json_string_value(json_object_get(r, "project")), _("Receipt"));
	if (json_is_object(rev))
		buf_addf(out, "%s %s %s: %s\n", _("[REVERSED]"), json_string_value(json_object_get(rev, "day")),
			 _("reason"), json_string_value(json_object_get(rev, "reason")));
	buf_addf(out, "%s: %s    %s: %s\n", _("Receipt no."), json_string_value(json_object_get(r, "receipt")),
		 _("Date"), json_string_value(json_object_get(r, "day")));
	buf_addf(out, "%s: %s    %s: %s\n", _("Unit"), json_string_value(json_object_get(r, "unit")), _("Paid by"),
		 json_string_value(json_object_get(r, "payer")));
	buf_addf(out, "%s: %s    %s: %s\n", _("Channel"), payment_channel_label(json_string_value(json_object_get(r, "channel"))),
		 _("Cashier"), json_string_value(json_object_get(r, "cashier")));
	buf_adds(out, "----------------------------------------\n");
	json_array_foreach(json_object_get(r, "lines"), i, line) {
		start = out->len;
		buf_adds(out, json_string_value(json_object_get(line, "item")));
		pad_to(out, start, 12);
		start = out->len;
		buf_adds(out, json_string_value(json_object_get(line, "period")));
		pad_to(out, start, 14);
		buf_add_yuan(out, json_integer_value(json_object_get(line, "amount_fen")));
		buf_addch(out, '\n');
	}
	if (prepaid > 0) {
		start = out->len;
		buf_adds(out, _("Prepaid"));
		pad_to(out, start, 26);
		buf_add_yuan(out, prepaid);
		buf_addch(out, '\n');
	}
	if (discount > 0) {
		start = out->len;
		buf_adds(out, _("Discount granted"));
		pad_to(out, start, 26);
		buf_add_yuan(out, discount);
		buf_addch(out, '\n');
	}
	buf_adds(out, "----------------------------------------\n");
	buf_addf(out, "%s: ", _("Total"));
	buf_add_yuan(out, amount);
	buf_addf(out, "（%s", _("RMB "));
	buf_add_yuan_capital(out, amount);
	buf_adds(out, "）\n");
}
