/* templates.c: message templates: checking, rendering, the variables for the gateways. */
#include "testutil.h"

#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "core/templates.h"

static struct template_values values(void)
{
	struct template_values v;
	memset(&v, 0, sizeof(v));
	v.v[TV_NAME] = "王伟业主";
	v.v[TV_UNITS] = "3-2-1201";
	v.v[TV_AMOUNT] = "¥1,234.56";
	v.v[TV_DUE] = "2026-01-15";
	v.v[TV_PROJECT] = "华苑\"东区\"";
	return v;
}

static void test_check(void **state)
{
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(template_check("尊敬的{name}：{amount}", &err), 0);
	assert_int_equal(template_check("尊敬的{nmae}：", &err), -1);
	assert_non_null(strstr(err.buf, "{nmae} at character 4"));
	buf_reset(&err);
	assert_int_equal(template_check("费用{amount", &err), -1);
	assert_non_null(strstr(err.buf, "character 3"));
	buf_reset(&err);
	assert_int_equal(template_check("a}b", &err), -1);
	buf_reset(&err);
	assert_int_equal(template_check("", &err), -1);
	buf_reset(&err);
	assert_int_equal(template_check("{{literal}} {name}", &err), 0);
	buf_release(&err);
}

static void test_render(void **state)
{
	struct template_values v = values();
	struct buf out = BUF_INIT;

	(void)state;
	template_render(&out, "尊敬的{name}：房屋{units}欠费{amount}，{{不是变量}}，{deadline}前缴清", &v);
	/* an unknown value renders as nothing */
	assert_string_equal(out.buf, "尊敬的王伟业主：房屋3-2-1201欠费¥1,234.56，{不是变量}，前缴清");
	buf_release(&out);
}

static void test_params(void **state)
{
	struct template_values v = values();
	struct buf out = BUF_INIT;
	int used[TV_COUNT];

	(void)state;
	/* in the order of first use, each once, escaped as JSON */
	template_params_text(&out, "【{project}】{name}：{amount}，{name}，{due}", &v);
	assert_string_equal(out.buf, "{\"project\":\"华苑\\\"东区\\\"\",\"name\":\"王伟业主\",\"amount\":\"¥1,234.56\",\"due\":\"2026-01-15\"}");
	assert_int_equal(template_vars_used("{due}{name}{due}", used), 2);
	assert_int_equal(used[0], TV_DUE);
	assert_int_equal(used[1], TV_NAME);
	buf_reset(&out);
	template_params_text(&out, NULL, &v);
	assert_true(strncmp(out.buf, "{\"name\":\"王伟业主\",\"units\":\"3-2-1201\",\"months\":\"\"", 47) == 0);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_params),
	};
	i18n_init();
	i18n_set_lang(LANG_EN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
