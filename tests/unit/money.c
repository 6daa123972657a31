/* money.c: fen arithmetic, rounding, parsing and formatting. */
#include "testutil.h"

#include <string.h>

#include "base/buf.h"
#include "base/money.h"

static void test_round_div_half_up(void **state)
{
	(void)state;
	/* 89.57 m² × ¥1.85 = 165.7045 → 165.70 */
	assert_int_equal(round_div((__int128)8957 * 18500, 10000), 16570);
	/* a year at that rate: 1,988.454 → 1,988.45, not 12 × 165.70 */
	assert_int_equal(round_div((__int128)8957 * 18500 * 12, 10000), 198845);
	assert_int_equal(round_div(5, 10), 1);
	assert_int_equal(round_div(4, 10), 0);
	assert_int_equal(round_div(15, 10), 2);
	assert_int_equal(round_div(-15, 10), -2);
	assert_int_equal(round_div(-14, 10), -1);
}

static void test_money_parse_forms(void **state)
{
	int64_t v;
	(void)state;
	assert_int_equal(money_parse("1234.56", &v), 0);
	assert_int_equal(v, 123456);
	assert_int_equal(money_parse("¥1,234.56", &v), 0);
	assert_int_equal(v, 123456);
	assert_int_equal(money_parse("￥1,234.5", &v), 0);
	assert_int_equal(v, 123450);
	assert_int_equal(money_parse("12元", &v), 0);
	assert_int_equal(v, 1200);
	assert_int_equal(money_parse("-0.07", &v), 0);
	assert_int_equal(v, -7);
	assert_int_equal(money_parse("0", &v), 0);
	assert_int_equal(v, 0);
}

static void test_money_parse_refuses(void **state)
{
	int64_t v;
	(void)state;
	assert_int_not_equal(money_parse("", &v), 0);
	assert_int_not_equal(money_parse("abc", &v), 0);
	assert_int_not_equal(money_parse("1.234", &v), 0);   /* more than two decimals */
	assert_int_not_equal(money_parse("1,23.00", &v), 0); /* bad grouping */
	assert_int_not_equal(money_parse("12..3", &v), 0);
	assert_int_not_equal(money_parse("99999999999999999999", &v), 0);
}

static void test_money_format(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	buf_add_yuan(&b, 123456);
	assert_string_equal(b.buf, "¥1,234.56");
	buf_reset(&b);
	buf_add_yuan(&b, 5);
	assert_string_equal(b.buf, "¥0.05");
	buf_reset(&b);
	buf_add_yuan(&b, -123456789);
	assert_string_equal(b.buf, "-¥1,234,567.89");
	buf_reset(&b);
	buf_add_yuan(&b, 100000);
	assert_string_equal(b.buf, "¥1,000.00");
	buf_reset(&b);
	buf_add_money(&b, 16570);
	assert_string_equal(b.buf, "165.70");
	buf_reset(&b);
	buf_add_money(&b, -5);
	assert_string_equal(b.buf, "-0.05");
	buf_release(&b);
}

static void test_decimal_parse_scales(void **state)
{
	int64_t v;
	(void)state;
	assert_int_equal(decimal_parse("89.57", 2, &v), 0);
	assert_int_equal(v, 8957);
	assert_int_equal(decimal_parse("0.825", 4, &v), 0);
	assert_int_equal(v, 8250);
	assert_int_equal(decimal_parse("89.575", 2, &v), -2);
	/* spreadsheet noise rounds */
	assert_int_equal(decimal_parse_round("89.569999999999993", 2, &v), 0);
	assert_int_equal(v, 8957);
	assert_int_equal(decimal_parse_round("1.3812345678E10", 0, &v), 0);
	assert_int_equal(v, 13812345678LL);
	assert_int_equal(decimal_parse_round("1201", 0, &v), 0);
	assert_int_equal(v, 1201);
}

static void capital(int64_t fen, const char *want)
{
	struct buf b = BUF_INIT;
	buf_add_yuan_capital(&b, fen);
	assert_string_equal(b.buf, want);
	buf_release(&b);
}

static void test_capital_numerals(void **state)
{
	(void)state;
	capital(16570, "壹佰陆拾伍元柒角整");
	capital(100500, "壹仟零伍元整");
	capital(105, "壹元零伍分");
	capital(50, "伍角整");
	capital(0, "零元整");
	capital(10000000, "壹拾万元整");
	capital(10000100, "壹拾万零壹元整");
	capital(198845, "壹仟玖佰捌拾捌元肆角伍分");
	capital(123456789, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分");
	capital(1000000000000LL, "壹佰亿元整");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_div_half_up),
		cmocka_unit_test(test_money_parse_forms),
		cmocka_unit_test(test_money_parse_refuses),
		cmocka_unit_test(test_money_format),
		cmocka_unit_test(test_decimal_parse_scales),
		cmocka_unit_test(test_capital_numerals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
