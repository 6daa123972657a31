/* weekly.c: the weekly review (周例会讲评): people and groups ranked by this month's
 * collection rate, with bar charts of the rate and of the arrears recovered in the week,
 * and the table of every figure with last week's beside it.
 *
 * pdf.h lays out blocks of text and tables and has no drawing hook of its own, so the
 * bars are drawn by pango on the document's cairo surface: a run with a background
 * colour whose width is set exactly by its letter spacing (in 1/1024 pt), one run per
 * bar, all starting at the same left edge. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "doc/doc.h"

#define BAR_WIDTH 300.0 /* points for the longest bar */

static const char *const colours[] = { "#2f6fb0", "#e08a2e" };

/* One bar of `width` points and its label: "▇▇▇▇ label". */
static void bar(struct pdf_doc *d, double width, int colour, const char *label)
{
	struct buf m = BUF_INIT;
	/* a hair space (U+200A) widened to the bar's length; its background is the bar */
	long spacing = lround(width * 1024.0);
	if (width > 0.5)
		buf_addf(&m, "<span background=\"%s\" foreground=\"%s\" letter_spacing=\"%ld\">\xe2\x80\x8a</span>  ",
			 colours[colour], colours[colour], spacing);
	pdf_escape(&m, label);
	pdf_markup(d, PDF_SANS | PDF_SMALL, m.buf);
	buf_release(&m);
}

static void add_pct(struct buf *b, json_t *v)
{
	if (json_is_number(v))
		buf_addf(b, "%.2f%%", json_number_value(v));
	else
		buf_adds(b, "—");
}

static void add_change(struct buf *b, json_t *v)
{
	if (json_is_number(v))
		buf_addf(b, "%+.2f", json_number_value(v));
	else
		buf_adds(b, "—");
}

static const char *who(json_t *r, struct buf *b)
{
	buf_reset(b);
	buf_adds(b, *doc_str(r, "name") ? doc_str(r, "name") : doc_str(r, "key"));
	return b->buf;
}

/* The charts and table of one kind of rows: "person" or "group". */
static void section(struct pdf_doc *d, json_t *rows, const char *kind, const char *title)
{
	static const struct pdf_col cols[] = {
		{ "名次", 1, PDF_CENTER },     { "上周", 1, PDF_CENTER },         { "姓名/小组", 3, PDF_LEFT },
		{ "收缴率", 2, PDF_RIGHT },    { "较上周", 2, PDF_RIGHT },        { "本周清欠", 2.4, PDF_RIGHT },
		{ "上周清欠", 2.4, PDF_RIGHT }, { "本周联系", 1.6, PDF_RIGHT },  { "兑现承诺", 1.6, PDF_RIGHT },
	};
	struct buf t = BUF_INIT, name = BUF_INIT, c[9];
	long long max_recovered = 0;
	json_t *r;
	size_t i;
	int any = 0;

	json_array_foreach(rows, i, r)
		if (!strcmp(doc_str(r, "kind"), kind)) {
			any = 1;
			if (doc_int(r, "recovered_fen") > max_recovered)
				max_recovered = doc_int(r, "recovered_fen");
		}
	pdf_heading(d, title);
	if (!any) {
		pdf_text(d, 0, "（无）");
		return;
	}
	/* the rate of each, on a scale of 0 to 100% */
	pdf_text(d, PDF_SANS | PDF_BOLD, "本月当期收缴率");
	json_array_foreach(rows, i, r) {
		if (strcmp(doc_str(r, "kind"), kind))
			continue;
		json_t *rate = json_object_get(r, "rate_pct");
		buf_reset(&t);
		buf_addf(&t, "%s  ", who(r, &name));
		add_pct(&t, rate);
		buf_adds(&t, "（较上周 ");
		add_change(&t, json_object_get(r, "rate_change_pct"));
		buf_adds(&t, "）");
		bar(d, json_is_number(rate) ? BAR_WIDTH * json_number_value(rate) / 100.0 : 0, 0, t.buf);
	}
	pdf_space(d, 3);
	/* the arrears each recovered this week, on a scale of the largest */
	pdf_text(d, PDF_SANS | PDF_BOLD, "本周清欠金额");
	json_array_foreach(rows, i, r) {
		if (strcmp(doc_str(r, "kind"), kind))
			continue;
		long long v = doc_int(r, "recovered_fen");
		buf_reset(&t);
		buf_addf(&t, "%s  ", who(r, &name));
		buf_add_yuan(&t, v);
		bar(d, max_recovered ? BAR_WIDTH * (double)v / (double)max_recovered : 0, 1, t.buf);
	}
	pdf_space(d, 3);
	pdf_table(d, cols, 9);
	for (int k = 0; k < 9; k++)
		buf_init(&c[k]);
	json_array_foreach(rows, i, r) {
		const char *cells[9];
		if (strcmp(doc_str(r, "kind"), kind))
			continue;
		for (int k = 0; k < 9; k++)
			buf_reset(&c[k]);
		if (doc_int(r, "rank"))
			buf_addf(&c[0], "%lld", doc_int(r, "rank"));
		else
			buf_adds(&c[0], "—");
		if (doc_int(r, "rank_before"))
			buf_addf(&c[1], "%lld", doc_int(r, "rank_before"));
		else
			buf_adds(&c[1], "—");
		buf_adds(&c[2], who(r, &name));
		add_pct(&c[3], json_object_get(r, "rate_pct"));
		add_change(&c[4], json_object_get(r, "rate_change_pct"));
		buf_add_yuan(&c[5], doc_int(r, "recovered_fen"));
		buf_add_yuan(&c[6], doc_int(r, "recovered_before_fen"));
		buf_addf(&c[7], "%lld", doc_int(r, "contacts"));
		buf_addf(&c[8], "%lld", doc_int(r, "promises_kept"));
		for (int k = 0; k < 9; k++)
			cells[k] = c[k].buf;
		pdf_row(d, 0, cells);
	}
	for (int k = 0; k < 9; k++)
		buf_release(&c[k]);
	buf_release(&t);
	buf_release(&name);
}

void doc_weekly_review(struct pdf *p, json_t *c)
{
	struct pdf_head head;
	struct pdf_doc *d;
	struct buf t = BUF_INIT, ref = BUF_INIT;
	json_t *rows = json_object_get(c, "rows");

	doc_head(c, &head);
	buf_addf(&ref, "周例会讲评 %s", doc_str(c, "day"));
	d = pdf_doc_begin(p, &head, ref.buf);
	pdf_title(d, "收费工作周例会讲评");
	buf_adds(&t, "本周：");
	doc_add_date(&t, doc_str(c, "week_from"));
	buf_adds(&t, "至");
	doc_add_date(&t, doc_str(c, "day"));
	buf_addf(&t, "。收缴率为 %s 月当期收缴率（按金额，截至当日）；清欠为本周到账、本周以前已到期账单的金额。",
		 doc_str(c, "period"));
	pdf_text(d, PDF_SMALL, t.buf);
	section(d, rows, "person", "一、个人排名");
	section(d, rows, "group", "二、小组排名");
	pdf_space(d, 4);
	pdf_text(d, PDF_SMALL, "口径见《指标定义》（docs/figures.md）：冲正的收款视为从未发生；预缴以后期间的款项在账单到期日计入。");
	pdf_doc_end(d);
	buf_release(&t);
	buf_release(&ref);
}
