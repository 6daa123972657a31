/* payment_import.c: payments from a file (a bank's auto-debit results, a day's takings). */
#include "core/payment_import.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/xalloc.h"
#include "core/payment.h"
#include "core/unit_import.h"

enum pcol { P_BUILDING, P_ENTRANCE, P_ROOM, P_AMOUNT, P_CHANNEL, P_REF, P_DAY, P_NCOLS };

static const char *const a_building[] = { "楼栋", "楼号", NULL };
static const char *const a_entrance[] = { "单元", NULL };
static const char *const a_room[] = { "房号", "房间号", NULL };
static const char *const a_amount[] = { "金额", "实收金额", "扣款金额", NULL };
static const char *const a_channel[] = { "收款方式", "渠道", "支付方式", NULL };
static const char *const a_ref[] = { "流水号", "交易流水号", "交易号", "订单号", NULL };
static const char *const a_day[] = { "缴费日期", "日期", "交易日期", "扣款日期", NULL };

static const struct header_spec spec[P_NCOLS] = {
	[P_BUILDING] = { a_building, 1 }, [P_ENTRANCE] = { a_entrance, 0 }, [P_ROOM] = { a_room, 1 },
	[P_AMOUNT] = { a_amount, 1 }, [P_CHANNEL] = { a_channel, 0 }, [P_REF] = { a_ref, 0 }, [P_DAY] = { a_day, 0 },
};

/* Chinese channel names as files write them. */
static const char *channel_of(const char *s)
{
	static const struct { const char *word, *code; } words[] = {
		{ "现金", "cash" }, { "刷卡", "card" }, { "银行卡", "card" }, { "转账", "transfer" }, { "银行转账", "transfer" },
		{ "微信", "wechat" }, { "微信支付", "wechat" }, { "支付宝", "alipay" }, { "代扣", "autodebit" },
		{ "银行代扣", "autodebit" },
	};
	if (payment_channel_valid(s))
		return s;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(s, words[i].word))
			return words[i].code;
	return NULL;
}

struct pay_row {
	int64_t unit_id;
	int64_t amount;
	const char *channel;
	char *ref;
	int day;
	int rownum;
};

static const char *cell(const struct sheet_row *row, const struct header_map *hm, enum pcol c, struct buf *tmp)
{
	int idx = hm->col[c];
	const struct sheet_cell *x;
	int64_t v;

	if (idx < 0 || idx >= row->ncells)
		return "";
	x = &row->cells[idx];
	if (x->is_number && !x->is_date && c != P_AMOUNT && c != P_DAY && !decimal_parse_round(x->text, 0, &v)) {
		buf_setf(tmp, "%lld", (long long)v);
		return tmp->buf;
	}
	return x->text;
}

