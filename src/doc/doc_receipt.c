/* doc_receipt.c: the receipt of a payment (收款收据): what it paid, the amount in figures
 * and in capitals (大写), and, for a reversed payment, the reversal marked plainly. */
#include "doc/doc.h"

#include "base/money.h"

void doc_receipt(struct pdf *p, json_t *c)
{
	static const struct pdf_col cols[] = {
		{ "收费项目", 3, PDF_LEFT }, { "所属期间", 2, PDF_CENTER }, { "金额", 2, PDF_RIGHT },
	};
	struct pdf_head head;
	struct pdf_doc *d;
	struct buf t = BUF_INIT, amount = BUF_INIT, day = BUF_INIT, ref = BUF_INIT;
	json_t *line, *rev = json_object_get(c, "reversal"), *issuer = json_object_get(c, "issuer");
	long long total = doc_int(c, "amount_fen");
	const char *row[3];
	size_t i;

	doc_head(c, &head);
	buf_addf(&ref, "收据 %s", doc_str(c, "receipt"));
	d = pdf_doc_begin(p, &head, ref.buf);
	pdf_title(d, "收款收据");
	if (json_is_object(rev)) {
		buf_adds(&t, "【已冲正，本收据作废】冲正日期：");
		doc_add_date(&t, doc_str(rev, "day"));
		buf_addf(&t, "　原因：%s", doc_str(rev, "reason"));
		pdf_text(d, PDF_CENTER | PDF_BOLD | PDF_RED, t.buf);
	}
	doc_add_date(&day, doc_str(c, "day"));
	{
		const char *kv[] = { "收据编号", doc_str(c, "receipt"), "收款日期", day.buf, "房屋", doc_str(c, "unit"),
				     "缴款人", doc_str(c, "payer"), "收款方式", doc_str(c, "channel_label"),
				     "收款人", *doc_str(c, "cashier") ? doc_str(c, "cashier") : "—", NULL };
		pdf_fields(d, 2, kv);
	}
	pdf_table(d, cols, 3);
	json_array_foreach(json_object_get(c, "lines"), i, line) {
		buf_reset(&amount);
		buf_add_yuan(&amount, doc_int(line, "amount_fen"));
		row[0] = doc_str(line, "item");
		row[1] = doc_str(line, "period");
		row[2] = amount.buf;
		pdf_row(d, 0, row);
	}
	if (doc_int(c, "prepaid_fen") > 0) {
		buf_reset(&amount);
		buf_add_yuan(&amount, doc_int(c, "prepaid_fen"));
		row[0] = "预存款（抵扣以后的账单）";
		row[1] = "";
		row[2] = amount.buf;
		pdf_row(d, 0, row);
	}
	buf_reset(&amount);
	buf_add_yuan(&amount, total);
	row[0] = "合计";
	row[1] = "";
	row[2] = amount.buf;
	pdf_row(d, PDF_BOLD, row);
	buf_reset(&t);
	buf_adds(&t, "金额（大写）：人民币");
	buf_add_yuan_capital(&t, total);
	buf_adds(&t, "　　（小写）：");
	buf_add_yuan(&t, total);
	pdf_text(d, PDF_BOLD, t.buf);
	if (doc_int(c, "discount_fen") > 0) {
		buf_reset(&t);
		buf_adds(&t, "另按优惠活动减免");
		buf_add_yuan(&t, doc_int(c, "discount_fen"));
		buf_adds(&t, "（不计入实收金额）。");
		pdf_text(d, 0, t.buf);
	}
	buf_reset(&t);
	buf_addf(&t, "收款单位（盖章）：%s", doc_str(issuer, "issuer"));
	pdf_space(d, 6);
	pdf_text(d, 0, t.buf);
	pdf_text(d, PDF_SMALL, "本收据为缴费凭证，请妥善保管。收据编号连续，如有疑问请凭编号到物业服务中心查询。");
	pdf_doc_end(d);
	buf_release(&t);
	buf_release(&amount);
	buf_release(&day);
	buf_release(&ref);
}
