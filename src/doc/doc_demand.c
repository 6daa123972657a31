/* doc_demand.c: the written demand (催缴通知书) with its tear-off delivery receipt
 * (送达回执).  It is the demand with a reasonable deadline that 民法典 第944条 puts
 * before a lawsuit: the arrears bill by bill with their overdue days, the late fee the
 * contract sets, the deadline, and the next step stated plainly.  The receipt stub below
 * the cut line carries the case number and blanks for who signed and when. */
#include "doc/doc.h"

#include <stdio.h>

#include "base/money.h"

/* Shared with the lawyer letter: the arrears sentence. */
static void arrears_sentence(struct buf *t, json_t *c, const char *lead)
{
	json_t *labels = json_object_get(c, "unit_labels"), *l;
	size_t i;

	buf_adds(t, lead);
	buf_adds(t, "截至");
	doc_add_date(t, doc_str(c, "day"));
	buf_addf(t, "，您名下位于%s的房屋", doc_str(json_object_get(c, "issuer"), "project"));
	json_array_foreach(labels, i, l)
		buf_addf(t, "%s%s", i ? "、" : "", json_string_value(l));
	buf_adds(t, "尚欠物业服务费等费用共计");
	buf_add_yuan(t, doc_int(c, "overdue_fen"));
	buf_adds(t, "（人民币");
	buf_add_yuan_capital(t, doc_int(c, "overdue_fen"));
	buf_adds(t, "），其中最早一笔应缴日期为");
	doc_add_date(t, doc_str(c, "oldest_due"));
	buf_addf(t, "，已逾期%lld天。欠费明细如下：", doc_int(c, "overdue_days"));
}

static void late_fee_sentence(struct buf *t, json_t *c)
{
	json_t *terms = json_object_get(c, "late_terms");

	if (!json_is_object(terms))
		return;
	buf_adds(t, "根据物业服务合同的约定，逾期未缴的费用");
	if (doc_int(terms, "grace_days") > 0)
		buf_addf(t, "自应缴日期起宽限%lld天，此后", doc_int(terms, "grace_days"));
	buf_adds(t, "按日");
	doc_add_daily_rate(t, doc_int(terms, "daily_ppm"));
	buf_addf(t, "计收违约金，以欠费本金的%lld%%为限。截至本通知日，上述欠费已计违约金", doc_int(terms, "cap_pct"));
	buf_add_yuan(t, doc_int(c, "late_fee_fen"));
	buf_adds(t, "。");
}

static const char art944[] =
	"根据《中华人民共和国民法典》第九百四十四条的规定，业主应当按照约定向物业服务人支付物业费；"
	"业主违反约定逾期不支付物业费的，物业服务人可以催告其在合理期限内支付；合理期限届满仍不支付的，"
	"物业服务人可以提起诉讼或者申请仲裁。";

void doc_demand(struct pdf *p, json_t *c)
{
	struct pdf_head head;
	struct pdf_doc *d;
	struct buf t = BUF_INIT, ref = BUF_INIT, a = BUF_INIT, dl = BUF_INIT, units = BUF_INIT;
	json_t *issuer = json_object_get(c, "issuer"), *l;
	long long case_id = doc_int(c, "case_id");
	size_t i;

	doc_head(c, &head);
	if (case_id)
		buf_addf(&ref, "催缴通知书 案件编号 %lld", case_id);
	else
		buf_adds(&ref, "催缴通知书");
	d = pdf_doc_begin(p, &head, ref.buf);
	pdf_title(d, "物业服务费催缴通知书");
	if (case_id)
		buf_addf(&t, "案件编号：%lld", case_id);
	else
		buf_adds(&t, "案件编号：________");
	pdf_text(d, PDF_RIGHT | PDF_SMALL, t.buf);
	buf_reset(&t);
	buf_addf(&t, "尊敬的%s业主：", doc_str(c, "payer"));
	pdf_text(d, 0, t.buf);
	buf_reset(&t);
	arrears_sentence(&t, c, "");
	pdf_text(d, PDF_INDENT, t.buf);
	doc_arrears_table(d, c);

	buf_reset(&t);
	late_fee_sentence(&t, c);
	if (t.len)
		pdf_text(d, PDF_INDENT, t.buf);
	pdf_text(d, PDF_INDENT, art944);
	doc_add_date(&dl, doc_str(c, "deadline"));
	buf_reset(&t);
	buf_addf(&t, "现书面催告您于%s前（%lld日内）缴清上述欠费。逾期仍未缴纳的，我们将依照上述规定向人民法院提起诉讼或申请仲裁，"
		     "依法追索欠费%s。",
		 dl.buf, doc_int(c, "deadline_days"), json_is_object(json_object_get(c, "late_terms")) ? "及违约金" : "");
	pdf_text(d, PDF_INDENT | PDF_BOLD, t.buf);
	buf_reset(&t);
	buf_adds(&t, "如您对欠费金额有异议，或因物业服务问题未缴费，请在上述期限内与物业服务中心联系");
	if (*doc_str(issuer, "phone"))
		buf_addf(&t, "（电话：%s）", doc_str(issuer, "phone"));
	buf_adds(&t, "，我们将及时核实处理。如您已缴纳，请忽略本通知。");
	pdf_text(d, PDF_INDENT, t.buf);
	doc_pay_qr(d, doc_str(c, "pay_link"), doc_str(issuer, "issuer"), doc_str(c, "day"), 1);

	/* the delivery receipt: the stub the deliverer brings back signed (proof of delivery) */
	json_array_foreach(json_object_get(c, "unit_labels"), i, l)
		buf_addf(&units, "%s%s", i ? "、" : "", json_string_value(l));
	buf_add_yuan(&a, doc_int(c, "overdue_fen"));
	buf_reset(&t);
	if (case_id)
		buf_addf(&t, "%lld", case_id);
	pdf_keep_bottom(d);
	pdf_space(d, 3);
	pdf_cut(d, "（沿虚线剪开，下联由送达人交回物业服务中心存档）");
	pdf_text(d, PDF_CENTER | PDF_SANS | PDF_LARGE | PDF_BOLD, "送达回执");
	{
		const char *kv[] = { "案件编号", case_id ? t.buf : "________", "受送达人", doc_str(c, "payer"),
				     "房屋", units.buf, "送达文书", "物业服务费催缴通知书",
				     "欠费金额", a.buf, "缴费期限", dl.buf, NULL };
		pdf_fields(d, 2, kv);
	}
	pdf_text(d, PDF_SANS, "送达方式：□直接送达　　□留置送达　　□邮寄送达");
	pdf_space(d, 1.5);
	pdf_text(d, PDF_SANS, "签收人：____________________　　　签收日期：________年____月____日");
	pdf_space(d, 1.5);
	pdf_text(d, PDF_SANS, "送达人：____________________　　　备注：____________________________");
	pdf_keep_end(d);
	pdf_doc_end(d);
	buf_release(&t);
	buf_release(&ref);
	buf_release(&a);
	buf_release(&dl);
	buf_release(&units);
}

