/* xlsx_write.h: write a sheet as an .xlsx file (libxlsxwriter). */
#ifndef WUYE_XLSX_WRITE_H
#define WUYE_XLSX_WRITE_H

#include "base/buf.h"
#include "io/sheet.h"

/* Writes the rows of s (the first row is the header, shown bold and frozen) into a
 * one-sheet workbook at path.  Cells with is_number set are written as numbers, every
 * other cell as text (so room numbers keep leading zeros and phone numbers never turn
 * into 1.38E+10).  Column widths follow the content. */
int xlsx_write_sheet(const char *path, const char *sheet_name, const struct sheet *s, struct buf *err);

#endif
