/* unit_import.h: the owners' register (业主档案) from a spreadsheet, all or nothing,
 * and back out to one. */
#ifndef WUYE_UNIT_IMPORT_H
#define WUYE_UNIT_IMPORT_H

#include <stdint.h>

#include "base/buf.h"
#include "io/sheet.h"
#include "store/db.h"

struct import_result {
	int units;
	int owners;     /* new owner records (an owner of several units counts once) */
	int buildings;  /* new buildings */
	int header_row;
};

/* Validates every row of the sheet against the rules of CLI.md (Registry) and the
 * project's existing units; when all are good and dry_run is 0, writes them in one
 * transaction.  On any problem, writes nothing, returns -1 and puts every problem
 * into err, one per line, as "row R, column NAME: what is wrong" (R the row number a
 * spreadsheet shows, NAME the header as written in the file). */
int unit_import(struct db *db, int64_t project_id, const struct sheet *sheet, int dry_run,
		struct import_result *res, struct buf *err);

/* The project's units as of `day` as a sheet with the import's headers, so that the
 * export of a project imports unchanged. */
int unit_export(struct db *db, int64_t project_id, int day, struct sheet *out, struct buf *err);

/* Shared with the arrears import: finds the header row (one of the first 20 rows
 * naming at least the required columns) and maps columns by alias lists. */
struct header_spec {
	const char *const *aliases; /* NULL-terminated, the first is the canonical name */
	int required;
};
struct header_map {
	int row;       /* index into sheet->rows of the header row */
	int *col;      /* per spec entry: column index, or -1 */
	const char **name; /* per spec entry: the header text as written */
};
int import_find_header(const struct sheet *sheet, const struct header_spec *spec, int nspec,
		       struct header_map *map, struct buf *err);
void import_header_release(struct header_map *map);
/* Reads a date cell: an Excel serial number or 2020-05-01 / 2020/5/1 / 2020年5月1日. */
int import_cell_date(const struct sheet_cell *cell, int *day);

#endif
