/* buf.c: growable, always NUL-terminated byte buffers. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

char buf_empty[1];

void buf_init(struct buf *b)
{
	b->alloc = b->len = 0;
	b->buf = buf_empty;
}

void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->buf);
	buf_init(b);
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *s;

	if (len)
		*len = b->len;
	s = b->alloc ? b->buf : xstrdup("");
	buf_init(b);
	return s;
}

void buf_grow(struct buf *b, size_t extra)
{
	int fresh = !b->alloc;

	if (b->len + extra + 1 <= b->alloc)
		return;
	if (fresh)
		b->buf = NULL;
	xgrow((void **)&b->buf, &b->alloc, b->len + extra + 1, 1);
	if (fresh)
		b->buf[0] = '\0';
}

void buf_reset(struct buf *b)
{
	buf_setlen(b, 0);
}

void buf_setlen(struct buf *b, size_t len)
{
	if (!b->alloc && len == 0)
		return;
	if (len > b->len)
		buf_grow(b, len - b->len);
	b->len = len;
	b->buf[len] = '\0';
}

void buf_add(struct buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	buf_grow(b, len);
	memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addch(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(b->buf + b->len, b->alloc ? b->alloc - b->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if (b->alloc && (size_t)n < b->alloc - b->len) {
		b->len += (size_t)n;
		return;
	}
	buf_grow(b, (size_t)n);
	vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, ap);
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_setf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	buf_reset(b);
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_trim(struct buf *b)
{
	size_t start = 0, end = b->len;

	while (start < end && (b->buf[start] == ' ' || b->buf[start] == '\t' ||
			       b->buf[start] == '\r' || b->buf[start] == '\n'))
		start++;
	while (end > start && (b->buf[end - 1] == ' ' || b->buf[end - 1] == '\t' ||
			       b->buf[end - 1] == '\r' || b->buf[end - 1] == '\n'))
		end--;
	if (start)
		memmove(b->buf, b->buf + start, end - start);
	buf_setlen(b, end - start);
}

void buf_add_json_string(struct buf *b, const char *s)
{
	buf_addch(b, '"');
	while (*s) {
		/* the run of characters that need no escape, copied at once */
		const char *run = s;
		while (*s && *s != '"' && *s != '\\' && (unsigned char)*s >= 0x20)
			s++;
		buf_add(b, run, (size_t)(s - run));
		if (!*s)
			break;
		if (*s == '"' || *s == '\\') {
			buf_addch(b, '\\');
			buf_addch(b, *s);
		} else if (*s == '\n')
			buf_adds(b, "\\n");
		else
			buf_addf(b, "\\u%04x", (unsigned char)*s);
		s++;
	}
	buf_addch(b, '"');
}
