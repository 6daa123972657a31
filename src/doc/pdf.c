/* pdf.c: A4 documents laid out with pango and drawn with cairo's PDF surface. */
#include "doc/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#define MM (72.0 / 25.4)
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define MARGIN_X (20 * MM)
#define MARGIN_T (12 * MM)
#define MARGIN_B (16 * MM)
#define TEXT_W (PAGE_W - 2 * MARGIN_X)
#define CELL_PAD 2.5
#define QR_SIZE (27 * MM)
#define BODY_PT 10.5

enum font { F_BODY, F_BODY_BOLD, F_SANS, F_SANS_BOLD, F_SMALL, F_LARGE, F_TITLE, F_HEADING, F_HEAD_NAME, F_COUNT };

static const char *const font_names[F_COUNT] = {
	"Noto Serif CJK SC 10.5", "Noto Serif CJK SC Bold 10.5", "Noto Sans CJK SC 9", "Noto Sans CJK SC Bold 9",
	"Noto Sans CJK SC 8.5", "Noto Serif CJK SC 14", "Noto Sans CJK SC Bold 18", "Noto Sans CJK SC Bold 11.5",
	"Noto Serif CJK SC Bold 20",
};

struct pdf {
	char *path, *tmp;
	FILE *f;
	int write_errno;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *ctx;
	PangoFontDescription *fonts[F_COUNT];
	int pages;
};

enum bkind { B_TEXT, B_SPACE, B_RULE, B_ROW, B_QR, B_CUT, B_BREAK, B_KEEP, B_KEEP_END };

struct block {
	enum bkind kind;
	int flags;
	double h, gap;      /* own height; space after */
	PangoLayout *l;     /* text, QR caption, cut label */
	PangoLayout *side;  /* QR: the text at its right */
	PangoLayout **cells;
	int table;          /* rows: index into tables */
	int header;         /* rows: the table's header row */
	QRcode *qr;
	int page;           /* placed: page within the document (-1: dropped) */
	int repeat_header;  /* the table's header is drawn above this row (a new page) */
	double y;
};

struct table {
	int ncols, borders, header_block;
	double x[PDF_MAX_COLS + 1];
	int align[PDF_MAX_COLS];
};

struct pdf_doc {
	struct pdf *p;
	PangoLayout *head_name, *head_info, *footer;
	struct block *blocks;
	size_t n, alloc;
	struct table *tables;
	size_t ntables, tables_alloc;
	int cur_table; /* the table rows go to, -1 none */
};

/* ---- the file ---- */

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	struct pdf *p = closure;

	if (p->write_errno)
		return CAIRO_STATUS_WRITE_ERROR;
	if (fwrite(data, 1, length, p->f) != length) {
		p->write_errno = errno ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

struct pdf *pdf_open(const char *path, const char *title, int day, struct buf *err)
{
	struct pdf *p = xcalloc(1, sizeof(*p));
	cairo_font_options_t *fo;
	char date[40], ymd[11];
	mode_t mask;
	int fd;

	p->path = xstrdup(path);
	p->tmp = xmalloc(strlen(path) + 16);
	snprintf(p->tmp, strlen(path) + 16, "%s.tmp-XXXXXX", path);
	fd = mkstemp(p->tmp);
	if (fd < 0) {
		error(err, _("cannot write '%s': %s"), path, strerror(errno));
		free(p->path);
		free(p->tmp);
		free(p);
		return NULL;
	}
	/* mkstemp makes the file 0600; a document is an ordinary file */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0 || !(p->f = fdopen(fd, "wb"))) {
		error(err, _("cannot write '%s': %s"), path, strerror(errno));
		close(fd);
		unlink(p->tmp);
		free(p->path);
		free(p->tmp);
		free(p);
		return NULL;
	}
	p->surface = cairo_pdf_surface_create_for_stream(write_out, p, PAGE_W, PAGE_H);
	date_format(day, ymd);
	snprintf(date, sizeof(date), "%sT08:00:00+08:00", ymd);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title ? title : "");
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "wuye");
	p->cr = cairo_create(p->surface);
	p->ctx = pango_cairo_create_context(p->cr);
	/* one layout unit is one point, and glyph advances are not rounded to a pixel grid */
	pango_cairo_context_set_resolution(p->ctx, 72);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p->ctx, fo);
	cairo_font_options_destroy(fo);
	for (int i = 0; i < F_COUNT; i++)
		p->fonts[i] = pango_font_description_from_string(font_names[i]);
	return p;
}

