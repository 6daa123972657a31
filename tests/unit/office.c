/* office.c: the pure parts behind the office pages: channel secrets masked, office
 * phones, the vendor of a channel, a long field error cut between characters. */
#include "testutil.h"

#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "core/channels.h"
#include "core/project.h"
#include "web/fields.h"

static void test_channel_secrets_masked(void **state)
{
	json_t *s = json_pack("{s:s,s:s,s:s,s:s,s:s,s:{s:s}}", "access_key_id", "LTAI5t", "access_key_secret", "abc",
			      "password", "pw", "secret_key", "k", "sign_name", "物业", "templates", "reminder", "SMS_1");

	(void)state;
	channel_settings_mask(s);
	assert_string_equal(json_string_value(json_object_get(s, "access_key_id")), "LTAI5t");
	assert_string_equal(json_string_value(json_object_get(s, "access_key_secret")), CHANNEL_SECRET_MASK);
	assert_string_equal(json_string_value(json_object_get(s, "password")), CHANNEL_SECRET_MASK);
	assert_string_equal(json_string_value(json_object_get(s, "secret_key")), CHANNEL_SECRET_MASK);
	assert_string_equal(json_string_value(json_object_get(s, "sign_name")), "物业");
	assert_true(json_is_object(json_object_get(s, "templates")));
	json_decref(s);
}

static void test_channel_of_vendor(void **state)
{
	(void)state;
	assert_string_equal(channel_of_vendor("aliyun"), "sms");
	assert_string_equal(channel_of_vendor("tencent"), "sms");
	assert_string_equal(channel_of_vendor("smtp"), "email");
	assert_string_equal(channel_of_vendor("wechat"), "wechat");
	assert_null(channel_of_vendor("<script>"));
	assert_null(channel_of_vendor(""));
}

static void test_office_phone(void **state)
{
	(void)state;
	assert_true(project_phone_valid("0755-8888 6666"));
	assert_true(project_phone_valid("400-123-4567 转 8"));
	assert_true(project_phone_valid("+86 138 1234 5678"));
	assert_true(project_phone_valid("(010) 62345678"));
	assert_false(project_phone_valid("call-me"));
	assert_false(project_phone_valid("1234"));
	assert_false(project_phone_valid("<script>"));
	assert_false(project_phone_valid("0755'); DROP TABLE project; --"));
	assert_false(project_phone_valid("123456789012345678901"));
}

static void test_field_error_cut_between_characters(void **state)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	char msg[1000] = "x";

	(void)state;
	/* one ASCII byte, then three-byte characters past the message's room */
	for (int i = 0; i < 300; i++)
		strcat(msg, "长");
	field_error(&fe, "name", msg);
	assert_true(strlen(field_error_of(&fe, "name")) < sizeof(fe.e[0].message));
	assert_true(utf8_valid(field_error_of(&fe, "name"), strlen(field_error_of(&fe, "name"))));
	assert_int_equal(strlen(field_error_of(&fe, "name")) % 3, 1);
	field_error(&fe, "short", "短");
	assert_string_equal(field_error_of(&fe, "short"), "短");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_channel_secrets_masked),
		cmocka_unit_test(test_channel_of_vendor),
		cmocka_unit_test(test_office_phone),
		cmocka_unit_test(test_field_error_cut_between_characters),
	};
	i18n_init();
	i18n_set_lang(LANG_EN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
