/* figures_check.c: prove the figures' summaries equal what the posted records say.
 *
 * The views of migration 010 (fig_total_v, fig_day_v, fig_unit_v) compute each summary
 * from the records; the summaries are kept by trigger.  A difference either way (a row
 * missing, a row too many, a value off) is a problem.  Rows whose amounts all came back
 * to zero (a payment reversed) are the same as no row. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/money.h"
#include "core/figures.h"

struct diff {
	const char *name;
	const char *sql;   /* rows in the summary but not in the records, then the other way */
	int ncols;
};

static const struct diff diffs[] = {
	{ "fig_total",
	  "SELECT 'summary', x.* FROM (SELECT project_id, building_id, due_day, billed_fen, paid_fen, waived_fen "
	  "FROM fig_total WHERE billed_fen <> 0 OR paid_fen <> 0 OR waived_fen <> 0 EXCEPT "
	  "SELECT project_id, building_id, due_day, billed_fen, paid_fen, waived_fen FROM fig_total_v) x "
	  "UNION ALL SELECT 'records', y.* FROM (SELECT project_id, building_id, due_day, billed_fen, paid_fen, waived_fen "
	  "FROM fig_total_v EXCEPT SELECT project_id, building_id, due_day, billed_fen, paid_fen, waived_fen FROM fig_total) y",
	  6 },
	{ "fig_day",
	  "SELECT 'summary', x.* FROM (SELECT project_id, building_id, due_day, day, paid_fen, waived_fen "
	  "FROM fig_day WHERE paid_fen <> 0 OR waived_fen <> 0 EXCEPT "
	  "SELECT project_id, building_id, due_day, day, paid_fen, waived_fen FROM fig_day_v) x "
	  "UNION ALL SELECT 'records', y.* FROM (SELECT project_id, building_id, due_day, day, paid_fen, waived_fen "
	  "FROM fig_day_v WHERE paid_fen <> 0 OR waived_fen <> 0 EXCEPT "
	  "SELECT project_id, building_id, due_day, day, paid_fen, waived_fen FROM fig_day) y",
	  6 },
	{ "fig_unit",
	  "SELECT 'summary', x.* FROM (SELECT unit_id, period, first_due, last_due, net_fen, open_count, "
	  "COALESCE(max_settle, -1), COALESCE(first_contact, -1), building_id, ps, pe FROM fig_unit EXCEPT "
	  "SELECT unit_id, period, first_due, last_due, net_fen, open_count, COALESCE(max_settle, -1), "
	  "COALESCE(first_contact, -1), building_id, ps, pe FROM fig_unit_v) x "
	  "UNION ALL SELECT 'records', y.* FROM (SELECT unit_id, period, first_due, last_due, net_fen, open_count, "
	  "COALESCE(max_settle, -1), COALESCE(first_contact, -1), building_id, ps, pe FROM fig_unit_v EXCEPT "
	  "SELECT unit_id, period, first_due, last_due, net_fen, open_count, COALESCE(max_settle, -1), "
	  "COALESCE(first_contact, -1), building_id, ps, pe FROM fig_unit) y",
	  11 },
};

int fig_check(struct db *db, struct buf *problems, int max, int *count, struct buf *err)
{
	*count = 0;
	for (size_t d = 0; d < sizeof(diffs) / sizeof(*diffs); d++) {
		struct db_stmt *st = NULL;
		int rc;
		if (db_prepare(db, &st, diffs[d].sql, err) < 0)
			return -1;
		while ((rc = db_step(st, err)) == 1) {
			if (++*count > max)
				continue;
			if (problems->len)
				buf_addch(problems, '\n');
			/* "fig_unit: the summary has (unit 12, 2026-07, …) that the records do not" */
			buf_addf(problems, "%s: %s (", diffs[d].name,
				 !strcmp(db_col_text(st, 0), "summary") ? "summary row not in the records"
									: "records row missing from the summary");
			for (int c = 1; c <= diffs[d].ncols; c++)
				buf_addf(problems, "%s%s", c > 1 ? ", " : "", db_col_text(st, c));
			buf_addch(problems, ')');
		}
		db_finalize(st);
		if (rc < 0)
			return -1;
	}
	return 0;
}
