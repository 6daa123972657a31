/* str.c: string helpers. */
#include "str.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

int utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

static uint32_t next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t cp;

	if (s[0] < 0x80) {
		cp = s[0];
		*p += 1;
	} else if ((s[0] & 0xe0) == 0xc0 && s[1]) {
		cp = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		*p += 2;
	} else if ((s[0] & 0xf0) == 0xe0 && s[1] && s[2]) {
		cp = ((uint32_t)(s[0] & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		*p += 3;
	} else if ((s[0] & 0xf8) == 0xf0 && s[1] && s[2] && s[3]) {
		cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) |
		     ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
		*p += 4;
	} else {
		cp = 0xfffd;
		*p += 1;
	}
	return cp;
}

static int wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
	       (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	       (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	       (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
}

size_t utf8_width(const char *str)
{
	const unsigned char *p = (const unsigned char *)str;
	size_t w = 0;

	while (*p)
		w += wide(next_cp(&p)) ? 2 : 1;
	return w;
}

static size_t blank_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if (!strncmp(s, "\xe3\x80\x80", 3)) /* U+3000 ideographic space */
		return 3;
	if (!strncmp(s, "\xc2\xa0", 2)) /* NBSP */
		return 2;
	return 0;
}

char *str_trim(char *s)
{
	char *start = s, *end;
	size_t n;

	while ((n = blank_len(start)))
		start += n;
	end = start + strlen(start);
	for (;;) {
		if (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
			end--;
		else if (end - start >= 3 && !strncmp(end - 3, "\xe3\x80\x80", 3))
			end -= 3;
		else if (end - start >= 2 && !strncmp(end - 2, "\xc2\xa0", 2))
			end -= 2;
		else
			break;
	}
	n = (size_t)(end - start);
	if (start != s)
		memmove(s, start, n);
	s[n] = '\0';
	return s;
}

int str_starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

int str_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !memcmp(s + n - m, suffix, m);
}

int str_to_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (!*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void strlist_add_n(struct strlist *l, const char *s, size_t n)
{
	XGROW(l->items, l->alloc, l->nr + 1);
	l->items[l->nr++] = xstrndup(s, n);
}

void strlist_add(struct strlist *l, const char *s)
{
	strlist_add_n(l, s, strlen(s));
}

void strlist_clear(struct strlist *l)
{
	for (size_t i = 0; i < l->nr; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->nr = l->alloc = 0;
}

void str_split_any(struct strlist *out, const char *s, const char *const *seps)
{
	const char *start = s, *p = s;

	while (*p) {
		size_t seplen = 0;
		for (const char *const *sep = seps; *sep; sep++) {
			size_t n = strlen(*sep);
			if (!strncmp(p, *sep, n)) {
				seplen = n;
				break;
			}
		}
		if (!seplen) {
			p++;
			continue;
		}
		if (p > start) {
			char *piece = xstrndup(start, (size_t)(p - start));
			if (*str_trim(piece))
				strlist_add(out, piece);
			free(piece);
		}
		p += seplen;
		start = p;
	}
	if (p > start) {
		char *piece = xstrndup(start, (size_t)(p - start));
		if (*str_trim(piece))
			strlist_add(out, piece);
		free(piece);
	}
}
