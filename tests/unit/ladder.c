/* ladder.c: the collection ladder's decision, case by case. */
#include "testutil.h"

#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "core/ladder.h"

static struct policy pol;
static const int due = 20468; /* 2026-01-15 */

static struct case_facts facts(int day)
{
	struct case_facts f = { 0 };
	f.today = due + day;
	f.oldest_due = due;
	f.promise_until = DATE_MIN;
	f.last_step = -1;
	f.last_day = DATE_MIN;
	f.jump = -1;
	f.last_auto_day = DATE_MIN;
	f.notice_day = DATE_MIN;
	return f;
}

static int next(struct case_facts *f)
{
	struct buf why = BUF_INIT;
	int s = ladder_next(&pol, f, &why);
	buf_release(&why);
	return s;
}

static void test_default_ladder_days(void **state)
{
	struct case_facts f = facts(-8);
	(void)state;
	assert_int_equal(date_from_ymd(2026, 1, 15), due);
	assert_int_equal(next(&f), -1);
	f = facts(-7);
	assert_int_equal(next(&f), STEP_PRENOTICE);
}

static void test_pacing_plays_out_a_late_case(void **state)
{
	/* a case opened at day 200: one step per run, each after the policy's gap */
	struct case_facts f = facts(200);
	(void)state;
	assert_int_equal(next(&f), STEP_PRENOTICE);
	f.last_step = STEP_PRENOTICE;
	f.last_day = f.today;
	f.last_auto_day = f.today;
	f.today += 7;
	assert_int_equal(next(&f), -1); /* reminder waits 8 days after the prenotice */
	f.today += 1;
	assert_int_equal(next(&f), STEP_REMINDER);
	f.last_step = STEP_REMINDER;
	f.last_day = f.today;
	assert_int_equal(next(&f), -1); /* never two steps on one day */
	f.today += 3;
	assert_int_equal(next(&f), STEP_PHONE);
}

static void test_pause_promise_plan_hold(void **state)
{
	struct case_facts f = facts(40);
	(void)state;
	f.last_step = STEP_VISIT;
	f.last_day = due + 7;
	f.paused = 1;
	assert_int_equal(next(&f), -1);
	f.paused = 0;
	f.paused_days = 15; /* clock 25 < 30 */
	assert_int_equal(next(&f), -1);
	f.paused_days = 10; /* clock 30 */
	assert_int_equal(next(&f), STEP_NOTICE);
	f.promise_until = f.today;
	assert_int_equal(next(&f), -1);
	f.promise_until = f.today - 1;
	assert_int_equal(next(&f), STEP_NOTICE);
	f.plan = 1;
	assert_int_equal(next(&f), -1);
}

static void test_jump_fires_at_once(void **state)
{
	/* refusal at the phone call: the written notice on the next run, not at day 30 */
	struct case_facts f = facts(5);
	(void)state;
	f.last_step = STEP_PHONE;
	f.last_day = f.today - 1;
	f.jump = STEP_NOTICE;
	assert_int_equal(next(&f), STEP_NOTICE);
}

static void test_lawsuit_needs_a_delivered_notice_past_its_deadline(void **state)
{
	struct case_facts f = facts(500);
	(void)state;
	f.last_step = STEP_LAWYER;
	f.last_day = due + 365;
	assert_int_equal(next(&f), -1);
	f.notice_day = f.today - 15; /* the deadline is the 15th day: not passed */
	assert_int_equal(next(&f), -1);
	f.notice_day = f.today - 16;
	assert_int_equal(next(&f), STEP_LAWSUIT);
}

static void test_message_gap(void **state)
{
	struct case_facts f = facts(1);
	(void)state;
	f.last_step = STEP_PRENOTICE;
	f.last_day = f.today - 8;
	f.last_auto_day = f.today - 2; /* a message two days ago (from another step) */
	assert_int_equal(next(&f), -1);
	f.last_auto_day = f.today - 3;
	assert_int_equal(next(&f), STEP_REMINDER);
}

static void test_below_threshold_is_not_chased(void **state)
{
	struct case_facts f = facts(10);
	(void)state;
	f.below_threshold = 1;
	assert_int_equal(next(&f), -1);
}

static void test_policy_round_trip_and_errors(void **state)
{
	struct policy p;
	struct buf text = BUF_INIT, err = BUF_INIT;
	(void)state;
	policy_format(&text, &pol, "小区");
	assert_int_equal(policy_parse(text.buf, &p, &err), 0);
	assert_memory_equal(&p, &pol, sizeof(p));
	assert_int_not_equal(policy_parse("prenotice -7 auto\nphone 4 steward\nreminder 1 auto\n", &p, &err), 0);
	assert_non_null(strstr(err.buf, "line 3:"));
	assert_int_not_equal(policy_parse("phone 4 auto\n", &p, &err), 0);
	assert_int_not_equal(policy_parse("lawsuit 455 legal\n", &p, &err), 0); /* no notice before it */
	assert_int_equal(policy_parse("reminder 3\nphone 10 manager\nnotice 40\nmin-arrears 20\n", &p, &err), 0);
	assert_false(p.steps[STEP_PRENOTICE].enabled);
	assert_int_equal(p.steps[STEP_PHONE].who, DOER_MANAGER);
	assert_int_equal(p.min_arrears_fen, 2000);
	buf_release(&text);
	buf_release(&err);
}

static int setup(void **state)
{
	(void)state;
	policy_default(&pol);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_ladder_days),
		cmocka_unit_test(test_pacing_plays_out_a_late_case),
		cmocka_unit_test(test_pause_promise_plan_hold),
		cmocka_unit_test(test_jump_fires_at_once),
		cmocka_unit_test(test_lawsuit_needs_a_delivered_notice_past_its_deadline),
		cmocka_unit_test(test_message_gap),
		cmocka_unit_test(test_below_threshold_is_not_chased),
		cmocka_unit_test(test_policy_round_trip_and_errors),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
