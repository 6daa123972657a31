/* doc.c: the table of document kinds, writing a batch into one file, shared pieces. */
#include "doc/doc.h"

#include <string.h>

#include "base/money.h"

const struct doc_kind doc_kinds[] = {
	{ "payment-notice", "缴费通知单", doc_payment_notice },
	{ "demand", "催缴通知书", doc_demand },
	{ "lawyer-letter", "律师函", doc_lawyer_letter },
	{ "receipt", "收据", doc_receipt },
	{ "statement", "对账单", doc_statement },
	{ "public-notice", "公示", doc_public_notice },
	{ "weekly-review", "周例会讲评", doc_weekly_review },
	{ NULL, NULL, NULL },
};

const struct doc_kind *doc_kind_find(const char *name)
{
	for (const struct doc_kind *k = doc_kinds; k->name; k++)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}

int doc_write(const char *path, const struct doc_kind *k, json_t *list, int day, int *pages, struct buf *err)
{
	struct pdf *p = pdf_open(path, k->title, day, err);
	json_t *c;
	size_t i;
	int n;

	if (!p)
		return -1;
	json_array_foreach(list, i, c)
		k->render(p, c);
	n = pdf_pages(p);
	if (pdf_close(p, err) < 0)
		return -1;
	if (pages)
		*pages = n;
	return 0;
}

const char *doc_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

long long doc_int(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

void doc_head(json_t *c, struct pdf_head *h)
{
	json_t *issuer = json_object_get(c, "issuer");

	h->name = doc_str(issuer, "issuer");
	h->address = doc_str(issuer, "address");
	h->phone = doc_str(issuer, "phone");
}

void doc_add_date(struct buf *out, const char *iso)
{
	int y, m, d;

	if (iso && sscanf(iso, "%d-%d-%d", &y, &m, &d) == 3)
		buf_addf(out, "%d年%d月%d日", y, m, d);
	else if (iso)
		buf_adds(out, iso);
}

void doc_add_daily_rate(struct buf *out, long long ppm)
{
	static const char *const digits[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };

	/* courts and contracts say 万分之三; other rates as a percentage */
	if (ppm > 0 && ppm <= 1000 && ppm % 100 == 0) {
		buf_addf(out, "万分之%s", digits[ppm / 100]);
	} else if (ppm > 0 && ppm < 1000 && ppm % 10 == 0 && (ppm / 100) >= 1) {
		buf_addf(out, "万分之%s点%s", digits[ppm / 100], digits[(ppm / 10) % 10]);
	} else {
		buf_add_decimal_trim(out, ppm, 4, 0);
		buf_addch(out, '%');
	}
}

void doc_signature(struct pdf_doc *d, const char *who, const char *iso_day, int seal)
{
	struct buf b = BUF_INIT;

	pdf_keep(d);
	pdf_space(d, 4);
	buf_addf(&b, "%s%s", who, seal ? "（盖章）" : "");
	pdf_text(d, PDF_RIGHT, b.buf);
	buf_reset(&b);
	doc_add_date(&b, iso_day);
	pdf_text(d, PDF_RIGHT, b.buf);
	pdf_keep_end(d);
	buf_release(&b);
}

void doc_pay_qr(struct pdf_doc *d, const char *link, const char *sign, const char *iso_day, int seal)
{
	struct buf cap = BUF_INIT, side = BUF_INIT;

	buf_adds(&cap, "<b>扫码缴费</b>\n请用微信或支付宝扫描左侧二维码，核对房屋和金额后在线支付，支付成功即时入账。"
		       "也可到物业服务中心收费窗口（现金、银行卡）或通过银行转账缴纳。\n<span size=\"small\">");
	pdf_escape(&cap, link);
	buf_adds(&cap, "</span>");
	if (sign) {
		buf_addf(&side, "%s%s\n", sign, seal ? "（盖章）" : "");
		doc_add_date(&side, iso_day);
	}
	pdf_qr(d, link, cap.buf, sign ? side.buf : NULL);
	buf_release(&cap);
	buf_release(&side);
}

void doc_arrears_table(struct pdf_doc *d, json_t *c)
{
	int late = !json_is_null(json_object_get(c, "late_terms")) || doc_int(c, "late_fee_fen") > 0;
	const struct pdf_col cols[] = {
		{ "房屋", 2.2, PDF_LEFT }, { "收费项目", 1.6, PDF_LEFT }, { "所属期间", 1.5, PDF_CENTER },
		{ "应缴日期", 1.6, PDF_CENTER }, { "逾期天数", 1.1, PDF_RIGHT }, { "欠费金额", 1.6, PDF_RIGHT },
		{ "违约金", 1.4, PDF_RIGHT },
	};
	struct buf cells[7];
	const char *row[7];
	json_t *b;
	size_t i;

	for (int k = 0; k < 7; k++)
		buf_init(&cells[k]);
	pdf_table(d, cols, late ? 7 : 6);
	json_array_foreach(json_object_get(c, "bills"), i, b) {
		for (int k = 0; k < 7; k++)
			buf_reset(&cells[k]);
		buf_adds(&cells[0], doc_str(b, "unit_label"));
		buf_adds(&cells[1], doc_str(b, "item"));
		buf_adds(&cells[2], doc_str(b, "period"));
		buf_adds(&cells[3], doc_str(b, "due"));
		buf_addf(&cells[4], "%lld", doc_int(b, "overdue_days"));
		buf_add_yuan(&cells[5], doc_int(b, "open_fen"));
		buf_add_yuan(&cells[6], doc_int(b, "late_fee_fen"));
		for (int k = 0; k < 7; k++)
			row[k] = cells[k].buf;
		pdf_row(d, 0, row);
	}
	for (int k = 0; k < 7; k++) {
		buf_reset(&cells[k]);
		row[k] = "";
	}
	row[0] = "合计";
	buf_add_yuan(&cells[5], doc_int(c, "overdue_fen"));
	buf_add_yuan(&cells[6], doc_int(c, "late_fee_fen"));
	row[5] = cells[5].buf;
	row[6] = cells[6].buf;
	pdf_row(d, PDF_BOLD, row);
	for (int k = 0; k < 7; k++)
		buf_release(&cells[k]);
}
