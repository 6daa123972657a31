/* arrears_export.c: a project's arrears as a sheet (for .xlsx). */
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "core/account.h"
#include "io/sheet.h"

static void set(struct sheet *s, struct sheet_row *r, int col, const char *text, int is_number)
{
	r->cells[col].text = arena_strdup(&s->arena, text ? text : "");
	r->cells[col].is_number = is_number;
}

static void set_yuan(struct sheet *s, struct sheet_row *r, int col, int64_t fen, struct buf *tmp)
{
	buf_reset(tmp);
	buf_add_money(tmp, fen);
	set(s, r, col, tmp->buf, 1);
}

int arrears_sheet(struct db *db, int64_t project_id, int day, struct sheet *out, struct buf *err)
{
	static const char *const head[] = { "缴费人", "房屋", "欠费金额", "最早应缴日期", "逾期天数" };
	enum { NHEAD = sizeof(head) / sizeof(head[0]), NCOLS = NHEAD + AGING_BUCKETS };
	struct buf tmp = BUF_INIT;
	struct sheet_row *r;
	json_t *rows, *row, *u;
	size_t i, k;

	if (arrears_json(db, project_id, day, 1, &rows, err) < 0)
		return -1;
	r = sheet_add_row(out, 1, NCOLS);
	for (int c = 0; c < NHEAD; c++)
		set(out, r, c, head[c], 0);
	for (int b = 0; b < AGING_BUCKETS; b++) {
		buf_setf(&tmp, "%s天", aging_names[b]);
		set(out, r, NHEAD + b, tmp.buf, 0);
	}
	json_array_foreach(rows, i, row) {
		json_t *buckets = json_object_get(row, "buckets");
		r = sheet_add_row(out, (int)i + 2, NCOLS);
		set(out, r, 0, json_string_value(json_object_get(row, "payer")), 0);
		buf_reset(&tmp);
		json_array_foreach(json_object_get(row, "units"), k, u) {
			if (k)
				buf_adds(&tmp, "、");
			buf_adds(&tmp, json_string_value(u));
		}
		set(out, r, 1, tmp.buf, 0);
		set_yuan(out, r, 2, json_integer_value(json_object_get(row, "overdue_fen")), &tmp);
		set(out, r, 3, json_string_value(json_object_get(row, "oldest_due")), 0);
		buf_setf(&tmp, "%lld", (long long)json_integer_value(json_object_get(row, "overdue_days")));
		set(out, r, 4, tmp.buf, 1);
		for (int b = 0; b < AGING_BUCKETS; b++)
			set_yuan(out, r, NHEAD + b, json_integer_value(json_object_get(buckets, aging_names[b])), &tmp);
	}
	json_decref(rows);
	buf_release(&tmp);
	return 0;
}
