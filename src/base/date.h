/* date.h: civil dates as day numbers.
 *
 * A date is an int: days since 1970-01-01 in the proleptic Gregorian calendar.  All
 * business dates are civil dates in Asia/Shanghai (UTC+8, no daylight saving since
 * 1991), so no time zone database is involved.  "Today" is never read inside core/:
 * the CLI and the server take it from --today or date_today_shanghai() and pass it in.
 *
 * DATE_MIN and DATE_MAX stand for "since the beginning of time" and "open ended" in
 * history tables (ownership, unit state); they format as "" .
 */
#ifndef WUYE_DATE_H
#define WUYE_DATE_H

#include <stdint.h>
#include <time.h>

#include "buf.h"

#define DATE_MIN (-719162) /* 0001-01-01 */
#define DATE_MAX 2932896   /* 9999-12-31 */

int date_from_ymd(int y, int m, int d);
void date_to_ymd(int day, int *y, int *m, int *d);
int date_valid_ymd(int y, int m, int d);
int date_days_in_month(int y, int m);
/* 0 = Monday ... 6 = Sunday */
int date_weekday(int day);
/* Add months, clamping the day to the month's length (01-31 + 1 month = 02-28). */
int date_add_months(int day, int months);
int date_first_of_month(int day);

/* Strict ISO form YYYY-MM-DD; 0 on success. */
int date_parse(const char *s, int *day);
/* Lenient forms found in spreadsheets: 2026-11-27, 2026/11/27, 2026.11.27, 2026年11月27日,
 * with or without leading zeros, optionally followed by a time. */
int date_parse_loose(const char *s, int *day);
/* Writes "YYYY-MM-DD" into out (at least 11 bytes); DATE_MIN/DATE_MAX write "". */
void date_format(int day, char out[static 11]);
void buf_add_date(struct buf *b, int day);

/* Today's civil date in Asia/Shanghai for the given UNIX time. */
int date_of_unix_shanghai(time_t t);
int date_today_shanghai(void);

/* Periods are written "2026-07" (month), "2026-Q3" (quarter) or "2026" (year). */
enum period_kind { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR };
struct period {
	enum period_kind kind;
	int year;
	int index; /* month 1-12, quarter 1-4, unused for years */
};
int period_parse(const char *s, struct period *p);
void period_format(const struct period *p, char out[static 9]);
int period_first_day(const struct period *p);
/* Last day, inclusive. */
int period_last_day(const struct period *p);
int period_months(const struct period *p);

#endif
