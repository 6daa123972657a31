/* pdf.h: A4 documents over cairo + pango: a letterhead, headings, paragraphs, tables,
 * QR codes, a tear-off line, page numbers; several documents in one file.
 *
 * A file (struct pdf) holds any number of documents (struct pdf_doc).  A document is
 * built as a list of blocks (pdf_title, pdf_text, pdf_table/pdf_row, pdf_qr, pdf_cut,
 * ...) and laid out when it ends: pdf_doc_end() breaks it into pages (keeping table
 * headers, keep-together groups and the tear-off stub intact), numbers its pages
 * "第 N 页 共 M 页" within the document, and draws them.  Nothing of a document is
 * drawn before pdf_doc_end(), so each document's memory is freed when it ends.
 *
 * Text is UTF-8.  pdf_text() takes plain text; pdf_markup() takes Pango markup, in which
 * data must be escaped with pdf_escape().  Fonts are Noto Serif CJK SC (body) and Noto
 * Sans CJK SC (titles, tables), embedded as subsets.  Units are points (1/72 inch).
 *
 * The file is written to a temporary name beside the target and renamed when
 * pdf_close() succeeds, so a failed run leaves no partial file; pdf_abort() discards it.
 * Output is deterministic for the same content and day (the creation date is the
 * business day, not the clock).
 */
#ifndef WUYE_PDF_H
#define WUYE_PDF_H

#include "base/buf.h"

struct pdf;
struct pdf_doc;

/* The letterhead on a document's first page; empty fields are left out. */
struct pdf_head {
	const char *name;     /* the issuer: "华苑小区A区物业服务中心" */
	const char *address;
	const char *phone;
};

/* Flags of text blocks and rows. */
#define PDF_LEFT 0
#define PDF_CENTER 0x1
#define PDF_RIGHT 0x2
#define PDF_BOLD 0x4
#define PDF_SMALL 0x8      /* 9 pt sans */
#define PDF_INDENT 0x10    /* first line indented two characters (正文段落) */
#define PDF_SANS 0x20
#define PDF_LARGE 0x40     /* 14 pt */
#define PDF_SHADE 0x80     /* a table row on a grey ground */
#define PDF_RED 0x100

/* Opens `path` for writing (through a temporary file).  `day` is the creation date
 * written into the metadata.  NULL with err set when the file cannot be created. */
struct pdf *pdf_open(const char *path, const char *title, int day, struct buf *err);
/* Finishes and renames the file into place; frees p.  -1 with err on a write error
 * (the file is then removed). */
int pdf_close(struct pdf *p, struct buf *err);
/* Discards the file and frees p. */
void pdf_abort(struct pdf *p);
/* Pages written so far. */
int pdf_pages(const struct pdf *p);

/* Starts a document; head may be NULL (no letterhead).  footer, when not NULL, is
 * printed small at the bottom left of each page (a reference). */
struct pdf_doc *pdf_doc_begin(struct pdf *p, const struct pdf_head *head, const char *footer);
/* Lays out and draws the document, then frees it. */
void pdf_doc_end(struct pdf_doc *d);

/* The document's title: large, bold, centered. */
void pdf_title(struct pdf_doc *d, const char *text);
/* A section heading. */
void pdf_heading(struct pdf_doc *d, const char *text);
void pdf_text(struct pdf_doc *d, int flags, const char *text);
void pdf_textf(struct pdf_doc *d, int flags, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void pdf_markup(struct pdf_doc *d, int flags, const char *markup);
/* Vertical space in millimetres (dropped at the top of a page). */
void pdf_space(struct pdf_doc *d, double mm);
/* A thin horizontal line across the text width. */
void pdf_rule(struct pdf_doc *d);
/* Label/value pairs in `columns` columns without borders: kv is label, value, label,
 * value, ..., NULL.  Values are plain text. */
void pdf_fields(struct pdf_doc *d, int columns, const char *const *kv);

/* A table: columns with relative widths; the header row repeats on each page the table
 * runs onto.  Rows follow with pdf_row() until another block is added. */
#define PDF_MAX_COLS 10
struct pdf_col {
	const char *header;
	double width;  /* relative */
	int align;     /* PDF_LEFT, PDF_CENTER, PDF_RIGHT (amounts) */
};
void pdf_table(struct pdf_doc *d, const struct pdf_col *cols, int ncols);
/* One row of plain-text cells (as many as the table has columns; NULL is empty);
 * flags: PDF_BOLD, PDF_SHADE. */
void pdf_row(struct pdf_doc *d, int flags, const char *const *cells);

/* A QR code of `data` (27 mm) with `caption` (markup) beside it and, when `side` is not
 * NULL, that plain text right-aligned at the block's foot (the signature and date).
 * A text that cannot be encoded (too long) leaves the square empty. */
void pdf_qr(struct pdf_doc *d, const char *data, const char *caption, const char *side);
/* A dashed cut line across the page with a small label in its middle (the tear-off
 * receipt, 送达回执, follows). */
void pdf_cut(struct pdf_doc *d, const char *label);
/* The blocks between pdf_keep() and pdf_keep_end() stay on one page when they fit on
 * one: they move to the next page together rather than split. */
void pdf_keep(struct pdf_doc *d);
/* As pdf_keep(), and the group sits at the bottom of its page (a tear-off stub). */
void pdf_keep_bottom(struct pdf_doc *d);
void pdf_keep_end(struct pdf_doc *d);
void pdf_page_break(struct pdf_doc *d);

/* Frees the font caches of pango, cairo and fontconfig (they live for the process
 * otherwise).  Only for a process that renders no more, with no other thread using
 * them: the CLI calls it before it exits, so that leak checkers see a clean exit. */
void pdf_release_fonts(void);

/* Appends text escaped for Pango markup. */
void pdf_escape(struct buf *out, const char *text);

#endif
