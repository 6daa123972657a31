/* doc.h: the printable documents, one renderer per kind, behind one table.
 *
 * A renderer draws one document from its content (the JSON that core/documents.c
 * builds; its shape is documented there) into an open PDF.  doc_write() renders a list
 * of contents of one kind into one file.  To add a kind: write doc_<kind>.c with a
 * render function, declare it below, and add it to doc_kinds[] in doc.c.
 */
#ifndef WUYE_DOC_H
#define WUYE_DOC_H

#include <jansson.h>

#include "base/buf.h"
#include "doc/pdf.h"

struct doc_kind {
	const char *name;   /* "payment-notice", as the command names it */
	const char *title;  /* the PDF's title: "缴费通知单" */
	void (*render)(struct pdf *p, json_t *content);
};

extern const struct doc_kind doc_kinds[];
/* NULL when unknown. */
const struct doc_kind *doc_kind_find(const char *name);

/* Writes each object of `list` (an array) as one document into `path`; *pages receives
 * the page count (may be NULL).  -1 with err when the file cannot be written (then no
 * file is left behind). */
int doc_write(const char *path, const struct doc_kind *k, json_t *list, int day, int *pages, struct buf *err);

/* The renderers (doc_*.c). */
void doc_payment_notice(struct pdf *p, json_t *c);
void doc_demand(struct pdf *p, json_t *c);
void doc_lawyer_letter(struct pdf *p, json_t *c);
void doc_receipt(struct pdf *p, json_t *c);
void doc_statement(struct pdf *p, json_t *c);
void doc_public_notice(struct pdf *p, json_t *c);
void doc_weekly_review(struct pdf *p, json_t *c); /* weekly.c */

/* Helpers the renderers share (doc.c). */
const char *doc_str(json_t *o, const char *key);      /* "" when missing */
long long doc_int(json_t *o, const char *key);
/* The letterhead of the content's issuer. */
void doc_head(json_t *c, struct pdf_head *h);
/* "2026-11-27" → "2026年11月27日"; "" stays "". */
void doc_add_date(struct buf *out, const char *iso);
/* A daily late-fee rate in words: 300 ppm → "万分之三", 150 → "万分之一点五". */
void doc_add_daily_rate(struct buf *out, long long ppm);
/* The issuer's signature, date and seal line, right-aligned. */
void doc_signature(struct pdf_doc *d, const char *who, const char *iso_day, int seal);
/* The pay-by-QR block with the link printed under its caption; sign, when not NULL,
 * is the issuer who signs beside it (with the date and, seal set, the seal line). */
void doc_pay_qr(struct pdf_doc *d, const char *link, const char *sign, const char *iso_day, int seal);
/* The table of a demand's overdue bills, with a total row. */
void doc_arrears_table(struct pdf_doc *d, json_t *c);

#endif
