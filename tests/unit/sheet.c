/* sheet.c: CSV reading (delimiters, quoting, row numbers, encodings). */
#include "testutil.h"

#include <string.h>

#include "io/encoding.h"
#include "io/sheet.h"

static void test_rows_and_row_numbers(void **state)
{
	const char *csv = "title,,\r\n\r\na,b,c\r\n\"x, y\",\"multi\nline\",z\r\n,,\r\nlast,1,2";
	struct sheet s = SHEET_INIT;
	struct buf err = BUF_INIT;
	(void)state;
	assert_int_equal(sheet_read_csv(csv, strlen(csv), &s, &err), 0);
	assert_int_equal(s.nr, 4); /* blank rows are not kept, but are counted */
	assert_int_equal(s.rows[0].rownum, 1);
	assert_int_equal(s.rows[0].ncells, 1);
	assert_int_equal(s.rows[1].rownum, 3);
	assert_string_equal(s.rows[2].cells[0].text, "x, y");
	assert_string_equal(s.rows[2].cells[1].text, "multi\nline");
	assert_int_equal(s.rows[2].rownum, 4);
	assert_int_equal(s.rows[3].rownum, 6);
	assert_string_equal(s.rows[3].cells[2].text, "2");
	sheet_release(&s);
	buf_release(&err);
}

static void test_semicolons_and_tabs(void **state)
{
	const char *semi = "a;b;c\n1;2;3\n", *tab = "a\tb\n1,5\t2\n";
	struct sheet s = SHEET_INIT;
	struct buf err = BUF_INIT;
	(void)state;
	assert_int_equal(sheet_read_csv(semi, strlen(semi), &s, &err), 0);
	assert_int_equal(s.rows[1].ncells, 3);
	sheet_release(&s);
	s = (struct sheet)SHEET_INIT;
	assert_int_equal(sheet_read_csv(tab, strlen(tab), &s, &err), 0);
	assert_string_equal(s.rows[1].cells[0].text, "1,5");
	sheet_release(&s);
	buf_release(&err);
}

static void test_gbk_is_detected(void **state)
{
	/* "楼栋,房号" in GBK */
	const char gbk[] = "\xc2\xa5\xb6\xb0,\xb7\xbf\xba\xc5\n";
	struct sheet s = SHEET_INIT;
	struct buf err = BUF_INIT;
	(void)state;
	assert_int_equal(sheet_read_csv(gbk, strlen(gbk), &s, &err), 0);
	assert_string_equal(s.encoding, "GB18030");
	assert_string_equal(s.rows[0].cells[0].text, "楼栋");
	assert_string_equal(s.rows[0].cells[1].text, "房号");
	sheet_release(&s);
	buf_release(&err);
}

static void test_utf8_bom_is_dropped(void **state)
{
	const char csv[] = "\xef\xbb\xbf楼栋,房号\n";
	struct sheet s = SHEET_INIT;
	struct buf err = BUF_INIT;
	(void)state;
	assert_int_equal(sheet_read_csv(csv, strlen(csv), &s, &err), 0);
	assert_string_equal(s.encoding, "UTF-8");
	assert_string_equal(s.rows[0].cells[0].text, "楼栋");
	sheet_release(&s);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_and_row_numbers),
		cmocka_unit_test(test_semicolons_and_tabs),
		cmocka_unit_test(test_gbk_is_detected),
		cmocka_unit_test(test_utf8_bom_is_dropped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
