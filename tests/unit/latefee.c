/* latefee.c: late fees to the fen, at the grace boundary and at the cap. */
#include "testutil.h"

#include "base/date.h"
#include "core/latefee.h"

static const struct latefee_terms wan3 = { 300, 0, 100 };

static void test_cli_example_paid_on_day_65(void **state)
{
	/* ¥165.70 due 05-15 and paid on 07-20 accrues for 05-16 … 07-19, 65 days, 323 fen */
	struct principal_change paid = { date_from_ymd(2026, 7, 20), 16570 };
	int due = date_from_ymd(2026, 5, 15);
	(void)state;
	assert_int_equal(latefee_accrued(16570, due, &wan3, &paid, 1, date_from_ymd(2026, 7, 20)), 323);
	/* settled: asking later changes nothing */
	assert_int_equal(latefee_accrued(16570, due, &wan3, &paid, 1, date_from_ymd(2027, 1, 1)), 323);
	/* on the day of payment, before it was known, one more day would have counted */
	assert_int_equal(latefee_accrued(16570, due, &wan3, NULL, 0, date_from_ymd(2026, 7, 20)), 328);
}

static void test_nothing_until_due_plus_grace(void **state)
{
	struct latefee_terms t = { 300, 10, 100 };
	int due = date_from_ymd(2026, 7, 15);
	(void)state;
	assert_int_equal(latefee_accrued(100000, due, &t, NULL, 0, due), 0);
	assert_int_equal(latefee_accrued(100000, due, &t, NULL, 0, due + 10), 0);
	/* day 11 after due is the first day: 100000 × 0.0003 = 30 fen */
	assert_int_equal(latefee_accrued(100000, due, &t, NULL, 0, due + 11), 30);
	assert_int_equal(latefee_accrued(100000, due, &t, NULL, 0, due + 12), 60);
}

static void test_partial_payment_lowers_the_base(void **state)
{
	int due = date_from_ymd(2026, 1, 1);
	struct principal_change half = { due + 11, 50000 };
	(void)state;
	/* 10 days on 100000 (300) + 10 days on 50000 (150) */
	assert_int_equal(latefee_accrued(100000, due, &wan3, &half, 1, due + 20), 450);
}

static void test_cap(void **state)
{
	struct latefee_terms capped = { 300, 0, 10 };
	struct latefee_terms none = { 300, 0, 0 };
	int due = date_from_ymd(2020, 1, 1);
	(void)state;
	/* 10 years of 万分之三 would be 109.6%: capped at 10% of 16570 = 1657 */
	assert_int_equal(latefee_accrued(16570, due, &capped, NULL, 0, due + 3653), 1657);
	assert_int_equal(latefee_accrued(16570, due, &wan3, NULL, 0, due + 3653), 16570);
	assert_int_equal(latefee_accrued(16570, due, &none, NULL, 0, due + 30), 0);
	/* just below the cap it is the plain sum: 333 days × 16570 × 0.0003 = 1655.343 */
	assert_int_equal(latefee_accrued(16570, due, &capped, NULL, 0, due + 333), 1655);
}

static void test_rounding_once_half_up(void **state)
{
	int due = date_from_ymd(2026, 1, 1);
	(void)state;
	/* 5 days × 1 fen × 0.0003 is 0.0015 fen: rounds to 0, not 5 × 0 or 5 × 1 */
	assert_int_equal(latefee_accrued(1, due, &wan3, NULL, 0, due + 5), 0);
	/* 16570 × 0.0003 = 4.971 per day; 3 days 14.913 → 15 */
	assert_int_equal(latefee_accrued(16570, due, &wan3, NULL, 0, due + 3), 15);
}

static void test_unsorted_and_early_changes(void **state)
{
	int due = date_from_ymd(2026, 1, 1);
	struct principal_change ch[] = { { due + 5, 30000 }, { due - 10, 20000 } };
	(void)state;
	/* paid 20000 before due, 30000 on day 5: 4 days on 80000 (96) + 6 days on 50000 (90) */
	assert_int_equal(latefee_accrued(100000, due, &wan3, ch, 2, due + 10), 186);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_example_paid_on_day_65),
		cmocka_unit_test(test_nothing_until_due_plus_grace),
		cmocka_unit_test(test_partial_payment_lowers_the_base),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_rounding_once_half_up),
		cmocka_unit_test(test_unsorted_and_early_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
