/* money.c: fen arithmetic, rounding, and decimal parsing and formatting. */
#include "money.h"

#include <ctype.h>
#include <string.h>

int64_t round_div(__int128 num, __int128 den)
{
	__int128 q, r;

	q = num / den;
	r = num % den;
	if (r < 0)
		r = -r;
	if (2 * r >= den)
		q += num < 0 ? -1 : 1;
	return (int64_t)q;
}

/* Parses sign, integer part (with optional groups of three after commas), fraction
 * digits.  Fills digits of the fraction beyond `scale` into *extra (first extra digit,
 * and whether any nonzero digit follows it) so callers can refuse or round. */
static int parse_fixed(const char *s, int scale, int64_t *out, int *first_extra, int *more_extra)
{
	const char *p = s;
	int neg = 0, digits = 0, frac = 0, group = -1;
	__int128 v = 0;

	*first_extra = -1;
	*more_extra = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	while (isdigit((unsigned char)*p) || *p == ',') {
		if (*p == ',') {
			if (!digits || (group >= 0 && group != 3))
				return -1;
			group = 0;
			p++;
			continue;
		}
		if (group >= 0)
			group++;
		v = v * 10 + (*p++ - '0');
		digits++;
		if (v > ((__int128)INT64_MAX) * 10)
			return -3;
	}
	if (group >= 0 && group != 3)
		return -1;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			if (frac < scale) {
				v = v * 10 + (*p - '0');
				frac++;
			} else if (*first_extra < 0) {
				*first_extra = *p - '0';
			} else if (*p != '0') {
				*more_extra = 1;
			}
			p++;
			digits++;
		}
	}
	if (!digits)
		return -1;
	for (; frac < scale; frac++)
		v *= 10;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p)
		return -1;
	if (v > INT64_MAX)
		return -3;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

int decimal_parse(const char *s, int scale, int64_t *out)
{
	int first, more, rc;
	int64_t v;

	rc = parse_fixed(s, scale, &v, &first, &more);
	if (rc)
		return rc;
	if (first > 0 || more)
		return -2;
	*out = v;
	return 0;
}

static int parse_exponent_form(const char *s, int scale, int64_t *out)
{
	/* mantissa E exponent, as spreadsheets write big integers: 1.3812345678E10 */
	char mant[64];
	const char *e = strpbrk(s, "eE");
	int64_t m, exp = 0;
	int neg = 0, i;
	size_t n;
	__int128 v;

	if (!e || (size_t)(e - s) >= sizeof(mant))
		return -1;
	n = (size_t)(e - s);
	memcpy(mant, s, n);
	mant[n] = '\0';
	e++;
	if (*e == '+' || *e == '-')
		neg = *e++ == '-';
	if (!*e)
		return -1;
	for (; *e; e++) {
		if (!isdigit((unsigned char)*e) || exp > 100)
			return -1;
		exp = exp * 10 + (*e - '0');
	}
	if (neg)
		exp = -exp;
	/* parse mantissa with 12 extra digits of precision, then shift */
	if (decimal_parse_round(mant, 12, &m))
		return -1;
	v = m;
	exp += scale - 12;
	for (i = 0; i < exp; i++) {
		v *= 10;
		if (v > INT64_MAX || v < -INT64_MAX)
			return -3;
	}
	if (exp < 0) {
		__int128 den = 1;
		for (i = 0; i < -exp && i < 36; i++)
			den *= 10;
		v = round_div(v, den);
	}
	*out = (int64_t)v;
	return 0;
}

int decimal_parse_round(const char *s, int scale, int64_t *out)
{
	int first, more, rc;
	int64_t v;

	if (strpbrk(s, "eE"))
		return parse_exponent_form(s, scale, out);
	rc = parse_fixed(s, scale, &v, &first, &more);
	if (rc)
		return rc;
	if (first >= 5)
		v += v < 0 ? -1 : 1;
	*out = v;
	return 0;
}

void buf_add_decimal(struct buf *b, int64_t v, int scale)
{
	char digits[32];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n = 0;

	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u || n <= scale);
	if (v < 0)
		buf_addch(b, '-');
	while (n > scale)
		buf_addch(b, digits[--n]);
	if (scale) {
		buf_addch(b, '.');
		while (n > 0)
			buf_addch(b, digits[--n]);
	}
}

