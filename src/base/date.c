/* date.c: civil date arithmetic (Howard Hinnant's days_from_civil algorithms). */
#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(int day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

int date_valid_ymd(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_days_in_month(y, m);
}

int date_weekday(int day)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	int w = (day + 3) % 7;
	return w < 0 ? w + 7 : w;
}

int date_add_months(int day, int months)
{
	int y, m, d, total, dim;

	date_to_ymd(day, &y, &m, &d);
	total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	dim = date_days_in_month(y, m);
	return date_from_ymd(y, m, d > dim ? dim : d);
}

int date_first_of_month(int day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return date_from_ymd(y, m, 1);
}

static int read_int(const char **p, int maxdigits, int *out)
{
	int n = 0, v = 0;

	while (n < maxdigits && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (!n)
		return -1;
	*out = v;
	return 0;
}

int date_parse(const char *s, int *day)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (!date_valid_ymd(y, m, d))
		return -1;
	*day = date_from_ymd(y, m, d);
	return 0;
}

int date_parse_loose(const char *s, int *day)
{
	const char *p = s;
	int y, m, d;

	while (*p == ' ' || *p == '\t')
		p++;
	if (read_int(&p, 4, &y) || y < 1000)
		return -1;
	/* separators: '-', '/', '.', or 年 (E5 B9 B4) / 月 (E6 9C 88) */
	if (*p == '-' || *p == '/' || *p == '.')
		p++;
	else if (!strncmp(p, "\xe5\xb9\xb4", 3))
		p += 3;
	else
		return -1;
	if (read_int(&p, 2, &m))
		return -1;
	if (*p == '-' || *p == '/' || *p == '.')
		p++;
	else if (!strncmp(p, "\xe6\x9c\x88", 3))
		p += 3;
	else
		return -1;
	if (read_int(&p, 2, &d))
		return -1;
	if (!strncmp(p, "\xe6\x97\xa5", 3)) /* 日 */
		p += 3;
	/* an optional time of day, as spreadsheets write "2020-05-01 00:00:00" */
	if (*p == ' ' || *p == 'T') {
		const char *t = p + 1;
		int hh, mm;
		if (read_int(&t, 2, &hh) || *t != ':' || (t++, read_int(&t, 2, &mm)))
			return -1;
		if (*t == ':') {
			int ss;
			t++;
			if (read_int(&t, 2, &ss))
				return -1;
		}
		p = t;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p || !date_valid_ymd(y, m, d))
		return -1;
	*day = date_from_ymd(y, m, d);
	return 0;
}

/* Writes v as exactly n digits (v is known to fit). */
static void put_digits(char *out, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void date_format(int day, char out[static 11])
{
	int y, m, d;

	if (day <= DATE_MIN || day >= DATE_MAX) {
		out[0] = '\0';
		return;
	}
	date_to_ymd(day, &y, &m, &d);
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
}

void buf_add_date(struct buf *b, int day)
{
	char s[11];

	date_format(day, s);
	buf_adds(b, s);
}

int date_of_unix_shanghai(time_t t)
{
	long long secs = (long long)t + 8 * 3600;
	long long days = secs / 86400;

	if (secs % 86400 < 0)
		days--;
	return (int)days;
}

int date_today_shanghai(void)
{
	return date_of_unix_shanghai(time(NULL));
}

int period_parse(const char *s, struct period *p)
{
	const char *q = s;
	int y, n;

	if (read_int(&q, 4, &y) || q - s != 4 || y < 1900)
		return -1;
	if (!*q) {
		p->kind = PERIOD_YEAR;
		p->year = y;
		p->index = 1;
		return 0;
	}
	if (*q++ != '-')
		return -1;
	if (*q == 'Q' || *q == 'q') {
		q++;
		if (!isdigit((unsigned char)*q) || q[1])
			return -1;
		n = *q - '0';
		if (n < 1 || n > 4)
			return -1;
		p->kind = PERIOD_QUARTER;
		p->year = y;
		p->index = n;
		return 0;
	}
	if (!isdigit((unsigned char)q[0]) || !isdigit((unsigned char)q[1]) || q[2])
		return -1;
	n = (q[0] - '0') * 10 + (q[1] - '0');
	if (n < 1 || n > 12)
		return -1;
	p->kind = PERIOD_MONTH;
	p->year = y;
	p->index = n;
	return 0;
}

void period_format(const struct period *p, char out[static 9])
{
	put_digits(out, p->year, 4);
	switch (p->kind) {
	case PERIOD_MONTH:
		out[4] = '-';
		put_digits(out + 5, p->index, 2);
		out[7] = '\0';
		break;
	case PERIOD_QUARTER:
		out[4] = '-';
		out[5] = 'Q';
		put_digits(out + 6, p->index, 1);
		out[7] = '\0';
		break;
	case PERIOD_YEAR:
		out[4] = '\0';
		break;
	}
}

int period_months(const struct period *p)
{
	return p->kind == PERIOD_MONTH ? 1 : p->kind == PERIOD_QUARTER ? 3 : 12;
}

int period_first_day(const struct period *p)
{
	int month = p->kind == PERIOD_MONTH ? p->index :
		    p->kind == PERIOD_QUARTER ? (p->index - 1) * 3 + 1 : 1;
	return date_from_ymd(p->year, month, 1);
}

int period_last_day(const struct period *p)
{
	return date_add_months(period_first_day(p), period_months(p)) - 1;
}