static void row_error(struct buf *err, int *n, const struct sheet_row *row, const struct header_map *hm, enum pcol c,
		      const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void row_error(struct buf *err, int *n, const struct sheet_row *row, const struct header_map *hm, enum pcol c,
		      const char *fmt, ...)
{
	va_list ap;

	if (err->len)
		buf_addch(err, '\n');
	buf_addf(err, "row %d, column %s: ", row->rownum, hm->name[c] ? hm->name[c] : spec[c].aliases[0]);
	va_start(ap, fmt);
	buf_vaddf(err, fmt, ap);
	va_end(ap);
	(*n)++;
}

int payment_import(struct db *db, int64_t project_id, const struct sheet *sheet, const char *default_channel,
		   int today, int64_t staff_id, int dry_run, struct payment_import_result *res, struct buf *err)
{
	struct header_map hm = { 0 };
	struct pay_row *rows = NULL;
	size_t nrows = 0, alloc = 0;
	struct db_stmt *find = NULL;
	struct buf tmp = BUF_INIT, a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
	int nerr = 0, rc = -1;

	memset(res, 0, sizeof(*res));
	buf_reset(err);
	if (!sheet->nr) {
		error(err, _("the file is empty"));
		goto out;
	}
	if (import_find_header(sheet, spec, P_NCOLS, &hm, err) < 0 ||
	    db_prepare(db, &find, "SELECT u.id FROM building b JOIN unit u ON u.building_id = b.id "
		       "WHERE b.project_id = ? AND b.code = ? AND u.entrance = ? AND u.room = ?", err) < 0)
		goto out;
	/* every row is checked before anything is posted */
	for (size_t r = (size_t)hm.row + 1; r < sheet->nr; r++) {
		const struct sheet_row *row = &sheet->rows[r];
		struct pay_row p = { 0 };
		const char *s;
		int before = nerr;

		p.rownum = row->rownum;
		p.day = today;
		buf_setf(&a, "%s", cell(row, &hm, P_BUILDING, &tmp));
		buf_setf(&b, "%s", cell(row, &hm, P_ENTRANCE, &tmp));
		buf_setf(&c, "%s", cell(row, &hm, P_ROOM, &tmp));
		db_reset(find);
		db_bind_int64(find, 1, project_id);
		db_bind_text(find, 2, a.buf);
		db_bind_text(find, 3, b.buf);
		db_bind_text(find, 4, c.buf);
		if (db_step(find, err) == 1)
			p.unit_id = db_col_int64(find, 0);
		db_reset(find);
		if (!p.unit_id)
			row_error(err, &nerr, row, &hm, P_ROOM, _("no unit %s-%s-%s in this project"), a.buf, b.buf, c.buf);
		s = cell(row, &hm, P_AMOUNT, &tmp);
		if ((hm.col[P_AMOUNT] < row->ncells && row->cells[hm.col[P_AMOUNT]].is_number
			     ? decimal_parse_round(s, 2, &p.amount) : money_parse(s, &p.amount)) < 0 || p.amount <= 0)
			row_error(err, &nerr, row, &hm, P_AMOUNT, _("'%s' is not an amount in yuan above 0 (e.g. 165.70)"), s);
		s = cell(row, &hm, P_CHANNEL, &tmp);
		p.channel = *s ? channel_of(s) : default_channel;
		if (!p.channel)
			row_error(err, &nerr, row, &hm, P_CHANNEL, *s ? _("unknown channel '%s' (expected cash, card, transfer, wechat, alipay or autodebit)")
								      : _("no channel%s: give one in the file or with --channel"), s);
		s = cell(row, &hm, P_REF, &tmp);
		p.ref = *s ? xstrdup(s) : NULL;
		if (hm.col[P_DAY] >= 0 && hm.col[P_DAY] < row->ncells && row->cells[hm.col[P_DAY]].text[0]) {
			if (import_cell_date(&row->cells[hm.col[P_DAY]], &p.day) < 0)
				row_error(err, &nerr, row, &hm, P_DAY, _("'%s' is not a date (e.g. 2020-05-01)"),
					  row->cells[hm.col[P_DAY]].text);
			else if (p.day > today)
				row_error(err, &nerr, row, &hm, P_DAY, _("'%s' is after the business date"),
					  row->cells[hm.col[P_DAY]].text);
		}
		if (nerr != before) {
			free(p.ref);
			continue;
		}
		XGROW(rows, alloc, nrows + 1);
		rows[nrows++] = p;
	}
	if (nerr)
		goto out;
	if (dry_run) {
		for (size_t i = 0; i < nrows; i++) {
			int seen = rows[i].ref ? db_run(db, NULL, err, "SELECT 1 FROM payment WHERE ref = ?", "t", rows[i].ref) : 0;
			if (seen < 0)
				goto out;
			if (seen)
				res->duplicates++;
			else {
				res->posted++;
				res->amount += rows[i].amount;
			}
		}
		rc = 0;
		goto out;
	}
	/* each payment in its own durable transaction: what was acknowledged stays even if
	 * the run stops half way, and running the file again posts each ref once */
	for (size_t i = 0; i < nrows; i++) {
		struct pay_request req = { 0 };
		struct pay_result pr;
		req.unit_id = rows[i].unit_id;
		req.amount = rows[i].amount;
		req.channel = rows[i].channel;
		req.ref = rows[i].ref;
		req.day = rows[i].day;
		req.staff_id = staff_id;
		if (pay_post(db, &req, &pr, &tmp) < 0) {
			error(err, "row %d: %s", rows[i].rownum, tmp.buf);
			goto out;
		}
		if (pr.duplicate)
			res->duplicates++;
		else {
			res->posted++;
			res->amount += rows[i].amount;
		}
	}
	rc = 0;
out:
	db_finalize(find);
	for (size_t i = 0; i < nrows; i++)
		free(rows[i].ref);
	free(rows);
	import_header_release(&hm);
	buf_release(&tmp);
	buf_release(&a);
	buf_release(&b);
	buf_release(&c);
	return rc;
}
