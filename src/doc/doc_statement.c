/* doc_statement.c: a unit's statement (对账单): its bills, the payments with what each
 * settled, prepaid money and the balance, with the pay-link QR code. */
#include "doc/doc.h"

#include "base/money.h"

static void yuan(struct buf *b, long long fen)
{
	buf_reset(b);
	buf_add_yuan(b, fen);
}

void doc_statement(struct pdf *p, json_t *c)
{
	static const struct pdf_col bill_cols[] = {
		{ "收费项目", 1.6, PDF_LEFT }, { "所属期间", 1.3, PDF_CENTER }, { "应缴日期", 1.5, PDF_CENTER },
		{ "应收", 1.4, PDF_RIGHT }, { "已缴", 1.4, PDF_RIGHT }, { "减免", 1.2, PDF_RIGHT },
		{ "未缴", 1.4, PDF_RIGHT }, { "违约金", 1.2, PDF_RIGHT },
	};
	static const struct pdf_col pay_cols[] = {
		{ "收款日期", 1.5, PDF_CENTER }, { "收据编号", 1.6, PDF_LEFT }, { "方式", 1.2, PDF_LEFT },
		{ "金额", 1.4, PDF_RIGHT }, { "用于", 4.2, PDF_LEFT },
	};
	struct pdf_head head;
	struct pdf_doc *d;
	struct buf t = BUF_INIT, cells[8], ref = BUF_INIT;
	const char *row[8];
	json_t *b, *issuer = json_object_get(c, "issuer"), *a;
	size_t i, k;
	long long balance = doc_int(c, "balance_fen");

	for (int n = 0; n < 8; n++)
		buf_init(&cells[n]);
	doc_head(c, &head);
	buf_addf(&ref, "对账单 %s", doc_str(c, "unit"));
	d = pdf_doc_begin(p, &head, ref.buf);
	pdf_title(d, "物业服务费对账单");
	buf_addf(&t, "%s（%s）", doc_str(c, "unit_label"), doc_str(c, "unit"));
	if (json_is_string(json_object_get(c, "from")))
		doc_add_date(&cells[0], doc_str(c, "from"));
	else
		buf_adds(&cells[0], "建账");
	buf_adds(&cells[0], "至");
	doc_add_date(&cells[0], doc_str(c, "day"));
	buf_addf(&cells[1], "%s㎡", doc_str(c, "area_m2"));
	{
		const char *kv[] = { "房屋", t.buf, "建筑面积", cells[1].buf, "业主", doc_str(c, "payer"), "对账期间",
				     cells[0].buf, NULL };
		pdf_fields(d, 2, kv);
	}

	pdf_heading(d, "一、账单");
	pdf_table(d, bill_cols, 8);
	json_array_foreach(json_object_get(c, "bills"), i, b) {
		row[0] = doc_str(b, "item");
		row[1] = doc_str(b, "period");
		row[2] = doc_str(b, "due");
		yuan(&cells[3], doc_int(b, "amount_fen"));
		yuan(&cells[4], doc_int(b, "paid_fen"));
		yuan(&cells[5], doc_int(b, "waived_fen"));
		yuan(&cells[6], doc_int(b, "open_fen"));
		yuan(&cells[7], doc_int(b, "late_fee_fen"));
		for (int n = 3; n < 8; n++)
			row[n] = cells[n].buf;
		pdf_row(d, 0, row);
	}
	row[0] = "合计";
	row[1] = row[2] = "";
	yuan(&cells[3], doc_int(c, "billed_fen"));
	yuan(&cells[4], doc_int(c, "paid_fen"));
	yuan(&cells[5], doc_int(c, "waived_fen"));
	yuan(&cells[6], doc_int(c, "open_fen"));
	yuan(&cells[7], doc_int(c, "late_fee_fen"));
	for (int n = 3; n < 8; n++)
		row[n] = cells[n].buf;
	pdf_row(d, PDF_BOLD, row);

	pdf_heading(d, "二、收款");
	if (!json_array_size(json_object_get(c, "payments"))) {
		pdf_text(d, PDF_INDENT, "本期间内没有收款记录。");
	} else {
		pdf_table(d, pay_cols, 5);
		json_array_foreach(json_object_get(c, "payments"), i, b) {
			row[0] = doc_str(b, "day");
			row[1] = doc_str(b, "receipt");
			row[2] = doc_str(b, "channel_label");
			yuan(&cells[3], doc_int(b, "amount_fen"));
			buf_reset(&cells[4]);
			if (json_is_true(json_object_get(b, "reversed")))
				buf_adds(&cells[4], "已冲正，不计入");
			json_array_foreach(json_object_get(b, "allocations"), k, a) {
				buf_addf(&cells[4], "%s%s %s ", cells[4].len ? "；" : "", doc_str(a, "period"), doc_str(a, "item"));
				buf_add_yuan(&cells[4], doc_int(a, "amount_fen"));
			}
			row[3] = cells[3].buf;
			row[4] = cells[4].buf;
			pdf_row(d, 0, row);
		}
	}

	pdf_heading(d, "三、结余");
	buf_reset(&t);
	buf_adds(&t, "未缴合计");
	buf_add_yuan(&t, doc_int(c, "open_fen"));
	buf_adds(&t, "，预存余额");
	buf_add_yuan(&t, doc_int(c, "prepaid_fen"));
	if (doc_int(c, "late_fee_fen") > 0) {
		buf_adds(&t, "，按合同已计违约金");
		buf_add_yuan(&t, doc_int(c, "late_fee_fen"));
		buf_adds(&t, "（未计入结余）");
	}
	buf_adds(&t, "。账户结余：");
	if (balance < 0) {
		buf_adds(&t, "应缴");
		buf_add_yuan(&t, -balance);
		buf_adds(&t, "（人民币");
		buf_add_yuan_capital(&t, -balance);
		buf_adds(&t, "）");
	} else if (balance > 0) {
		buf_adds(&t, "预存");
		buf_add_yuan(&t, balance);
	} else {
		buf_adds(&t, "已结清");
	}
	buf_adds(&t, "。");
	pdf_text(d, PDF_INDENT | PDF_BOLD, t.buf);
	buf_reset(&t);
	buf_adds(&t, "如对本对账单有疑问，请与物业服务中心联系");
	if (*doc_str(issuer, "phone"))
		buf_addf(&t, "（电话：%s）", doc_str(issuer, "phone"));
	buf_adds(&t, "。");
	pdf_text(d, PDF_INDENT, t.buf);
	if (balance < 0)
		doc_pay_qr(d, doc_str(c, "pay_link"), doc_str(issuer, "issuer"), doc_str(c, "day"), 0);
	else
		doc_signature(d, doc_str(issuer, "issuer"), doc_str(c, "day"), 0);
	pdf_doc_end(d);
	for (int n = 0; n < 8; n++)
		buf_release(&cells[n]);
	buf_release(&t);
	buf_release(&ref);
}
