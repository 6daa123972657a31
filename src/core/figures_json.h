/* figures_json.h: the reports of `wuye report` (and of the console) as JSON rows, their
 * columns, and as a sheet for .xlsx files. */
#ifndef WUYE_FIGURES_JSON_H
#define WUYE_FIGURES_JSON_H

#include <jansson.h>

#include "core/figures.h"
#include "io/sheet.h"

/* A column: JSON key, English header (msgid), type: 't' text, 'i' integer, 'f' fen,
 * 'p' percentage.  Lists end with a NULL key. */
struct fig_col {
	const char *key;
	const char *header;
	char type;
};

/* "rates", "aging", "reasons", "channels", "staff", "weekly"; NULL-terminated. */
extern const char *const fig_report_kinds[];
/* The columns of a kind, or NULL for an unknown kind. */
const struct fig_col *fig_report_cols(const char *kind);
/* The rows of a report; *out is a new JSON array.  weekly ignores period and by. */
int fig_report_json(struct db *db, const char *kind, const struct fig_scope *sc, json_t **out, struct buf *err);
/* One row of fig_compute as JSON (every figure, English keys). */
json_t *fig_row_json(const struct fig_row *r);
/* A rate as JSON: a number with two decimals, or null. */
json_t *fig_pct_json(int64_t bp);
/* The rows as a sheet: translated headers, amounts and rates as numbers. */
void fig_report_sheet(const struct fig_col *cols, json_t *rows, struct sheet *out);

/* The content of the weekly review document (doc/weekly.c): {issuer, day, week_from,
 * period, rows} with the rows of the weekly report. */
int fig_weekly_doc_json(struct db *db, int64_t project_id, int today, json_t **out, struct buf *err);

#endif
