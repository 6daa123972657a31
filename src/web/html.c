/* html.c: escaping writers for HTML. */
#include "web/html.h"

#include <string.h>

#include "base/date.h"
#include "base/money.h"
#include "base/str.h"

void html(struct buf *b, const char *markup)
{
	buf_adds(b, markup);
}

/* The length of the well-formed UTF-8 character at s (left bytes there), else 0. */
static size_t utf8_char(const char *s, size_t left)
{
	unsigned char c = (unsigned char)*s;
	size_t len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;

	return len && len <= left && utf8_valid(s, len) ? len : 0;
}

void html_text_n(struct buf *b, const char *s, size_t n)
{
	const char *run = s;

	for (size_t i = 0; i < n; i++) {
		const char *rep;
		size_t len;
		if ((unsigned char)s[i] >= 0x80) {
			/* text as typed may be invalid UTF-8 (a refused field shown back): each
			 * byte that is not part of a character becomes U+FFFD, so that every
			 * page is well-formed */
			if ((len = utf8_char(s + i, n - i))) {
				i += len - 1;
				continue;
			}
			buf_add(b, run, (size_t)(s + i - run));
			buf_adds(b, "\xEF\xBF\xBD");
			run = s + i + 1;
			continue;
		}
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\0': rep = "\xEF\xBF\xBD"; break; /* U+FFFD: a NUL never reaches the page */
		default: continue;
		}
		buf_add(b, run, (size_t)(s + i - run));
		buf_adds(b, rep);
		run = s + i + 1;
	}
	buf_add(b, run, (size_t)(s + n - run));
}

void html_text(struct buf *b, const char *s)
{
	if (s)
		html_text_n(b, s, strlen(s));
}

void html_attr(struct buf *b, const char *s)
{
	html_text(b, s);
}

void html_url(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("-_.~", c))
			buf_addch(b, c);
		else {
			buf_addch(b, '%');
			buf_addch(b, hex[c >> 4]);
			buf_addch(b, hex[c & 15]);
		}
	}
}

void vhtmlf(struct buf *b, const char *fmt, va_list ap)
{
	const char *p = fmt;

	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			buf_adds(b, p);
			return;
		}
		buf_add(b, p, (size_t)(pct - p));
		p = pct + 1;
		switch (*p) {
		case 's':
			html_text(b, va_arg(ap, const char *));
			break;
		case 'U':
			html_url(b, va_arg(ap, const char *));
			break;
		case 'd':
		case 'i':
			buf_addf(b, "%d", va_arg(ap, int));
			break;
		case 'u':
			buf_addf(b, "%u", va_arg(ap, unsigned));
			break;
		case 'Y':
			buf_add_yuan(b, va_arg(ap, int64_t));
			break;
		case 'D': {
			int day = va_arg(ap, int);
			if (day != DATE_MIN)
				buf_add_date(b, day);
			break;
		}
		case 'z':
			if (p[1] == 'u') {
				buf_addf(b, "%zu", va_arg(ap, size_t));
				p++;
			}
			break;
		case 'l':
			if (p[1] == 'd') {
				buf_addf(b, "%ld", va_arg(ap, long));
				p++;
			} else if (p[1] == 'l' && p[2] == 'd') {
				buf_addf(b, "%lld", va_arg(ap, long long));
				p += 2;
			}
			break;
		case '%':
			buf_addch(b, '%');
			break;
		case '\0':
			buf_addch(b, '%');
			return;
		default:
			/* an unknown conversion is a programmer's error: shown, not crashed on */
			buf_addch(b, '%');
			buf_addch(b, *p);
			break;
		}
		p++;
	}
}

void htmlf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vhtmlf(b, fmt, ap);
	va_end(ap);
}
