/* sheet.h: a spreadsheet read into memory, whatever file it came from.
 *
 * Readers (csv_read.c, xlsx_read.c) fill a sheet: rows in file order, each with the
 * row number a spreadsheet program would show (a title row counts; in a CSV file a
 * record spanning lines is one row), cells as UTF-8 text.  A cell that a spreadsheet
 * stored as a number has is_number set and its text is the stored decimal (which may
 * carry binary noise such as 89.569999999999993, or an exponent).  Blank rows are kept
 * out.  All strings live in the sheet's arena.
 */
#ifndef WUYE_SHEET_H
#define WUYE_SHEET_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"

struct sheet_cell {
	const char *text; /* never NULL; "" for an empty cell */
	int is_number;
	int is_date;      /* a number whose cell format is a date (xlsx) */
};

struct sheet_row {
	int rownum;
	int ncells;
	struct sheet_cell *cells;
};

struct sheet {
	struct sheet_row *rows;
	size_t nr, alloc;
	struct arena arena;
	const char *encoding; /* "UTF-8", "GB18030", or "xlsx" */
};
#define SHEET_INIT { NULL, 0, 0, ARENA_INIT, NULL }

/* Reads a .xlsx or .csv file (chosen by content: a ZIP signature means xlsx).
 * Limits: 100 MiB per file, 1,048,576 rows, 256 columns. */
int sheet_read_file(const char *path, struct sheet *out, struct buf *err);
int sheet_read_csv(const char *data, size_t len, struct sheet *out, struct buf *err);
int sheet_read_xlsx(const char *path, struct sheet *out, struct buf *err);
void sheet_release(struct sheet *s);

/* Appends a row (used by the readers); cells are copied into the arena. */
struct sheet_row *sheet_add_row(struct sheet *s, int rownum, int ncells);
const char *sheet_cell_text(const struct sheet_row *r, int col);

#endif
