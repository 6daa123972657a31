/* figures.c: the pure parts of the figures (docs/figures.md): rates, percentiles,
 * periods, and the derivation of every rate from its sums. */
#include "testutil.h"

#include <string.h>

#include "base/date.h"
#include "core/figures.h"

static void test_rate_rounds_half_up_to_hundredths_of_a_percent(void **state)
{
	(void)state;
	assert_int_equal(fig_rate(590, 943), 6257);    /* the seed's A区: 62.566… */
	assert_int_equal(fig_rate(1, 8), 1250);
	assert_int_equal(fig_rate(1, 3), 3333);
	assert_int_equal(fig_rate(2, 3), 6667);
	assert_int_equal(fig_rate(1, 80000), 0);       /* 0.00125% → 0.00% */
	assert_int_equal(fig_rate(1, 20000), 1);       /* exactly 0.005%: half-up → 0.01% */
	assert_int_equal(fig_rate(1, 20001), 0);
	assert_int_equal(fig_rate(5, 5), 10000);
	assert_true(fig_rate(1, 0) == FIG_NA);
	assert_true(fig_rate(0, -5) == FIG_NA);
	assert_int_equal(fig_rate(-1, 3), -3333);      /* a negative share rounds away from zero */
	assert_int_equal(fig_rate(INT64_C(9000000000000), INT64_C(9000000000000)), 10000);
}

static void test_percentile_is_nearest_rank(void **state)
{
	int v[] = { 19, 0, 11, 4 };
	int one[] = { 7 };
	int ten[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	(void)state;
	assert_int_equal(fig_percentile(v, 4, 50), 4);
	assert_int_equal(fig_percentile(v, 4, 90), 19);
	assert_int_equal(fig_percentile(one, 1, 50), 7);
	assert_int_equal(fig_percentile(ten, 10, 50), 5);
	assert_int_equal(fig_percentile(ten, 10, 90), 9);
	assert_int_equal(fig_percentile(ten, 10, 100), 10);
	assert_int_equal(fig_percentile(NULL, 0, 50), -1);
}

static void test_periods_are_months_and_years(void **state)
{
	struct fig_period p;
	(void)state;
	assert_int_equal(fig_period_parse("2026-03", &p), 0);
	assert_string_equal(p.key, "2026-03");
	assert_int_equal(p.ps, date_from_ymd(2026, 3, 1));
	assert_int_equal(p.pe, date_from_ymd(2026, 3, 31));
	assert_int_equal(fig_period_parse("2028", &p), 0);
	assert_string_equal(p.key, "2028");
	assert_int_equal(p.pe - p.ps, 365);
	assert_int_not_equal(fig_period_parse("2026-Q3", &p), 0);
	assert_int_not_equal(fig_period_parse("2026-13", &p), 0);
	assert_int_not_equal(fig_period_parse("", &p), 0);
	assert_int_not_equal(fig_period_parse(NULL, &p), 0);
	fig_period_month(date_from_ymd(2026, 2, 28), &p);
	assert_string_equal(p.key, "2026-02");
	assert_int_equal(p.pe, date_from_ymd(2026, 2, 28));
}

static void test_by_names(void **state)
{
	enum fig_by by;
	(void)state;
	assert_int_equal(fig_by_parse("staff", &by), 0);
	assert_int_equal(by, FIG_BY_STAFF);
	assert_int_equal(fig_by_parse("group", &by), 0);
	assert_int_equal(by, FIG_BY_GROUP);
	assert_int_not_equal(fig_by_parse("floor", &by), 0);
}

/* the March figures of tests/cli/t14-figures.sh, from its sums */
static void test_derive_every_rate_from_its_sums(void **state)
{
	struct fig_sums s;
	struct fig_rates r;
	int cycle[] = { 4, 11, 0, 19 };
	(void)state;
	memset(&s, 0, sizeof(s));
	s.billed = 70000;
	s.waived = 4000;
	s.paid = 40839;
	s.open_start = 20000;
	s.arrears_paid = 10000;
	s.hh = 7;
	s.hh_paid = 4;
	s.hh_proactive = 3;
	s.promises_broken = 1;
	s.cycle = cycle;
	s.ncycle = s.acycle = 4;
	fig_derive(&s, &r);
	assert_int_equal(r.rate_amount, 6188);
	assert_int_equal(r.rate_hh, 5714);
	assert_int_equal(r.recovery, 5000);
	assert_int_equal(r.overall, 5912);
	assert_int_equal(r.proactive, 4286);
	assert_int_equal(r.outstanding, 35161);
	assert_int_equal(r.arrears_rate, 4088);
	assert_int_equal(r.collected, 50839);
	assert_int_equal(r.promise_kept, 0);
	assert_true(r.plan_kept == FIG_NA);
	assert_int_equal(r.cycle_median, 4);
	assert_int_equal(r.cycle_p90, 19);
}

static void test_empty_sums_have_no_rates(void **state)
{
	struct fig_sums s;
	struct fig_rates r;
	(void)state;
	memset(&s, 0, sizeof(s));
	fig_derive(&s, &r);
	assert_true(r.rate_amount == FIG_NA && r.rate_hh == FIG_NA && r.recovery == FIG_NA && r.overall == FIG_NA &&
		    r.proactive == FIG_NA && r.arrears_rate == FIG_NA);
	assert_int_equal(r.cycle_median, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_rounds_half_up_to_hundredths_of_a_percent),
		cmocka_unit_test(test_percentile_is_nearest_rank),
		cmocka_unit_test(test_periods_are_months_and_years),
		cmocka_unit_test(test_by_names),
		cmocka_unit_test(test_derive_every_rate_from_its_sums),
		cmocka_unit_test(test_empty_sums_have_no_rates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
