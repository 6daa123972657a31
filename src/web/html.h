/* html.h: writing HTML with every piece of data escaped by construction (cgit's html.c).
 *
 * html() appends trusted markup (a literal of the source); everything that comes from
 * data goes through html_text() (element content) or html_attr() (a quoted attribute
 * value), which escape & < > " '.  htmlf() is the formatter: its %s arguments are
 * escaped text, so a page cannot forget to escape one:
 *   %s   a string, escaped (NULL prints nothing)
 *   %d %i %u %ld %lld %zu   integers
 *   %Y   int64 fen as an amount: ¥1,234.56
 *   %D   int day as a date: 2026-11-27 (DATE_MIN prints nothing)
 *   %U   a string percent-encoded for a URL's query or path segment
 *   %%   a percent sign
 */
#ifndef WUYE_HTML_H
#define WUYE_HTML_H

#include <stdarg.h>
#include <stdint.h>

#include "base/buf.h"

void html(struct buf *b, const char *markup);
void html_text(struct buf *b, const char *s);
void html_text_n(struct buf *b, const char *s, size_t n);
void html_attr(struct buf *b, const char *s);
void html_url(struct buf *b, const char *s);
void htmlf(struct buf *b, const char *fmt, ...);
void vhtmlf(struct buf *b, const char *fmt, va_list ap);

#endif
