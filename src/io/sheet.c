/* sheet.c: the in-memory sheet and the reader dispatch. */
#include "io/sheet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#define SHEET_MAX_BYTES (100L * 1024 * 1024)

struct sheet_row *sheet_add_row(struct sheet *s, int rownum, int ncells)
{
	struct sheet_row *r;

	XGROW(s->rows, s->alloc, s->nr + 1);
	r = &s->rows[s->nr++];
	r->rownum = rownum;
	r->ncells = ncells;
	r->cells = ncells ? arena_alloc(&s->arena, sizeof(*r->cells) * (size_t)ncells) : NULL;
	for (int i = 0; i < ncells; i++) {
		r->cells[i].text = "";
		r->cells[i].is_number = 0;
		r->cells[i].is_date = 0;
	}
	return r;
}

const char *sheet_cell_text(const struct sheet_row *r, int col)
{
	return col >= 0 && col < r->ncells ? r->cells[col].text : "";
}

void sheet_release(struct sheet *s)
{
	free(s->rows);
	arena_release(&s->arena);
	s->rows = NULL;
	s->nr = s->alloc = 0;
}

int sheet_read_file(const char *path, struct sheet *out, struct buf *err)
{
	struct buf data = BUF_INIT;
	char chunk[65536];
	FILE *f;
	size_t n;
	int rc;

	f = fopen(path, "rb");
	if (!f)
		return error(err, _("cannot open '%s': %s"), path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_add(&data, chunk, n);
		if (data.len > SHEET_MAX_BYTES) {
			fclose(f);
			buf_release(&data);
			return error(err, _("'%s' is larger than 100 MiB"), path);
		}
	}
	if (ferror(f)) {
		fclose(f);
		buf_release(&data);
		return error(err, _("cannot read '%s': %s"), path, strerror(errno));
	}
	fclose(f);
	if (data.len >= 4 && !memcmp(data.buf, "PK\x03\x04", 4)) {
		buf_release(&data);
		return sheet_read_xlsx(path, out, err);
	}
	if (data.len >= 8 && !memcmp(data.buf, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)) {
		buf_release(&data);
		return error(err, _("'%s' is an old Excel .xls file: save it as .xlsx or .csv and import that"), path);
	}
	rc = sheet_read_csv(data.buf, data.len, out, err);
	buf_release(&data);
	return rc;
}