static void release(struct pdf *p)
{
	for (int i = 0; i < F_COUNT; i++)
		pango_font_description_free(p->fonts[i]);
	if (p->ctx)
		g_object_unref(p->ctx);
	free(p->path);
	free(p->tmp);
	free(p);
}

static int finish(struct pdf *p)
{
	cairo_status_t st;
	int rc = 0;

	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	st = cairo_surface_status(p->surface);
	cairo_surface_destroy(p->surface);
	if (st != CAIRO_STATUS_SUCCESS && !p->write_errno)
		p->write_errno = EIO;
	if (fflush(p->f) && !p->write_errno)
		p->write_errno = errno;
	if (fsync(fileno(p->f)) && !p->write_errno && errno != EINVAL)
		p->write_errno = errno;
	if (fclose(p->f) && !p->write_errno)
		p->write_errno = errno;
	if (p->write_errno)
		rc = -1;
	return rc;
}

int pdf_close(struct pdf *p, struct buf *err)
{
	int rc = finish(p);

	if (rc < 0)
		error(err, _("cannot write '%s': %s"), p->path, strerror(p->write_errno));
	else if (rename(p->tmp, p->path) < 0)
		rc = error(err, _("cannot write '%s': %s"), p->path, strerror(errno));
	if (rc < 0)
		unlink(p->tmp);
	release(p);
	return rc;
}

void pdf_abort(struct pdf *p)
{
	finish(p);
	unlink(p->tmp);
	release(p);
}

int pdf_pages(const struct pdf *p)
{
	return p->pages;
}

#ifdef __SANITIZE_ADDRESS__
/* LeakSanitizer's hook.  Two allocations are never freed by the libraries whatever
 * the caller does: a 768-byte buffer per CFF font subset in cairo 1.16's PDF output,
 * and fontconfig's parsed configuration on pango's start-up thread (a C program of
 * ten lines shows both).  The libraries have no frame pointers, so the fast unwinder
 * sees no deeper than the library: the suppression names the library.  NEEDSWORK:
 * this hides a cairo or fontconfig object we would forget to free; pdf.c frees each
 * one on the paths above, and valgrind sees through it. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\nleak:libfontconfig.so\n";
}

/* ... and not a word about them on stderr, which the tests read. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}
#endif

void pdf_release_fonts(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
}

void pdf_escape(struct buf *out, const char *text)
{
	gchar *e = g_markup_escape_text(text ? text : "", -1);
	buf_adds(out, e);
	g_free(e);
}

/* ---- building a document ---- */

static enum font font_for(int flags)
{
	if (flags & PDF_SMALL)
		return F_SMALL;
	if (flags & PDF_LARGE)
		return flags & PDF_BOLD ? F_HEADING : F_LARGE;
	if (flags & PDF_SANS)
		return flags & PDF_BOLD ? F_SANS_BOLD : F_SANS;
	return flags & PDF_BOLD ? F_BODY_BOLD : F_BODY;
}

static PangoLayout *layout_of(struct pdf *p, enum font font, int flags, double width, const char *text, int markup)
{
	PangoLayout *l = pango_layout_new(p->ctx);

	pango_layout_set_font_description(l, p->fonts[font]);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	if (flags & PDF_CENTER)
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	else if (flags & PDF_RIGHT)
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	if (flags & PDF_INDENT)
		pango_layout_set_indent(l, (int)(2 * BODY_PT * PANGO_SCALE));
	if (font == F_BODY || font == F_BODY_BOLD)
		pango_layout_set_line_spacing(l, 1.3f);
	if (markup)
		pango_layout_set_markup(l, text, -1);
	else
		pango_layout_set_text(l, text, -1);
	return l;
}

