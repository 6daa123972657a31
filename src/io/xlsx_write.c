/* xlsx_write.c: sheets to .xlsx with libxlsxwriter. */
#include "io/xlsx_write.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/str.h"
#include "base/xalloc.h"

int xlsx_write_sheet(const char *path, const char *sheet_name, const struct sheet *s, struct buf *err)
{
	lxw_workbook_options opts = { .constant_memory = LXW_FALSE, .tmpdir = NULL };
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *text;
	size_t *widths = NULL, ncols = 0;
	lxw_error rc;

	wb = workbook_new_opt(path, &opts);
	if (!wb)
		return error(err, _("cannot create '%s'"), path);
	ws = workbook_add_worksheet(wb, sheet_name);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	text = workbook_add_format(wb);
	format_set_num_format(text, "@");
	for (size_t i = 0; i < s->nr; i++)
		if ((size_t)s->rows[i].ncells > ncols)
			ncols = (size_t)s->rows[i].ncells;
	widths = xcalloc(ncols + 1, sizeof(*widths));
	for (size_t i = 0; i < s->nr; i++) {
		const struct sheet_row *r = &s->rows[i];
		for (int c = 0; c < r->ncells; c++) {
			const struct sheet_cell *cell = &r->cells[c];
			size_t w = utf8_width(cell->text);
			if (w > widths[c])
				widths[c] = w;
			if (!cell->text[0])
				continue;
			if (i == 0)
				worksheet_write_string(ws, (lxw_row_t)i, (lxw_col_t)c, cell->text, bold);
			else if (cell->is_number)
				worksheet_write_number(ws, (lxw_row_t)i, (lxw_col_t)c, strtod(cell->text, NULL), NULL);
			else
				worksheet_write_string(ws, (lxw_row_t)i, (lxw_col_t)c, cell->text, text);
		}
	}
	for (size_t c = 0; c < ncols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)(widths[c] < 6 ? 8 : widths[c] + 2), NULL);
	worksheet_freeze_panes(ws, 1, 0);
	free(widths);
	rc = workbook_close(wb);
	if (rc != LXW_NO_ERROR)
		return error(err, _("cannot write '%s': %s"), path, lxw_strerror(rc));
	return 0;
}