void buf_add_decimal_trim(struct buf *b, int64_t v, int scale, int min_scale)
{
	size_t start = b->len;

	buf_add_decimal(b, v, scale);
	if (!scale)
		return;
	while (scale > min_scale && b->buf[b->len - 1] == '0') {
		buf_setlen(b, b->len - 1);
		scale--;
	}
	if (!scale && b->buf[b->len - 1] == '.')
		buf_setlen(b, b->len - 1);
	(void)start;
}

int money_parse(const char *s, int64_t *fen)
{
	char tmp[64];
	const char *p = s;
	size_t n;
	int neg = 0;

	while (*p == ' ')
		p++;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (!strncmp(p, "\xc2\xa5", 2)) /* ¥ */
		p += 2;
	else if (!strncmp(p, "\xef\xbf\xa5", 3)) /* ￥ */
		p += 3;
	n = strlen(p);
	while (n && p[n - 1] == ' ')
		n--;
	if (n >= 3 && !strncmp(p + n - 3, "\xe5\x85\x83", 3)) /* 元 */
		n -= 3;
	if (n == 0 || n + 2 >= sizeof(tmp) || p[0] == '-' || p[0] == '+')
		return -1;
	tmp[0] = neg ? '-' : '+';
	memcpy(tmp + 1, p, n);
	tmp[n + 1] = '\0';
	return decimal_parse(tmp, 2, fen);
}

void buf_add_money(struct buf *b, int64_t fen)
{
	buf_add_decimal(b, fen, 2);
}

void buf_add_yuan(struct buf *b, int64_t fen)
{
	char digits[32];
	uint64_t u = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	uint64_t yuan = u / 100;
	int n = 0;

	if (fen < 0)
		buf_addch(b, '-');
	buf_adds(b, "\xc2\xa5");
	do {
		digits[n++] = (char)('0' + yuan % 10);
		yuan /= 10;
	} while (yuan);
	while (n > 0) {
		buf_addch(b, digits[--n]);
		if (n && n % 3 == 0)
			buf_addch(b, ',');
	}
	buf_addf(b, ".%02u", (unsigned)(u % 100));
}

void buf_add_yuan_capital(struct buf *b, int64_t fen)
{
	static const char *const digit[] = { "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖" };
	static const char *const place[] = { "", "拾", "佰", "仟" };
	static const char *const section[] = { "", "万", "亿", "万亿" };
	uint64_t u = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	uint64_t yuan = u / 100;
	int jiao = (int)(u / 10 % 10), fen_digit = (int)(u % 10);
	int groups[5], ngroups = 0, emitted = 0, zero = 0;

	if (fen < 0)
		buf_adds(b, "负");
	if (!u) {
		buf_adds(b, "零元整");
		return;
	}
	for (uint64_t y = yuan; y; y /= 10000)
		groups[ngroups++] = (int)(y % 10000);
	for (int g = ngroups - 1; g >= 0; g--) {
		int v = groups[g];
		if (!v) {
			zero = emitted;
			continue;
		}
		for (int p = 3; p >= 0; p--) {
			int d = v / (p == 3 ? 1000 : p == 2 ? 100 : p == 1 ? 10 : 1) % 10;
			if (!d) {
				zero = emitted;
				continue;
			}
			if (zero)
				buf_adds(b, digit[0]);
			buf_adds(b, digit[d]);
			buf_adds(b, place[p]);
			emitted = 1;
			zero = 0;
		}
		buf_adds(b, section[g < 4 ? g : 3]);
	}
	if (emitted)
		buf_adds(b, "元");
	if (!jiao && !fen_digit) {
		buf_adds(b, "整");
		return;
	}
	if (jiao) {
		buf_adds(b, digit[jiao]);
		buf_adds(b, "角");
	} else if (emitted) {
		buf_adds(b, digit[0]);
	}
	if (fen_digit) {
		buf_adds(b, digit[fen_digit]);
		buf_adds(b, "分");
	} else {
		buf_adds(b, "整");
	}
}
