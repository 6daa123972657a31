/* doc_public.c: the public notice (公示) of units in arrears: building, entrance, room
 * and amount only.  Publishing owners' names or phones is an infringement
 * (个人信息保护法 第25条), so the content carries none and the wording stays neutral. */
#include "doc/doc.h"

#include "base/money.h"

void doc_public_notice(struct pdf *p, json_t *c)
{
	static const struct pdf_col cols[] = {
		{ "序号", 0.8, PDF_CENTER }, { "楼栋", 1.2, PDF_CENTER }, { "单元", 1.0, PDF_CENTER },
		{ "房号", 1.2, PDF_CENTER }, { "欠费金额", 1.8, PDF_RIGHT }, { "最早应缴日期", 1.8, PDF_CENTER },
	};
	struct pdf_head head;
	struct pdf_doc *d;
	struct buf t = BUF_INIT, n = BUF_INIT, amount = BUF_INIT;
	json_t *u, *issuer = json_object_get(c, "issuer");
	const char *row[6];
	size_t i;

	doc_head(c, &head);
	d = pdf_doc_begin(p, &head, "公示");
	pdf_title(d, "关于物业服务费缴纳情况的公示");
	buf_adds(&t, "截至");
	doc_add_date(&t, doc_str(c, "day"));
	buf_addf(&t, "，本小区下列房屋的物业服务费逾期%lld天以上尚未缴纳。物业服务费用于小区公共设施设备的维护、保洁、秩序维护和绿化等，"
		     "请相关业主尽快到物业服务中心或通过线上缴费平台缴纳。如已缴纳或对金额有疑问，请与物业服务中心联系",
		 doc_int(c, "min_days"));
	if (*doc_str(issuer, "phone"))
		buf_addf(&t, "（电话：%s）", doc_str(issuer, "phone"));
	buf_adds(&t, "核实。感谢广大业主的理解与支持！");
	pdf_text(d, PDF_INDENT, t.buf);
	pdf_table(d, cols, 6);
	json_array_foreach(json_object_get(c, "units"), i, u) {
		buf_reset(&n);
		buf_addf(&n, "%zu", i + 1);
		buf_reset(&amount);
		buf_add_yuan(&amount, doc_int(u, "overdue_fen"));
		row[0] = n.buf;
		row[1] = doc_str(u, "building");
		row[2] = doc_str(u, "entrance");
		row[3] = doc_str(u, "room");
		row[4] = amount.buf;
		row[5] = doc_str(u, "oldest_due");
		pdf_row(d, 0, row);
	}
	buf_reset(&n);
	buf_addf(&n, "合计 %lld 户", doc_int(c, "count"));
	buf_reset(&amount);
	buf_add_yuan(&amount, doc_int(c, "total_fen"));
	row[0] = n.buf;
	row[1] = row[2] = row[3] = row[5] = "";
	row[4] = amount.buf;
	pdf_row(d, PDF_BOLD, row);
	pdf_text(d, PDF_SMALL, "本公示仅列房号和欠费金额，不含业主姓名、电话等个人信息；公示内容经物业服务中心负责人审批。");
	doc_signature(d, doc_str(issuer, "issuer"), doc_str(c, "day"), 1);
	pdf_doc_end(d);
	buf_release(&t);
	buf_release(&n);
	buf_release(&amount);
}
