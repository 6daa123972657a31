/* csv_read.c: CSV (comma, semicolon or tab separated) into a sheet, with libcsv. */
#include <csv.h>
#include <string.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/xalloc.h"
#include "io/encoding.h"
#include "io/sheet.h"

#define MAX_COLUMNS 256
#define MAX_ROWS 1048576

struct reader {
	struct sheet *sheet;
	struct buf fields[MAX_COLUMNS];
	int nfields;
	int rownum;
	int too_wide, too_long;
};

static void on_field(void *data, size_t len, void *arg)
{
	struct reader *r = arg;

	if (r->nfields >= MAX_COLUMNS) {
		r->too_wide = 1;
		return;
	}
	buf_reset(&r->fields[r->nfields]);
	buf_add(&r->fields[r->nfields], data, len);
	r->nfields++;
}

static void on_record(int c, void *arg)
{
	struct reader *r = arg;
	struct sheet_row *row;
	int last = -1;

	(void)c;
	r->rownum++;
	for (int i = 0; i < r->nfields; i++) {
		buf_trim(&r->fields[i]);
		if (r->fields[i].len)
			last = i;
	}
	if (last >= 0) {
		if (r->sheet->nr >= MAX_ROWS) {
			r->too_long = 1;
		} else {
			row = sheet_add_row(r->sheet, r->rownum, last + 1);
			for (int i = 0; i <= last; i++)
				row->cells[i].text = arena_strndup(&r->sheet->arena, r->fields[i].buf, r->fields[i].len);
		}
	}
	r->nfields = 0;
}

/* The separator the first line uses most: ',' unless ';' or a tab clearly dominates. */
static unsigned char guess_delimiter(const char *s, size_t len)
{
	size_t commas = 0, semis = 0, tabs = 0;
	int quoted = 0;

	for (size_t i = 0; i < len && (quoted || s[i] != '\n'); i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == ',')
			commas++;
		else if (!quoted && s[i] == ';')
			semis++;
		else if (!quoted && s[i] == '\t')
			tabs++;
	}
	if (tabs > commas && tabs >= semis)
		return '\t';
	if (semis > commas)
		return ';';
	return ',';
}

int sheet_read_csv(const char *data, size_t len, struct sheet *out, struct buf *err)
{
	struct buf text = BUF_INIT, norm = BUF_INIT;
	struct csv_parser p;
	struct reader r;
	int rc = 0;

	memset(&r, 0, sizeof(r));
	for (int i = 0; i < MAX_COLUMNS; i++)
		buf_init(&r.fields[i]);
	r.sheet = out;
	if (encoding_to_utf8(data, len, &text, &out->encoding, err) < 0) {
		rc = -1;
		goto cleanup;
	}
	/* One line ending ("\n") so that each blank line is one reported empty record and
	 * row numbers match what a spreadsheet program shows. */
	for (size_t i = 0; i < text.len; i++) {
		if (text.buf[i] == '\r') {
			buf_addch(&norm, '\n');
			if (i + 1 < text.len && text.buf[i + 1] == '\n')
				i++;
		} else {
			buf_addch(&norm, text.buf[i]);
		}
	}
	if (norm.len && norm.buf[norm.len - 1] != '\n')
		buf_addch(&norm, '\n');
	if (csv_init(&p, CSV_REPALL_NL) != 0) {
		rc = error(err, "cannot initialise the CSV parser");
		goto cleanup;
	}
	csv_set_delim(&p, guess_delimiter(norm.buf, norm.len));
	if (csv_parse(&p, norm.buf, norm.len, on_field, on_record, &r) != norm.len) {
		rc = error(err, _("the CSV file cannot be read: %s"), csv_strerror(csv_error(&p)));
		csv_free(&p);
		goto cleanup;
	}
	csv_fini(&p, on_field, on_record, &r);
	csv_free(&p);
	if (r.too_wide)
		rc = error(err, _("the file has more than %d columns"), MAX_COLUMNS);
	else if (r.too_long)
		rc = error(err, _("the file has more than %d rows"), MAX_ROWS);
cleanup:
	for (int i = 0; i < MAX_COLUMNS; i++)
		buf_release(&r.fields[i]);
	buf_release(&text);
	buf_release(&norm);
	return rc;
}
