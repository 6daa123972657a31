/* date.c: civil dates, parsing, periods. */
#include "testutil.h"

#include "base/date.h"

static void test_round_trip_every_day_1900_2100(void **state)
{
	(void)state;
	for (int day = date_from_ymd(1900, 1, 1); day <= date_from_ymd(2100, 12, 31); day++) {
		int y, m, d;
		date_to_ymd(day, &y, &m, &d);
		assert_int_equal(date_from_ymd(y, m, d), day);
		assert_true(date_valid_ymd(y, m, d));
	}
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(2026, 11, 27) - date_from_ymd(2026, 7, 15), 135);
}

static void test_parse_strict_and_format(void **state)
{
	int day;
	char s[11];
	(void)state;
	assert_int_equal(date_parse("2026-11-27", &day), 0);
	date_format(day, s);
	assert_string_equal(s, "2026-11-27");
	assert_int_not_equal(date_parse("2026-02-29", &day), 0);
	assert_int_equal(date_parse("2028-02-29", &day), 0);
	assert_int_not_equal(date_parse("2026-1-5", &day), 0);
	assert_int_not_equal(date_parse("2026/11/27", &day), 0);
	assert_int_not_equal(date_parse("", &day), 0);
	date_format(DATE_MIN, s);
	assert_string_equal(s, "");
}

static void test_parse_loose_spreadsheet_forms(void **state)
{
	int day, want = date_from_ymd(2019, 6, 1);
	(void)state;
	assert_int_equal(date_parse_loose("2019/6/1", &day), 0);
	assert_int_equal(day, want);
	assert_int_equal(date_parse_loose("2019.06.01", &day), 0);
	assert_int_equal(day, want);
	assert_int_equal(date_parse_loose("2019年6月1日", &day), 0);
	assert_int_equal(day, want);
	assert_int_equal(date_parse_loose(" 2019-06-01 00:00:00", &day), 0);
	assert_int_equal(day, want);
	assert_int_not_equal(date_parse_loose("2019-13-01", &day), 0);
	assert_int_not_equal(date_parse_loose("六月一日", &day), 0);
	assert_int_not_equal(date_parse_loose("2019-06-01x", &day), 0);
}

static void test_weekday_and_months(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(date_from_ymd(2026, 11, 27)), 4); /* a Friday */
	assert_int_equal(date_add_months(date_from_ymd(2026, 1, 31), 1), date_from_ymd(2026, 2, 28));
	assert_int_equal(date_add_months(date_from_ymd(2026, 11, 15), 3), date_from_ymd(2027, 2, 15));
}

static void test_shanghai_today(void **state)
{
	(void)state;
	/* 2026-11-26 16:00 UTC is already 2026-11-27 00:00 in Shanghai */
	assert_int_equal(date_of_unix_shanghai(1795708800), date_from_ymd(2026, 11, 27));
	assert_int_equal(date_of_unix_shanghai(1795708799), date_from_ymd(2026, 11, 26));
}

static void test_periods(void **state)
{
	struct period p;
	char s[9];
	(void)state;
	assert_int_equal(period_parse("2026-07", &p), 0);
	assert_int_equal(period_first_day(&p), date_from_ymd(2026, 7, 1));
	assert_int_equal(period_last_day(&p), date_from_ymd(2026, 7, 31));
	assert_int_equal(period_parse("2026-Q3", &p), 0);
	assert_int_equal(period_first_day(&p), date_from_ymd(2026, 7, 1));
	assert_int_equal(period_last_day(&p), date_from_ymd(2026, 9, 30));
	assert_int_equal(period_months(&p), 3);
	period_format(&p, s);
	assert_string_equal(s, "2026-Q3");
	assert_int_equal(period_parse("2026", &p), 0);
	assert_int_equal(period_last_day(&p), date_from_ymd(2026, 12, 31));
	period_format(&p, s);
	assert_string_equal(s, "2026");
	assert_int_not_equal(period_parse("2026-13", &p), 0);
	assert_int_not_equal(period_parse("2026-Q5", &p), 0);
	assert_int_not_equal(period_parse("26-01", &p), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_every_day_1900_2100),
		cmocka_unit_test(test_parse_strict_and_format),
		cmocka_unit_test(test_parse_loose_spreadsheet_forms),
		cmocka_unit_test(test_weekday_and_months),
		cmocka_unit_test(test_shanghai_today),
		cmocka_unit_test(test_periods),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
