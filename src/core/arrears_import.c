/* arrears_import.c: opening arrears (期初欠费) from a spreadsheet, as ordinary bills. */
#include "core/arrears_import.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/hashmap.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/fees.h"
#include "core/ledger.h"
#include "core/project.h"
#include "core/unit_import.h"

enum acol { A_BUILDING, A_ENTRANCE, A_ROOM, A_ITEM, A_PERIOD, A_AMOUNT, A_DUE, A_NCOLS };

static const char *const a_building[] = { "楼栋", "楼号", "楼栋号", "栋号", NULL };
static const char *const a_entrance[] = { "单元", "单元号", NULL };
static const char *const a_room[] = { "房号", "房间号", "室号", NULL };
static const char *const a_item[] = { "收费项目", "项目", "费用名称", NULL };
static const char *const a_period[] = { "所属期间", "期间", "所属期", "费用期间", NULL };
static const char *const a_amount[] = { "金额", "欠费金额", "应收金额", NULL };
static const char *const a_due[] = { "应缴日期", "缴费期限", "应收日期", NULL };

static const struct header_spec spec[A_NCOLS] = {
	[A_BUILDING] = { a_building, 1 }, [A_ENTRANCE] = { a_entrance, 0 }, [A_ROOM] = { a_room, 1 },
	[A_ITEM] = { a_item, 1 }, [A_PERIOD] = { a_period, 1 }, [A_AMOUNT] = { a_amount, 1 }, [A_DUE] = { a_due, 1 },
};

struct arrear {
	int64_t unit_id, payer_id, item_id;
	char *item, *period;
	int start, end, due;
	int64_t amount;
	int rownum;
};

/* "2025-01", "2025-01~2025-12", "2025-Q3", "2025": first and last day. */
static int parse_span(const char *s, int *start, int *end)
{
	const char *tilde = strstr(s, "~");
	struct period a, b;
	char first[16];

	if (!tilde)
		tilde = strstr(s, "～"); /* full-width */
	if (!tilde) {
		if (period_parse(s, &a) < 0)
			return -1;
		*start = period_first_day(&a);
		*end = period_last_day(&a);
		return 0;
	}
	if ((size_t)(tilde - s) >= sizeof(first))
		return -1;
	memcpy(first, s, (size_t)(tilde - s));
	first[tilde - s] = '\0';
	if (period_parse(str_trim(first), &a) < 0)
		return -1;
	{
		char *second = xstrdup(tilde + (tilde[0] == '~' ? 1 : 3));
		int rc = period_parse(str_trim(second), &b);
		free(second);
		if (rc < 0)
			return -1;
	}
	*start = period_first_day(&a);
	*end = period_last_day(&b);
	return *end < *start ? -1 : 0;
}