void doc_lawyer_letter(struct pdf *p, json_t *c)
{
	struct pdf_head head = { NULL, NULL, NULL };
	struct pdf_doc *d;
	struct buf t = BUF_INIT, dl = BUF_INIT, firm = BUF_INIT, ref = BUF_INIT;
	json_t *issuer = json_object_get(c, "issuer"), *l;
	const char *law_firm = doc_str(c, "law_firm");
	size_t i;
	int y = 0, m, dd;

	/* the firm's own letterhead when it is known; else a blank the firm fills in */
	if (*law_firm) {
		head.name = law_firm;
		buf_adds(&firm, law_firm);
	} else {
		buf_adds(&firm, "____________________律师事务所");
	}
	buf_addf(&ref, "律师函 案件编号 %lld", doc_int(c, "case_id"));
	d = pdf_doc_begin(p, &head, ref.buf);
	pdf_title(d, "律师函");
	sscanf(doc_str(c, "day"), "%d-%d-%d", &y, &m, &dd);
	buf_addf(&t, "（%d）律函字第________号", y);
	pdf_text(d, PDF_RIGHT | PDF_SMALL, t.buf);
	buf_reset(&t);
	buf_addf(&t, "致：%s（房屋：", doc_str(c, "payer"));
	json_array_foreach(json_object_get(c, "unit_labels"), i, l)
		buf_addf(&t, "%s%s", i ? "、" : "", json_string_value(l));
	buf_adds(&t, "）");
	pdf_text(d, PDF_BOLD, t.buf);
	buf_reset(&t);
	buf_addf(&t, "%s（以下简称“本所”）受%s（以下简称“委托人”）的委托，就您拖欠物业服务费一事，郑重致函如下：", firm.buf,
		 doc_str(issuer, "issuer"));
	pdf_text(d, PDF_INDENT, t.buf);
	buf_reset(&t);
	arrears_sentence(&t, c, "一、");
	pdf_text(d, PDF_INDENT, t.buf);
	doc_arrears_table(d, c);
	buf_reset(&t);
	buf_adds(&t, "二、委托人此前已多次向您催缴");
	if (json_is_string(json_object_get(c, "notice_delivered"))) {
		buf_adds(&t, "，并于");
		doc_add_date(&t, doc_str(c, "notice_delivered"));
		buf_adds(&t, "向您送达了书面催缴通知书");
	}
	buf_adds(&t, "，您至今未予缴纳。");
	late_fee_sentence(&t, c);
	pdf_text(d, PDF_INDENT, t.buf);
	buf_reset(&t);
	buf_addf(&t, "三、%s", art944);
	pdf_text(d, PDF_INDENT, t.buf);
	doc_add_date(&dl, doc_str(c, "deadline"));
	buf_reset(&t);
	buf_addf(&t, "四、本所受托特此函告：请您于%s前（收到本函之日起%lld日内）缴清上述欠费%s。逾期仍未缴纳的，本所将受委托人委托，"
		     "依法向人民法院提起诉讼或申请仲裁，届时您除应支付欠费外，还可能承担依法应由您负担的违约金和诉讼费用。",
		 dl.buf, doc_int(c, "deadline_days"), json_is_object(json_object_get(c, "late_terms")) ? "及违约金" : "");
	pdf_text(d, PDF_INDENT | PDF_BOLD, t.buf);
	buf_reset(&t);
	buf_addf(&t, "如您对欠费有异议，请在上述期限内与委托人联系（%s", doc_str(issuer, "issuer"));
	if (*doc_str(issuer, "phone"))
		buf_addf(&t, "，电话：%s", doc_str(issuer, "phone"));
	buf_adds(&t, "）。缴费可至物业服务中心收费窗口，或扫描下方二维码在线缴纳。");
	pdf_text(d, PDF_INDENT, t.buf);
	pdf_text(d, PDF_INDENT, "特此函告。");
	doc_pay_qr(d, doc_str(c, "pay_link"), NULL, NULL, 0);
	pdf_keep(d);
	pdf_space(d, 4);
	pdf_text(d, PDF_RIGHT, firm.buf);
	pdf_text(d, PDF_RIGHT, "承办律师：________________");
	buf_reset(&t);
	doc_add_date(&t, doc_str(c, "day"));
	pdf_text(d, PDF_RIGHT, t.buf);
	pdf_keep_end(d);
	pdf_doc_end(d);
	buf_release(&t);
	buf_release(&dl);
	buf_release(&firm);
	buf_release(&ref);
}