static double height_of(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static struct block *add(struct pdf_doc *d, enum bkind kind)
{
	struct block *b;

	/* a block other than a row ends the table before it: space after its last row */
	if (kind != B_ROW && d->cur_table >= 0) {
		if (d->n && d->blocks[d->n - 1].kind == B_ROW && d->tables[d->cur_table].borders)
			d->blocks[d->n - 1].gap = 8;
		d->cur_table = -1;
	}
	XGROW(d->blocks, d->alloc, d->n + 1);
	b = &d->blocks[d->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->table = -1;
	b->page = -1;
	return b;
}

struct pdf_doc *pdf_doc_begin(struct pdf *p, const struct pdf_head *head, const char *footer)
{
	struct pdf_doc *d = xcalloc(1, sizeof(*d));

	d->p = p;
	d->cur_table = -1;
	if (head && head->name && *head->name) {
		struct buf info = BUF_INIT;
		d->head_name = layout_of(p, F_HEAD_NAME, PDF_CENTER, TEXT_W, head->name, 0);
		if (head->address && *head->address)
			buf_addf(&info, "地址：%s", head->address);
		if (head->phone && *head->phone)
			buf_addf(&info, "%s电话：%s", info.len ? "　　" : "", head->phone);
		if (info.len)
			d->head_info = layout_of(p, F_SMALL, PDF_CENTER, TEXT_W, info.buf, 0);
		buf_release(&info);
	}
	if (footer && *footer)
		d->footer = layout_of(p, F_SMALL, PDF_LEFT, TEXT_W * 0.6, footer, 0);
	return d;
}

void pdf_title(struct pdf_doc *d, const char *text)
{
	struct block *b = add(d, B_TEXT);
	PangoAttrList *attrs = pango_attr_list_new();

	b->l = layout_of(d->p, F_TITLE, PDF_CENTER, TEXT_W, text, 0);
	pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(3 * PANGO_SCALE));
	pango_layout_set_attributes(b->l, attrs);
	pango_attr_list_unref(attrs);
	b->h = height_of(b->l);
	b->gap = 10;
}

void pdf_heading(struct pdf_doc *d, const char *text)
{
	struct block *b = add(d, B_TEXT);

	b->l = layout_of(d->p, F_HEADING, PDF_LEFT, TEXT_W, text, 0);
	b->h = height_of(b->l);
	b->gap = 4;
}

static void text_block(struct pdf_doc *d, int flags, const char *text, int markup)
{
	struct block *b = add(d, B_TEXT);

	b->flags = flags;
	b->l = layout_of(d->p, font_for(flags), flags, TEXT_W, text, markup);
	b->h = height_of(b->l);
	b->gap = flags & PDF_SMALL ? 2 : 3;
}

void pdf_text(struct pdf_doc *d, int flags, const char *text)
{
	text_block(d, flags, text, 0);
}

void pdf_markup(struct pdf_doc *d, int flags, const char *markup)
{
	text_block(d, flags, markup, 1);
}

void pdf_textf(struct pdf_doc *d, int flags, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	text_block(d, flags, b.buf, 0);
	buf_release(&b);
}

void pdf_space(struct pdf_doc *d, double mm)
{
	add(d, B_SPACE)->h = mm * MM;
}

void pdf_rule(struct pdf_doc *d)
{
	struct block *b = add(d, B_RULE);

	b->h = 1;
	b->gap = 6;
}

static struct table *new_table(struct pdf_doc *d, int ncols, const double *widths, const int *align, int borders)
{
	struct table *t;
	double total = 0, x = MARGIN_X;

	XGROW(d->tables, d->tables_alloc, d->ntables + 1);
	t = &d->tables[d->ntables++];
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->borders = borders;
	t->header_block = -1;
	for (int i = 0; i < ncols; i++)
		total += widths[i] > 0 ? widths[i] : 1;
	for (int i = 0; i < ncols; i++) {
		t->x[i] = x;
		x += TEXT_W * (widths[i] > 0 ? widths[i] : 1) / total;
		t->align[i] = align ? align[i] : PDF_LEFT;
	}
	t->x[ncols] = MARGIN_X + TEXT_W;
	return t;
}

static struct block *row_block(struct pdf_doc *d, struct table *t, int flags, const char *const *cells, int markup,
			       enum font font)
{
	struct block *b;
	double h = 0;

	d->cur_table = (int)(t - d->tables);
	b = add(d, B_ROW);
	b->flags = flags;
	b->table = d->cur_table;
	b->cells = xcalloc((size_t)t->ncols, sizeof(*b->cells));
	for (int i = 0; i < t->ncols; i++) {
		double w = t->x[i + 1] - t->x[i] - 2 * CELL_PAD;
		b->cells[i] = layout_of(d->p, font, t->align[i], w, cells[i] ? cells[i] : "", markup);
		if (height_of(b->cells[i]) > h)
			h = height_of(b->cells[i]);
	}
	b->h = h + 2 * CELL_PAD;
	return b;
}

void pdf_table(struct pdf_doc *d, const struct pdf_col *cols, int ncols)
{
	double widths[PDF_MAX_COLS] = { 0 };
	int align[PDF_MAX_COLS] = { 0 };
	const char *headers[PDF_MAX_COLS] = { NULL };
	struct table *t;
	struct block *b;

	if (ncols < 1 || ncols > PDF_MAX_COLS)
		BUG("a table of %d columns", ncols);
	for (int i = 0; i < ncols; i++) {
		widths[i] = cols[i].width;
		align[i] = cols[i].align == PDF_RIGHT ? PDF_CENTER : cols[i].align;
		headers[i] = cols[i].header;
	}
	add(d, B_SPACE); /* ends a table before this one */
	t = new_table(d, ncols, widths, align, 1);
	b = row_block(d, t, PDF_SHADE, headers, 0, F_SANS_BOLD);
	b->header = 1;
	t->header_block = (int)(b - d->blocks);
	for (int i = 0; i < ncols; i++)
		t->align[i] = cols[i].align;
}

void pdf_row(struct pdf_doc *d, int flags, const char *const *cells)
{
	if (d->cur_table < 0)
		BUG("pdf_row outside a table");
	row_block(d, &d->tables[d->cur_table], flags, cells, 0, flags & PDF_BOLD ? F_SANS_BOLD : F_SANS);
}

void pdf_fields(struct pdf_doc *d, int columns, const char *const *kv)
{
	double widths[PDF_MAX_COLS];
	const char *cells[PDF_MAX_COLS];
	struct buf text[PDF_MAX_COLS];
	struct table *t;
	int i = 0;

	if (columns < 1 || columns > PDF_MAX_COLS)
		BUG("pdf_fields of %d columns", columns);
	for (int k = 0; k < columns; k++) {
		widths[k] = 1;
		buf_init(&text[k]);
	}
	add(d, B_SPACE);
	t = new_table(d, columns, widths, NULL, 0);
	while (kv[i]) {
		int k;
		for (k = 0; k < columns && kv[i]; k++, i += 2) {
			buf_reset(&text[k]);
			buf_adds(&text[k], "<b>");
			pdf_escape(&text[k], kv[i]);
			buf_adds(&text[k], "：</b>");
			pdf_escape(&text[k], kv[i + 1]);
			cells[k] = text[k].buf;
		}
		for (; k < columns; k++)
			cells[k] = "";
		row_block(d, t, 0, cells, 1, F_SANS)->h -= CELL_PAD;
	}
	for (int k = 0; k < columns; k++)
		buf_release(&text[k]);
	add(d, B_SPACE)->h = 4;
}

void pdf_qr(struct pdf_doc *d, const char *data, const char *caption, const char *side)
{
	struct block *b = add(d, B_QR);
	double room = TEXT_W - QR_SIZE - 6 * MM, h;

	b->qr = QRcode_encodeString(data, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (side && *side) {
		b->side = layout_of(d->p, F_BODY, PDF_RIGHT, room * 0.5, side, 0);
		room *= 0.48;
	}
	b->l = layout_of(d->p, F_SANS, PDF_LEFT, room, caption ? caption : "", 1);
	b->h = QR_SIZE;
	if ((h = height_of(b->l)) > b->h)
		b->h = h;
	if (b->side && (h = height_of(b->side)) > b->h)
		b->h = h;
	b->gap = 6;
}

void pdf_cut(struct pdf_doc *d, const char *label)
{
	struct block *b = add(d, B_CUT);

	b->l = layout_of(d->p, F_SMALL, PDF_CENTER, TEXT_W, label ? label : "", 0);
	b->h = 8 * MM;
	b->gap = 2;
}

void pdf_keep(struct pdf_doc *d)
{
	add(d, B_KEEP);
}

void pdf_keep_bottom(struct pdf_doc *d)
{
	add(d, B_KEEP)->flags = 1;
}

void pdf_keep_end(struct pdf_doc *d)
{
	add(d, B_KEEP_END);
}

void pdf_page_break(struct pdf_doc *d)
{
	add(d, B_BREAK);
}

/* ---- layout ---- */

static double head_height(const struct pdf_doc *d)
{
	double h = 0;

	if (!d->head_name)
		return 0;
	h += height_of(d->head_name) + 2;
	if (d->head_info)
		h += height_of(d->head_info) + 2;
	return h + 4 + 12;
}

/* Places every block on a page; returns the number of pages. */
static int paginate(struct pdf_doc *d)
{
	double top = MARGIN_T, bottom = PAGE_H - MARGIN_B, y = MARGIN_T + head_height(d);
	int page = 0, at_top = 1;

	for (size_t i = 0; i < d->n; i++) {
		struct block *b = &d->blocks[i];
		double need = b->h;

		switch (b->kind) {
		case B_BREAK:
			if (!at_top) {
				page++;
				y = top;
				at_top = 1;
			}
			continue;
		case B_KEEP: {
			double group = 0;
			for (size_t k = i + 1; k < d->n && d->blocks[k].kind != B_KEEP_END; k++)
				group += d->blocks[k].h + d->blocks[k].gap;
			if (!at_top && y + group > bottom && top + group <= bottom) {
				page++;
				y = top;
				at_top = 1;
			}
			if (b->flags && y + group <= bottom) {
				y = bottom - group;
				at_top = 0; /* its leading space stays */
			}
			continue;
		}
		case B_KEEP_END:
			continue;
		case B_SPACE:
			if (at_top || y + b->h > bottom)
				continue; /* no space at the top of a page */
			b->page = page;
			b->y = y;
			y += b->h;
			continue;
		default:
			break;
		}
		/* a header row does not stay alone at the bottom of a page */
		if (b->kind == B_ROW && b->header && i + 1 < d->n && d->blocks[i + 1].kind == B_ROW)
			need += d->blocks[i + 1].h;
		if (!at_top && y + need > bottom) {
			page++;
			y = top;
			at_top = 1;
			if (b->kind == B_ROW && !b->header && d->tables[b->table].header_block >= 0) {
				b->repeat_header = 1;
				y += d->blocks[d->tables[b->table].header_block].h;
			}
		}
		b->page = page;
		b->y = y;
		y += b->h + b->gap;
		at_top = 0;
	}
	return page + 1;
}

/* ---- drawing ---- */

static void show(cairo_t *cr, PangoLayout *l, double x, double y)
{
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
}

static void draw_head(struct pdf_doc *d, cairo_t *cr)
{
	double y = MARGIN_T;

	if (!d->head_name)
		return;
	cairo_set_source_rgb(cr, 0.72, 0.05, 0.05);
	show(cr, d->head_name, MARGIN_X, y);
	y += height_of(d->head_name) + 2;
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (d->head_info) {
		show(cr, d->head_info, MARGIN_X, y);
		y += height_of(d->head_info) + 2;
	}
	y += 4;
	/* the red double rule of a letterhead (红头) */
	cairo_set_source_rgb(cr, 0.72, 0.05, 0.05);
	cairo_set_line_width(cr, 1.8);
	cairo_move_to(cr, MARGIN_X, y);
	cairo_line_to(cr, MARGIN_X + TEXT_W, y);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, MARGIN_X, y + 2.6);
	cairo_line_to(cr, MARGIN_X + TEXT_W, y + 2.6);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
}

static void draw_row(struct pdf_doc *d, cairo_t *cr, const struct block *b, double y)
{
	const struct table *t = &d->tables[b->table];

	if (t->borders && (b->flags & PDF_SHADE)) {
		cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
		cairo_rectangle(cr, t->x[0], y, t->x[t->ncols] - t->x[0], b->h);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
	}
	for (int i = 0; i < t->ncols; i++) {
		show(cr, b->cells[i], t->x[i] + CELL_PAD, y + CELL_PAD);
		if (t->borders)
			cairo_rectangle(cr, t->x[i], y, t->x[i + 1] - t->x[i], b->h);
	}
	if (t->borders) {
		cairo_set_line_width(cr, 0.5);
		cairo_stroke(cr);
	}
}

static void draw_qr(cairo_t *cr, const QRcode *q, double x, double y, double size)
{
	double m = size / (q->width + 8); /* a quiet zone of four modules each side */

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	/* one rectangle per run of dark modules: no seams between neighbours */
	for (int r = 0; r < q->width; r++) {
		int c = 0;
		while (c < q->width) {
			int start;
			if (!(q->data[r * q->width + c] & 1)) {
				c++;
				continue;
			}
			start = c;
			while (c < q->width && (q->data[r * q->width + c] & 1))
				c++;
			cairo_rectangle(cr, x + (start + 4) * m, y + (r + 4) * m, (c - start) * m, m);
		}
	}
	cairo_fill(cr);
}

static void draw_block(struct pdf_doc *d, cairo_t *cr, const struct block *b)
{
	switch (b->kind) {
	case B_TEXT:
		if (b->flags & PDF_RED)
			cairo_set_source_rgb(cr, 0.72, 0.05, 0.05);
		show(cr, b->l, MARGIN_X, b->y);
		cairo_set_source_rgb(cr, 0, 0, 0);
		break;
	case B_RULE:
		cairo_set_line_width(cr, 0.6);
		cairo_move_to(cr, MARGIN_X, b->y + 0.5);
		cairo_line_to(cr, MARGIN_X + TEXT_W, b->y + 0.5);
		cairo_stroke(cr);
		break;
	case B_ROW:
		if (b->repeat_header) {
			const struct block *h = &d->blocks[d->tables[b->table].header_block];
			draw_row(d, cr, h, b->y - h->h);
		}
		draw_row(d, cr, b, b->y);
		break;
	case B_QR:
		if (b->qr)
			draw_qr(cr, b->qr, MARGIN_X, b->y, QR_SIZE);
		show(cr, b->l, MARGIN_X + QR_SIZE + 6 * MM, b->y + (b->h - height_of(b->l)) / 2);
		if (b->side) {
			int w, h;
			pango_layout_get_size(b->side, &w, &h);
			show(cr, b->side, MARGIN_X + TEXT_W - (double)w / PANGO_SCALE, b->y + b->h - height_of(b->side));
		}
		break;
	case B_CUT: {
		static const double dash[] = { 4, 3 };
		double mid = b->y + b->h / 2;
		PangoRectangle ink, logical;
		pango_layout_get_pixel_extents(b->l, &ink, &logical);
		cairo_save(cr);
		cairo_set_line_width(cr, 0.7);
		cairo_set_dash(cr, dash, 2, 0);
		cairo_move_to(cr, 8 * MM, mid);
		cairo_line_to(cr, PAGE_W - 8 * MM, mid);
		cairo_stroke(cr);
		cairo_restore(cr);
		/* the label sits on a white gap in the line */
		if (logical.width) {
			cairo_set_source_rgb(cr, 1, 1, 1);
			cairo_rectangle(cr, MARGIN_X + logical.x - 4, mid - logical.height / 2.0, logical.width + 8, logical.height);
			cairo_fill(cr);
			cairo_set_source_rgb(cr, 0, 0, 0);
			show(cr, b->l, MARGIN_X, mid - logical.height / 2.0);
		}
		break;
	}
	default:
		break;
	}
}

static void draw_footer(struct pdf_doc *d, cairo_t *cr, int page, int pages)
{
	char text[64];
	PangoLayout *l;
	double y = PAGE_H - 11 * MM;

	snprintf(text, sizeof(text), "第 %d 页 共 %d 页", page + 1, pages);
	l = layout_of(d->p, F_SMALL, PDF_RIGHT, TEXT_W, text, 0);
	show(cr, l, MARGIN_X, y);
	g_object_unref(l);
	if (d->footer)
		show(cr, d->footer, MARGIN_X, y);
}

static void free_doc(struct pdf_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct block *b = &d->blocks[i];
		if (b->l)
			g_object_unref(b->l);
		if (b->side)
			g_object_unref(b->side);
		if (b->cells) {
			for (int k = 0; k < d->tables[b->table].ncols; k++)
				g_object_unref(b->cells[k]);
			free(b->cells);
		}
		if (b->qr)
			QRcode_free(b->qr);
	}
	if (d->head_name)
		g_object_unref(d->head_name);
	if (d->head_info)
		g_object_unref(d->head_info);
	if (d->footer)
		g_object_unref(d->footer);
	free(d->blocks);
	free(d->tables);
	free(d);
}

void pdf_doc_end(struct pdf_doc *d)
{
	cairo_t *cr = d->p->cr;
	int pages;
	size_t i = 0;

	if (d->cur_table >= 0)
		add(d, B_SPACE);
	pages = paginate(d);
	for (int page = 0; page < pages; page++) {
		if (page == 0)
			draw_head(d, cr);
		for (; i < d->n && (d->blocks[i].page < 0 || d->blocks[i].page <= page); i++)
			if (d->blocks[i].page == page)
				draw_block(d, cr, &d->blocks[i]);
		draw_footer(d, cr, page, pages);
		cairo_show_page(cr);
	}
	d->p->pages += pages;
	free_doc(d);
}
