/* phone.c: Chinese phone numbers as spreadsheets write them. */
#include "testutil.h"

#include "base/buf.h"
#include "base/str.h"
#include "core/phone.h"

static void check(const char *in, const char *want)
{
	struct buf out = BUF_INIT;
	int rc = phone_normalize(in, &out);

	if (!want) {
		assert_int_not_equal(rc, 0);
	} else {
		assert_int_equal(rc, 0);
		assert_string_equal(out.buf, want);
	}
	buf_release(&out);
}

static void test_mobiles(void **state)
{
	(void)state;
	check("13812345678", "13812345678");
	check("138-1234-5678", "13812345678");
	check("+8613812345678", "13812345678");
	check("008613812345678", "13812345678");
	check("１３８１２３４５６７８", "13812345678");
	check("12812345678", NULL);  /* 12x is not a mobile prefix */
	check("1381234567", NULL);   /* ten digits */
	check("138123456789", NULL); /* twelve */
}

static void test_landlines(void **state)
{
	(void)state;
	check("010-62345678", "010-62345678");
	check("0755-2688123", "0755-2688123");
	check("01062345678", "01062345678");
	check("010-123456", NULL);    /* six local digits */
	check("10-62345678", NULL);   /* no leading 0 */
	check("010-6234-5678", NULL); /* two hyphens */
	check("12345", NULL);
	check("abc", NULL);
}

static void test_split_cells(void **state)
{
	struct strlist l = STRLIST_INIT;
	(void)state;
	phone_split("13700001111、13700002222", &l);
	assert_int_equal(l.nr, 2);
	strlist_clear(&l);
	phone_split("0755-26881234;13600003333 / 13600004444，13600005555", &l);
	assert_int_equal(l.nr, 4);
	assert_string_equal(l.items[3], "13600005555");
	strlist_clear(&l);
	phone_split("+86 13400005555 / 13400006666", &l);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.items[0], "+8613400005555");
	strlist_clear(&l);
	phone_split("   ", &l);
	assert_int_equal(l.nr, 0);
}

static void test_mask(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	phone_mask("13812345678", &b);
	assert_string_equal(b.buf, "138****5678");
	phone_mask("010-62345678", &b);
	assert_string_equal(b.buf, "010-****5678");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mobiles),
		cmocka_unit_test(test_landlines),
		cmocka_unit_test(test_split_cells),
		cmocka_unit_test(test_mask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
