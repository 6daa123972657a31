/* doc_notice.c: the payment notice (缴费通知单): a unit's open bills, the total, the
 * date to pay by, the ways to pay and the pay-link QR code.  Neutral wording: a bill,
 * not a demand. */
#include "doc/doc.h"

#include "base/money.h"

void doc_payment_notice(struct pdf *p, json_t *c)
{
	static const struct pdf_col cols[] = {
		{ "收费项目", 1.4, PDF_LEFT }, { "所属期间", 1.2, PDF_CENTER }, { "计费说明", 4.4, PDF_LEFT },
		{ "应缴日期", 1.5, PDF_CENTER }, { "金额", 1.3, PDF_RIGHT }, { "已缴/减免", 1.3, PDF_RIGHT },
		{ "应缴", 1.3, PDF_RIGHT },
	};
	struct pdf_head head;
	struct pdf_doc *d;
	struct buf t = BUF_INIT, cells[7], ref = BUF_INIT;
	const char *row[7];
	json_t *b, *issuer = json_object_get(c, "issuer");
	size_t i;
	long long total = doc_int(c, "total_fen");

	doc_head(c, &head);
	buf_addf(&ref, "缴费通知单 %s", doc_str(c, "unit"));
	d = pdf_doc_begin(p, &head, ref.buf);
	pdf_title(d, "物业服务费缴费通知单");
	buf_addf(&t, "%s（%s）", doc_str(c, "unit_label"), doc_str(c, "unit"));
	{
		struct buf area = BUF_INIT, day = BUF_INIT;
		buf_addf(&area, "%s㎡", doc_str(c, "area_m2"));
		doc_add_date(&day, doc_str(c, "day"));
		const char *kv[] = { "房屋", t.buf, "建筑面积", area.buf, "业主", doc_str(c, "payer"), "通知日期", day.buf, NULL };
		pdf_fields(d, 2, kv);
		buf_release(&area);
		buf_release(&day);
	}
	buf_reset(&t);
	buf_addf(&t, "尊敬的%s业主：", doc_str(c, "payer"));
	pdf_text(d, 0, t.buf);
	buf_reset(&t);
	buf_addf(&t, "您好！感谢您一直以来对我们工作的理解和支持。您名下位于%s的房屋%s以下物业服务等费用已出账，请按期缴纳：",
		 doc_str(issuer, "project"), doc_str(c, "unit_label"));
	pdf_text(d, PDF_INDENT, t.buf);

	for (int k = 0; k < 7; k++)
		buf_init(&cells[k]);
	pdf_table(d, cols, 7);
	json_array_foreach(json_object_get(c, "bills"), i, b) {
		for (int k = 0; k < 7; k++)
			buf_reset(&cells[k]);
		buf_adds(&cells[0], doc_str(b, "item"));
		buf_adds(&cells[1], doc_str(b, "period"));
		buf_adds(&cells[2], doc_str(b, "explain"));
		buf_adds(&cells[3], doc_str(b, "due"));
		if (doc_int(b, "overdue_days") > 0)
			buf_addf(&cells[3], "\n逾期%lld天", doc_int(b, "overdue_days"));
		buf_add_yuan(&cells[4], doc_int(b, "amount_fen"));
		buf_add_yuan(&cells[5], doc_int(b, "paid_fen"));
		buf_add_yuan(&cells[6], doc_int(b, "open_fen"));
		for (int k = 0; k < 7; k++)
			row[k] = cells[k].buf;
		pdf_row(d, 0, row);
	}
	for (int k = 0; k < 7; k++) {
		buf_reset(&cells[k]);
		row[k] = "";
	}
	row[0] = "合计";
	buf_add_yuan(&cells[6], total);
	row[6] = cells[6].buf;
	pdf_row(d, PDF_BOLD, row);
	for (int k = 0; k < 7; k++)
		buf_release(&cells[k]);

	buf_reset(&t);
	buf_adds(&t, "应缴合计：");
	buf_add_yuan(&t, total);
	buf_adds(&t, "（人民币");
	buf_add_yuan_capital(&t, total);
	buf_adds(&t, "）");
	pdf_text(d, PDF_BOLD, t.buf);
	buf_reset(&t);
	if (json_is_string(json_object_get(c, "pay_by"))) {
		buf_adds(&t, "请于");
		doc_add_date(&t, doc_str(c, "pay_by"));
		buf_adds(&t, "前缴纳。");
	} else {
		buf_adds(&t, "以上费用均已到缴费日期，请尽快缴纳。");
	}
	if (doc_int(c, "late_fee_fen") > 0) {
		buf_adds(&t, "按物业服务合同约定，逾期部分截至通知日已计违约金");
		buf_add_yuan(&t, doc_int(c, "late_fee_fen"));
		buf_adds(&t, "，按时缴纳即不再增加。");
	}
	if (doc_int(c, "prepaid_fen") > 0) {
		buf_adds(&t, "您的预存余额为");
		buf_add_yuan(&t, doc_int(c, "prepaid_fen"));
		buf_adds(&t, "，将自动抵扣以后的账单。");
	}
	pdf_text(d, PDF_INDENT, t.buf);

	pdf_text(d, PDF_INDENT, "缴费方式：（一）到物业服务中心收费窗口缴纳（现金、银行卡）；（二）银行转账或银行代扣；"
				"（三）微信支付、支付宝；（四）扫描下方二维码在线缴纳。缴费后请索取收据。");
	buf_reset(&t);
	buf_adds(&t, "如对费用有疑问，请与物业服务中心联系");
	if (*doc_str(issuer, "phone"))
		buf_addf(&t, "（电话：%s）", doc_str(issuer, "phone"));
	buf_adds(&t, "，我们将为您逐项说明。感谢您的理解与支持！");
	pdf_text(d, PDF_INDENT, t.buf);
	doc_pay_qr(d, doc_str(c, "pay_link"), doc_str(issuer, "issuer"), doc_str(c, "day"), 0);
	pdf_doc_end(d);
	buf_release(&t);
	buf_release(&ref);
}
