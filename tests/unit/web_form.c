/* web_form.c: form parsing (urlencoded, multipart) and the escaping HTML writer,
 * including a fuzz pass: random and truncated inputs never crash or read past the end. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/i18n.h"
#include "web/form.h"
#include "web/html.h"

static void test_urlencoded(void **state)
{
	struct form f = FORM_INIT;
	struct buf err = BUF_INIT;
	const char *q = "login=zhang&note=%E4%BD%A0%E5%A5%BD+world&empty=&flag&x=1%262";

	(void)state;
	assert_int_equal(form_parse_urlencoded(&f, q, strlen(q), &err), 0);
	assert_string_equal(form_get(&f, "login"), "zhang");
	assert_string_equal(form_get(&f, "note"), "你好 world");
	assert_string_equal(form_get(&f, "empty"), "");
	assert_string_equal(form_get(&f, "flag"), "");
	assert_string_equal(form_get(&f, "x"), "1&2");
	assert_null(form_get(&f, "missing"));
	form_free(&f);
	/* a bad escape is refused, not guessed */
	assert_int_equal(form_parse_urlencoded(&f, "a=%G1", 5, &err), -1);
	form_free(&f);
	assert_int_equal(form_parse_urlencoded(&f, "a=%4", 4, &err), -1);
	form_free(&f);
	buf_release(&err);
}

static void test_text_fields(void **state)
{
	struct form f = FORM_INIT;
	struct buf err = BUF_INIT;
	const char *q = "ok=+%E7%8E%8B%E4%BC%9F+&bad=%C0%AF&ctl=a%01b&long=%E4%B8%80%E4%B8%80%E4%B8%80";

	(void)state;
	assert_int_equal(form_parse_urlencoded(&f, q, strlen(q), &err), 0);
	assert_string_equal(form_text(&f, "ok", 10, &err), "王伟");
	/* an overlong encoding of '/' is not text */
	assert_null(form_text(&f, "bad", 10, &err));
	assert_non_null(strstr(err.buf, "bad: not valid text"));
	buf_reset(&err);
	assert_null(form_text(&f, "ctl", 10, &err));
	buf_reset(&err);
	assert_null(form_text(&f, "long", 2, &err));
	assert_non_null(strstr(err.buf, "at most 2 characters"));
	assert_string_equal(form_text(&f, "absent", 2, &err), "");
	form_free(&f);
	buf_release(&err);
}

static void test_multipart(void **state)
{
	struct form f = FORM_INIT;
	struct buf err = BUF_INIT;
	const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
			    "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"业主.csv\"\r\n"
			    "Content-Type: text/csv\r\n\r\n楼栋,房号\r\n1,101\0x\r\n--XyZ--\r\n";
	const struct form_field *file;

	(void)state;
	if (form_parse_multipart(&f, "multipart/form-data; boundary=XyZ", body, sizeof(body) - 1, &err) != 0)
		fail_msg("%s", err.buf);
	assert_string_equal(form_get(&f, "csrf"), "abc");
	file = form_field(&f, "file");
	assert_non_null(file);
	assert_string_equal(file->filename, "业主.csv");
	assert_string_equal(file->content_type, "text/csv");
	assert_int_equal(file->len, strlen("楼栋,房号\r\n1,101") + 2); /* the NUL and x are kept */
	form_free(&f);
	/* cut short, no boundary, no name */
	assert_int_equal(form_parse_multipart(&f, "multipart/form-data; boundary=XyZ", body, 60, &err), -1);
	form_free(&f);
	assert_int_equal(form_parse_multipart(&f, "multipart/form-data", body, sizeof(body) - 1, &err), -1);
	form_free(&f);
	/* a NUL in a part's header would cut the file's name short unseen: refused */
	{
		const char nul[] = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\0b.csv\"\r\n\r\n"
				   "x\r\n--XyZ--\r\n";
		assert_int_equal(form_parse_multipart(&f, "multipart/form-data; boundary=XyZ", nul, sizeof(nul) - 1, &err), -1);
		assert_null(form_field(&f, "file"));
		form_free(&f);
	}
	buf_release(&err);
}

static void test_fuzz(void **state)
{
	const char body[] = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B\r\n"
			    "Content-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\nzz\r\n--B--\r\n";
	char buf[256];
	struct buf err = BUF_INIT;

	(void)state;
	srand(42);
	/* every prefix, and random corruptions; each input in a buffer of its own exact size */
	for (size_t n = 0; n <= sizeof(body) - 1; n++) {
		struct form f = FORM_INIT;
		char *copy = malloc(n ? n : 1);
		memcpy(copy, body, n);
		form_parse_multipart(&f, "multipart/form-data; boundary=B", copy, n, &err);
		form_free(&f);
		form_parse_urlencoded(&f, copy, n, &err);
		form_free(&f);
		free(copy);
	}
	for (int round = 0; round < 20000; round++) {
		struct form f = FORM_INIT;
		size_t n = (size_t)(rand() % (int)sizeof(buf));
		char *copy;
		memcpy(buf, body, sizeof(body) < sizeof(buf) ? sizeof(body) : sizeof(buf));
		for (int k = 0; k < 4; k++)
			buf[rand() % (int)sizeof(buf)] = (char)(rand() % 256);
		copy = malloc(n ? n : 1);
		memcpy(copy, buf, n);
		form_parse_multipart(&f, "multipart/form-data; boundary=B", copy, n, &err);
		form_free(&f);
		form_parse_urlencoded(&f, copy, n, &err);
		form_free(&f);
		free(copy);
		buf_reset(&err);
	}
	buf_release(&err);
}

static void test_html_escaping(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	htmlf(&b, "<td title=\"%s\">%s</td><td>%Y</td><td>%D</td><a href=\"/u?q=%U\">%d</a>",
	      "\"><script>alert(1)</script>", "<b>王</b> & 'x'", (int64_t)123456, 20468, "a b&c/中", 7);
	assert_string_equal(b.buf, "<td title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">&lt;b&gt;王&lt;/b&gt; &amp; "
				   "&#39;x&#39;</td><td>¥1,234.56</td><td>2026-01-15</td>"
				   "<a href=\"/u?q=a%20b%26c%2F%E4%B8%AD\">7</a>");
	buf_reset(&b);
	htmlf(&b, "%s|%D|%%", (const char *)NULL, DATE_MIN);
	assert_string_equal(b.buf, "||%");
	/* text that is not UTF-8 (a refused field shown back): each stray byte becomes U+FFFD,
	 * the characters around it are kept, an overlong '/' too is no character */
	buf_reset(&b);
	htmlf(&b, "%s", "a\xff\xfe中\xe4\xb8<\xc0\xaf");
	assert_string_equal(b.buf, "a\xef\xbf\xbd\xef\xbf\xbd中\xef\xbf\xbd\xef\xbf\xbd&lt;\xef\xbf\xbd\xef\xbf\xbd");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urlencoded),   cmocka_unit_test(test_text_fields),
		cmocka_unit_test(test_multipart),    cmocka_unit_test(test_fuzz),
		cmocka_unit_test(test_html_escaping),
	};
	i18n_init();
	i18n_set_lang(LANG_EN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
