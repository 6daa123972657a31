/* output.h: listings in the three formats of CLI.md (table, csv, json).
 *
 * A command builds its result once as JSON (the canonical shape, English keys,
 * amounts as integer fen in keys ending _fen) and hands it here with a column list;
 * table and csv are rendered from the same data with translated headers, amounts
 * as ¥1,234.56 (table) or 1234.56 (csv). */
#ifndef WUYE_OUTPUT_H
#define WUYE_OUTPUT_H

#include <jansson.h>

#include "cmd/cmd.h"

enum col_fmt {
	COL_TEXT,   /* a string (or number) value as it is */
	COL_INT,    /* an integer, right-aligned */
	COL_FEN,    /* integer fen: ¥1,234.56 in tables, 1234.56 in csv */
	COL_LIST,   /* an array of strings joined with "/" */
	COL_CUSTOM, /* rendered by the column's function */
	COL_PCT,    /* a percentage as a number (62.57): "62.57%" in tables, 62.57 in csv; null blank */
};

struct column {
	const char *key;
	const char *header; /* English msgid, translated when printed */
	enum col_fmt fmt;
	void (*render)(struct buf *out, json_t *row);
};

/* Prints rows (a JSON array of objects) in the context's format; the columns list ends
 * with a NULL key.  Returns 0, or 1 when stdout failed. */
int output_rows(struct ctx *c, json_t *rows, const struct column *cols);
/* Prints any JSON value (indented, UTF-8; reals with at most 15 significant digits, so
 * 62.57 prints as 62.57). */
int output_json(json_t *value);
/* The id of a created record: the number alone, or {"id": N, ...extra} with --format
 * json (extra may be NULL; it is not consumed). */
int output_created(struct ctx *c, long long id, json_t *extra);

#endif
