/* phone.c: validating, normalizing, splitting and masking phone numbers. */
#include "core/phone.h"

#include <stdlib.h>
#include <string.h>

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* ASCII copy with full-width digits, hyphen and plus folded (１ → 1, － → -, ＋ → +). */
static void fold_fullwidth(const char *in, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)in;

	while (*p) {
		if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99) {
			buf_addch(out, '0' + (p[2] - 0x90));
			p += 3;
		} else if (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x8d) {
			buf_addch(out, '-');
			p += 3;
		} else if (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x8b) {
			buf_addch(out, '+');
			p += 3;
		} else {
			buf_addch(out, (char)*p++);
		}
	}
}

int phone_is_mobile(const char *s)
{
	if (strlen(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9')
		return 0;
	for (int i = 0; i < 11; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

static int is_landline(const char *s)
{
	/* 0 + 2-3 digits, optional '-', 7-8 digits */
	const char *dash = strchr(s, '-');
	size_t digits = 0;

	if (s[0] != '0')
		return 0;
	for (const char *p = s; *p; p++) {
		if (is_digit(*p))
			digits++;
		else if (p != dash)
			return 0;
	}
	if (dash) {
		size_t area = (size_t)(dash - s), local = strlen(dash + 1);
		return area >= 3 && area <= 4 && local >= 7 && local <= 8;
	}
	return digits >= 10 && digits <= 12;
}

int phone_normalize(const char *in, struct buf *out)
{
	struct buf folded = BUF_INIT, digits = BUF_INIT;
	const char *s;
	int rc = -1;

	fold_fullwidth(in, &folded);
	s = folded.buf;
	/* a mobile number, possibly written +86 138-1234-5678 or 0086... */
	for (const char *p = s; *p; p++)
		if (is_digit(*p))
			buf_addch(&digits, *p);
		else if (*p != '-' && !(*p == '+' && p == s))
			goto landline;
	if (s[0] == '+' && str_starts_with(digits.buf, "86") && digits.len == 13)
		memmove(digits.buf, digits.buf + 2, 12), digits.len = 11;
	else if (str_starts_with(digits.buf, "0086") && digits.len == 15)
		memmove(digits.buf, digits.buf + 4, 12), digits.len = 11;
	if (phone_is_mobile(digits.buf)) {
		buf_reset(out);
		buf_add(out, digits.buf, 11);
		rc = 0;
		goto cleanup;
	}
landline:
	if (is_landline(s)) {
		buf_reset(out);
		buf_adds(out, s);
		rc = 0;
	}
cleanup:
	buf_release(&folded);
	buf_release(&digits);
	return rc;
}

void phone_split(const char *cell, struct strlist *out)
{
	static const char *const seps[] = {
		"/", "\xe3\x80\x81" /* 、 */, ";", "\xef\xbc\x9b" /* ； */, ",", "\xef\xbc\x8c" /* ， */,
		" ", "\t", "\n", "\xe3\x80\x80" /* ideographic space */, "\xef\xbc\x8f" /* ／ */, NULL
	};
	size_t first = out->nr;

	str_split_any(out, cell, seps);
	/* "+86 138..." is one number written with a space: join a lone country code to
	 * the number after it */
	for (size_t i = first; i + 1 < out->nr; i++) {
		const char *p = out->items[i];
		if (strcmp(p, "+86") && strcmp(p, "0086") && strcmp(p, "\xef\xbc\x8b" "86"))
			continue;
		{
			struct buf joined = BUF_INIT;
			buf_addf(&joined, "+86%s", out->items[i + 1]);
			free(out->items[i]);
			free(out->items[i + 1]);
			out->items[i] = buf_detach(&joined, NULL);
			memmove(&out->items[i + 1], &out->items[i + 2], (out->nr - i - 2) * sizeof(char *));
			out->nr--;
		}
	}
}

void phone_mask(const char *s, struct buf *out)
{
	size_t n = strlen(s);

	buf_reset(out);
	if (n <= 4) {
		buf_adds(out, "****");
		return;
	}
	if (phone_is_mobile(s)) {
		buf_add(out, s, 3);
		buf_adds(out, "****");
		buf_adds(out, s + 7);
		return;
	}
	/* landline: keep the area code and the last four digits */
	{
		const char *dash = strchr(s, '-');
		size_t keep = dash ? (size_t)(dash - s + 1) : 0;
		buf_add(out, s, keep);
		buf_adds(out, "****");
		buf_adds(out, s + n - 4);
	}
}