static void row_error(struct buf *err, int *n, const struct sheet_row *row, const struct header_map *hm, enum acol c,
		      const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void row_error(struct buf *err, int *n, const struct sheet_row *row, const struct header_map *hm, enum acol c,
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

static const char *cell(const struct sheet_row *row, const struct header_map *hm, enum acol c, struct buf *tmp)
{
	int idx = hm->col[c];
	const struct sheet_cell *x;
	int64_t v;

	if (idx < 0 || idx >= row->ncells)
		return "";
	x = &row->cells[idx];
	/* whole numbers stored as numbers: 1201, not 1201.0 */
	if (x->is_number && !x->is_date && (c == A_BUILDING || c == A_ENTRANCE || c == A_ROOM) &&
	    !decimal_parse_round(x->text, 0, &v)) {
		buf_setf(tmp, "%lld", (long long)v);
		return tmp->buf;
	}
	return x->text;
}

int arrears_import(struct db *db, int64_t project_id, const struct sheet *sheet, int day, int64_t staff_id,
		   int dry_run, struct arrears_result *res, struct buf *err)
{
	struct header_map hm = { 0 };
	struct arrear *rows = NULL;
	size_t nrows = 0, alloc = 0;
	struct hashmap seen = HASHMAP_INIT;
	struct db_stmt *find_unit = NULL, *payer = NULL, *exists = NULL;
	struct buf tmp = BUF_INIT, key = BUF_INIT, explain = BUF_INIT;
	struct ledger l;
	int nerr = 0, rc = -1, ledger_ready = 0;
	int64_t now = (int64_t)time(NULL), run_id = 0;

	memset(res, 0, sizeof(*res));
	buf_reset(err);
	if (!sheet->nr) {
		error(err, _("the file is empty"));
		goto out;
	}
	if (import_find_header(sheet, spec, A_NCOLS, &hm, err) < 0)
		goto out;
	if (db_prepare(db, &find_unit, "SELECT u.id FROM building b JOIN unit u ON u.building_id = b.id "
		       "WHERE b.project_id = ? AND b.code = ? AND u.entrance = ? AND u.room = ?", err) < 0 ||
	    db_prepare(db, &payer, "SELECT party_id FROM ownership WHERE unit_id = ? AND seq = 0 AND from_day <= ? "
		       "ORDER BY from_day DESC LIMIT 1", err) < 0)
		goto out;
	for (size_t r = (size_t)hm.row + 1; r < sheet->nr; r++) {
		const struct sheet_row *row = &sheet->rows[r];
		struct arrear a;
		const char *s;
		int before = nerr;
		char *building, *entrance, *room;
		int64_t v;

		memset(&a, 0, sizeof(a));
		a.rownum = row->rownum;
		building = xstrdup(cell(row, &hm, A_BUILDING, &tmp));
		entrance = xstrdup(cell(row, &hm, A_ENTRANCE, &tmp));
		room = xstrdup(cell(row, &hm, A_ROOM, &tmp));
		db_reset(find_unit);
		db_bind_int64(find_unit, 1, project_id);
		db_bind_text(find_unit, 2, building);
		db_bind_text(find_unit, 3, entrance);
		db_bind_text(find_unit, 4, room);
		if (db_step(find_unit, err) == 1)
			a.unit_id = db_col_int64(find_unit, 0);
		db_reset(find_unit);
		if (!a.unit_id)
			row_error(err, &nerr, row, &hm, A_ROOM, _("no unit %s-%s-%s in this project"), building, entrance, room);
		free(building);
		free(entrance);
		free(room);
		s = cell(row, &hm, A_ITEM, &tmp);
		if (!*s)
			row_error(err, &nerr, row, &hm, A_ITEM, _("the fee item is missing"));
		a.item = xstrdup(s);
		s = cell(row, &hm, A_PERIOD, &tmp);
		a.period = xstrdup(s);
		if (parse_span(s, &a.start, &a.end) < 0)
			row_error(err, &nerr, row, &hm, A_PERIOD, _("'%s' is not a period (e.g. 2025-01 or 2025-01~2025-12)"), s);
		s = cell(row, &hm, A_AMOUNT, &tmp);
		if (hm.col[A_AMOUNT] >= 0 && hm.col[A_AMOUNT] < row->ncells && row->cells[hm.col[A_AMOUNT]].is_number
			    ? decimal_parse_round(s, 2, &v) < 0
			    : money_parse(s, &v) < 0)
			row_error(err, &nerr, row, &hm, A_AMOUNT, _("'%s' is not an amount in yuan (e.g. 1988.45)"), s);
		else if (v <= 0)
			row_error(err, &nerr, row, &hm, A_AMOUNT, _("'%s' must be more than 0"), s);
		a.amount = v;
		if (hm.col[A_DUE] < row->ncells && hm.col[A_DUE] >= 0 &&
		    import_cell_date(&row->cells[hm.col[A_DUE]], &a.due) == 0) {
			if (a.due > day)
				row_error(err, &nerr, row, &hm, A_DUE, _("'%s' is after the business date: not yet arrears"),
					  row->cells[hm.col[A_DUE]].text);
		} else {
			row_error(err, &nerr, row, &hm, A_DUE, _("'%s' is not a date (e.g. 2020-05-01)"),
				  cell(row, &hm, A_DUE, &tmp));
		}
		if (nerr == before) {
			/* the same unit, item and period twice in the file */
			int64_t other;
			buf_setf(&key, "%lld/%s/%d", (long long)a.unit_id, a.item, a.start);
			if (hashmap_get(&seen, key.buf, key.len, &other))
				row_error(err, &nerr, row, &hm, A_PERIOD, _("the same arrears also appear on row %d"), (int)other);
			else
				hashmap_put(&seen, key.buf, key.len, a.rownum);
		}
		if (nerr == before) {
			/* the owner of the period owes it: who owned the unit when it began */
			db_reset(payer);
			db_bind_int64(payer, 1, a.unit_id);
			db_bind_int64(payer, 2, a.start);
			if (db_step(payer, err) == 1)
				a.payer_id = db_col_int64(payer, 0);
			db_reset(payer);
			if (!a.payer_id)
				row_error(err, &nerr, row, &hm, A_PERIOD, _("the unit had no owner when the period began"));
		}
		if (nerr != before) {
			free(a.item);
			free(a.period);
			continue;
		}
		XGROW(rows, alloc, nrows + 1);
		rows[nrows++] = a;
	}
	if (nerr)
		goto out;
	if (!nrows) {
		error(err, _("the file has no arrears below its header row"));
		goto out;
	}
	/* a dry run too works in a transaction (new fee items), rolled back at the end */
	if (db_begin_immediate(db, err) < 0)
		goto out;
	if (db_prepare(db, &exists, "SELECT 1 FROM bill WHERE unit_id = ? AND item_id = ? AND period_start = ? "
		       "AND liable_from = ? AND kind <> 'latefee'", err) < 0)
		goto fail;
	for (size_t i = 0; i < nrows; i++) {
		if (fee_item_get(db, project_id, rows[i].item, 1, &rows[i].item_id, err) < 0)
			goto fail;
		db_reset(exists);
		db_bind_int64(exists, 1, rows[i].unit_id);
		db_bind_int64(exists, 2, rows[i].item_id);
		db_bind_int64(exists, 3, rows[i].start);
		db_bind_int64(exists, 4, rows[i].start);
		if (db_step(exists, err) == 1)
			error_add(err, "row %d, column %s: %s", rows[i].rownum,
				  hm.name[A_PERIOD] ? hm.name[A_PERIOD] : spec[A_PERIOD].aliases[0],
				  _("the unit already has a bill for this item and period"));
		db_reset(exists);
	}
	if (err->len)
		goto fail;
	if (dry_run) {
		for (size_t i = 0; i < nrows; i++) {
			res->bills++;
			res->amount += rows[i].amount;
		}
		rc = 0;
		goto fail; /* nothing to keep */
	}
	if (db_run(db, &run_id, err, "INSERT INTO bill_run (project_id, period, kind, business_day, staff_id, created_at) "
		   "VALUES (?, 'opening', 'import', ?, ?, ?) RETURNING id", "iini", project_id, (int64_t)day, staff_id,
		   now) != 1 ||
	    ledger_open(&l, db, project_id, day, err) < 0)
		goto fail;
	ledger_ready = 1;
	for (size_t i = 0; i < nrows; i++) {
		struct arrear *a = &rows[i];
		int64_t bill_id, recv, income;
		buf_reset(&explain);
		buf_addf(&explain, "期初欠费：%s %s ", a->period, a->item);
		buf_add_yuan(&explain, a->amount);
		if (db_run(db, &bill_id, err, "INSERT INTO bill (project_id, unit_id, payer_id, item_id, kind, period, "
			   "period_start, period_end, liable_from, due_day, amount_fen, explain, run_id, created_at) "
			   "VALUES (?, ?, ?, ?, 'opening', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "iiiitiiiiitii",
			   project_id, a->unit_id, a->payer_id, a->item_id, a->period, (int64_t)a->start, (int64_t)a->end,
			   (int64_t)a->start, (int64_t)a->due, a->amount, explain.buf, run_id, now) != 1 ||
		    journal_account(&l.j, ACC_RECEIVABLE, a->unit_id, 0, "", &recv, err) < 0 ||
		    journal_item_account(&l.j, ACC_INCOME, a->item_id, &income, err) < 0 ||
		    journal_post(&l.j, recv, income, a->amount, "bill", bill_id, day, err) < 0 ||
		    ledger_bill_open_add(&l, bill_id, a->unit_id, a->payer_id, a->due, a->amount, err) < 0)
			goto fail;
		res->bills++;
		res->amount += a->amount;
	}
	ledger_close(&l);
	ledger_ready = 0;
	if (db_commit(db, err) < 0)
		goto out;
	res->run_id = run_id;
	rc = 0;
	goto out;
fail:
	if (ledger_ready)
		ledger_close(&l);
	if (db_in_transaction(db))
		db_rollback(db);
out:
	db_finalize(find_unit);
	db_finalize(payer);
	db_finalize(exists);
	for (size_t i = 0; i < nrows; i++) {
		free(rows[i].item);
		free(rows[i].period);
	}
	free(rows);
	hashmap_clear(&seen);
	import_header_release(&hm);
	buf_release(&tmp);
	buf_release(&key);
	buf_release(&explain);
	return rc;
}
