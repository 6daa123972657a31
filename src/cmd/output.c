/* output.c: table, csv and json renderings of listings. */
#include "cmd/output.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/money.h"
#include "base/str.h"
#include "base/xalloc.h"

static void render_cell(struct buf *out, json_t *row, const struct column *col, int csv)
{
	json_t *v = json_object_get(row, col->key);
	size_t i;
	json_t *item;

	buf_reset(out);
	switch (col->fmt) {
	case COL_CUSTOM:
		col->render(out, row);
		return;
	case COL_FEN:
		if (json_is_integer(v)) {
			if (csv)
				buf_add_money(out, json_integer_value(v));
			else
				buf_add_yuan(out, json_integer_value(v));
		}
		return;
	case COL_LIST:
		json_array_foreach(v, i, item) {
			if (i)
				buf_addch(out, '/');
			if (json_is_string(item))
				buf_adds(out, json_string_value(item));
		}
		return;
	case COL_PCT:
		if (json_is_number(v))
			buf_addf(out, csv ? "%.2f" : "%.2f%%", json_number_value(v));
		return;
	case COL_INT:
	case COL_TEXT:
		if (json_is_string(v))
			buf_adds(out, json_string_value(v));
		else if (json_is_integer(v))
			buf_addf(out, "%lld", (long long)json_integer_value(v));
		else if (json_is_true(v))
			buf_adds(out, _("yes"));
		else if (json_is_false(v))
			buf_adds(out, _("no"));
		return;
	}
}

static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void pad(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

static int finish(void)
{
	if (fflush(stdout) || ferror(stdout))
		return 1;
	return 0;
}

int output_rows(struct ctx *c, json_t *rows, const struct column *cols)
{
	struct buf cell = BUF_INIT;
	size_t ncols = 0, nrows = json_array_size(rows);

	while (cols[ncols].key)
		ncols++;
	if (c->format == FORMAT_JSON)
		return output_json(rows);
	if (c->format == FORMAT_CSV) {
		for (size_t k = 0; k < ncols; k++) {
			if (k)
				fputc(',', stdout);
			csv_field(stdout, _(cols[k].header));
		}
		fputc('\n', stdout);
		for (size_t r = 0; r < nrows; r++) {
			for (size_t k = 0; k < ncols; k++) {
				if (k)
					fputc(',', stdout);
				render_cell(&cell, json_array_get(rows, r), &cols[k], 1);
				csv_field(stdout, cell.buf);
			}
			fputc('\n', stdout);
		}
	} else {
		/* render every cell once, measure, then print aligned */
		char **texts = xcalloc((nrows + 1) * ncols, sizeof(char *));
		size_t *width = xcalloc(ncols, sizeof(size_t));

		for (size_t k = 0; k < ncols; k++) {
			texts[k] = xstrdup(_(cols[k].header));
			width[k] = utf8_width(texts[k]);
		}
		for (size_t r = 0; r < nrows; r++)
			for (size_t k = 0; k < ncols; k++) {
				size_t w;
				render_cell(&cell, json_array_get(rows, r), &cols[k], 0);
				texts[(r + 1) * ncols + k] = xstrdup(cell.buf);
				w = utf8_width(cell.buf);
				if (w > width[k])
					width[k] = w;
			}
		for (size_t r = 0; r <= nrows; r++) {
			for (size_t k = 0; k < ncols; k++) {
				const char *t = texts[r * ncols + k];
				size_t w = utf8_width(t);
				int right = r > 0 && (cols[k].fmt == COL_FEN || cols[k].fmt == COL_INT || cols[k].fmt == COL_PCT);
				int last = k + 1 == ncols;

				if (right)
					pad(stdout, width[k] - w);
				fputs(t, stdout);
				if (!right && !last)
					pad(stdout, width[k] - w);
				if (!last)
					fputs("  ", stdout);
			}
			fputc('\n', stdout);
		}
		for (size_t i = 0; i < (nrows + 1) * ncols; i++)
			free(texts[i]);
		free(texts);
		free(width);
	}
	buf_release(&cell);
	return finish();
}

int output_json(json_t *value)
{
	if (json_dumpf(value, stdout, JSON_INDENT(2) | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15)) < 0)
		return 1;
	fputc('\n', stdout);
	return finish();
}

int output_created(struct ctx *c, long long id, json_t *extra)
{
	if (c->format == FORMAT_JSON) {
		json_t *o = json_object();
		int rc;
		json_object_set_new(o, "id", json_integer(id));
		if (extra)
			json_object_update(o, extra);
		rc = output_json(o);
		json_decref(o);
		return rc;
	}
	printf("%lld\n", id);
	return finish();
}
