/* notify_sms.c: the SMS channels (Aliyun, Tencent) end to end, against
 * tests/fakes/gateways.js, which checks their signatures. */
#include "testutil.h"

#include "notify_fakes.h"

/* -------------------------------------------------------------------- aliyun ---- */

static void test_aliyun_send_arrives_signed_with_our_id(void **state)
{
	json_t *params = bill_params(), *got, *m;
	struct notify_channel *ch = open_channel("aliyun", settings("aliyun"));
	struct notify_message msg = { 1001, "13800138000", NULL, "王伟您好…", "SMS_154950909", params, NULL };
	struct notify_result res;
	(void)state;

	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_SENT);
	got = accepted("aliyun");
	assert_int_equal(json_array_size(got), 1);
	m = json_array_get(got, 0);
	assert_string_equal(res.gateway_id, json_string_value(json_object_get(m, "biz_id")));
	assert_string_equal(json_string_value(json_object_get(m, "phone")), "13800138000");
	assert_string_equal(json_string_value(json_object_get(m, "sign_name")), "华苑物业");
	assert_string_equal(json_string_value(json_object_get(m, "template")), "SMS_154950909");
	assert_string_equal(json_string_value(json_object_get(m, "out_id")), "1001");
	/* the variables arrive as the object, in the template's order, UTF-8 intact */
	assert_string_equal(json_string_value(json_object_get(m, "params_text")),
			    "{\"name\":\"王伟\",\"amount\":\"1,234.56\",\"due\":\"2026-07-31\"}");
	assert_true(json_equal(json_object_get(m, "params"), params));
	assert_string_equal(json_string_value(json_object_get(m, "signed_headers")),
			    "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version");
	json_decref(got);
	json_decref(params);
	notify_close(ch);
}

static void test_aliyun_wrong_key_is_rejected_with_vendor_code(void **state)
{
	json_t *params = bill_params(), *s = settings("aliyun"), *got;
	struct notify_channel *ch;
	struct notify_message msg = { 1002, "13800138000", NULL, "x", "SMS_154950909", params, NULL };
	struct notify_result res;
	(void)state;

	json_object_set_new(s, "access_key_secret", json_string("not-the-secret"));
	ch = open_channel("aliyun", s);
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	assert_starts_with(res.answer, "SignatureDoesNotMatch: ");
	assert_contains(res.answer, "HTTP 400");
	assert_null(strstr(res.answer, "not-the-secret"));
	notify_close(ch);

	s = settings("aliyun");
	json_object_set_new(s, "access_key_id", json_string("LTAI5tNoSuchKey"));
	ch = open_channel("aliyun", s);
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	assert_starts_with(res.answer, "InvalidAccessKeyId.NotFound: ");
	notify_close(ch);

	got = accepted("aliyun");
	assert_int_equal(json_array_size(got), 0);
	json_decref(got);
	json_decref(params);
}

static void test_aliyun_bad_number_or_template_is_rejected(void **state)
{
	json_t *params = bill_params();
	struct notify_channel *ch = open_channel("aliyun", settings("aliyun"));
	struct notify_message msg = { 1003, "2345", NULL, "x", "SMS_154950909", params, NULL };
	struct notify_result res;
	(void)state;

	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	assert_starts_with(res.answer, "isv.MOBILE_NUMBER_ILLEGAL: 非法手机号");
	msg.address = "13800138000";
	msg.vendor_template = "SMS_000000";
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	assert_starts_with(res.answer, "isv.SMS_TEMPLATE_ILLEGAL: ");
	json_decref(params);
	notify_close(ch);
}

static void test_aliyun_throttling_is_retry(void **state)
{
	json_t *params = bill_params();
	struct notify_channel *ch = open_channel("aliyun", settings("aliyun"));
	struct notify_message msg = { 1004, "13800138000", NULL, "x", "SMS_154950909", params, NULL };
	struct notify_result res;
	(void)state;

	fake_post("/_fake/fail", "{\"vendor\":\"aliyun\",\"code\":\"isv.BUSINESS_LIMIT_CONTROL\","
				  "\"message\":\"触发小时级流控Permits:5\"}");
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_RETRY);
	assert_starts_with(res.answer, "isv.BUSINESS_LIMIT_CONTROL: 触发小时级流控");
	fake_post("/_fake/fail", "{\"vendor\":\"aliyun\",\"code\":\"Throttling.User\",\"status\":400,"
				  "\"message\":\"Request was denied due to user flow control.\"}");
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_RETRY);
	assert_starts_with(res.answer, "Throttling.User: ");
	/* and the next one goes */
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_SENT);
	json_decref(params);
	notify_close(ch);
}

static void test_aliyun_outage_is_retry(void **state)
{
	json_t *params = bill_params(), *s = settings("aliyun");
	struct notify_channel *ch;
	struct notify_message msg = { 1005, "13800138000", NULL, "x", "SMS_154950909", params, NULL };
	(void)state;

	json_object_set_new(s, "timeout_ms", json_integer(700)); /* the "hang" outage */
	ch = open_channel("aliyun", s);
	outages_are_retry("aliyun", ch, &msg);
	json_decref(params);
	notify_close(ch);
}

static void test_aliyun_lookup_finds_sent_message_by_out_id(void **state)
{
	json_t *params = bill_params();
	struct notify_channel *ch = open_channel("aliyun", settings("aliyun"));
	struct notify_message msg = { 1006, "13800138000", NULL, "x", "SMS_154950909", params, NULL };
	struct notify_message other = msg;
	struct notify_result res;
	struct buf err = BUF_INIT;
	int64_t since = (int64_t)time(NULL) - 60;
	(void)state;

	other.id = 1007;
	/* another message to the same number first: lookup must match the id, not the number */
	send_ok(ch, &other, &res);
	assert_int_equal(notify_lookup(ch, &msg, since, &res, &err), 0);
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_SENT);
	assert_int_equal(notify_lookup(ch, &msg, since, &res, &err), 1);
	assert_int_equal(res.outcome, NOTIFY_SENT);
	assert_contains(res.answer, "SendStatus 3 DELIVERED");
	msg.id = 1008; /* never sent */
	assert_int_equal(notify_lookup(ch, &msg, since, &res, &err), 0);
	fake_post("/_fake/outage", "{\"on\":true,\"mode\":\"503\"}");
	assert_int_equal(notify_lookup(ch, &msg, since, &res, &err), -2);
	fake_post("/_fake/outage", "{\"on\":false}");
	buf_release(&err);
	json_decref(params);
	notify_close(ch);
}

/* ------------------------------------------------------------------- tencent ---- */

static void test_tencent_send_arrives_signed_with_params_in_order(void **state)
{
	json_t *params = bill_params(), *got, *m, *want;
	struct notify_channel *ch = open_channel("tencent", settings("tencent"));
	struct notify_message msg = { 2001, "13800138000", NULL, "x", "1110", params, NULL };
	struct notify_result res;
	(void)state;

	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_SENT);
	got = accepted("tencent");
	assert_int_equal(json_array_size(got), 1);
	m = json_array_get(got, 0);
	assert_string_equal(res.gateway_id, json_string_value(json_object_get(m, "serial_no")));
	assert_string_equal(json_string_value(json_object_get(m, "phone")), "+8613800138000");
	assert_string_equal(json_string_value(json_object_get(m, "app_id")), "1400006666");
	assert_string_equal(json_string_value(json_object_get(m, "sign_name")), "华苑物业");
	assert_string_equal(json_string_value(json_object_get(m, "template")), "1110");
	assert_string_equal(json_string_value(json_object_get(m, "session_context")), "2001");
	want = json_pack("[s,s,s]", "王伟", "1,234.56", "2026-07-31");
	assert_true(json_equal(json_object_get(m, "params"), want));
	json_decref(want);
	json_decref(got);
	json_decref(params);
	notify_close(ch);
}

static void test_tencent_wrong_key_is_rejected_with_vendor_code(void **state)
{
	json_t *params = bill_params(), *s = settings("tencent"), *got;
	struct notify_channel *ch;
	struct notify_message msg = { 2002, "13800138000", NULL, "x", "1110", params, NULL };
	struct notify_result res;
	(void)state;

	json_object_set_new(s, "secret_key", json_string("not-the-key"));
	ch = open_channel("tencent", s);
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	assert_starts_with(res.answer, "AuthFailure.SignatureFailure: ");
	notify_close(ch);
	got = accepted("tencent");
	assert_int_equal(json_array_size(got), 0);
	json_decref(got);
	json_decref(params);
}

static void test_tencent_bad_number_or_template_is_rejected(void **state)
{
	json_t *params = bill_params();
	struct notify_channel *ch = open_channel("tencent", settings("tencent"));
	struct notify_message msg = { 2003, "+8612345", NULL, "x", "1110", params, NULL };
	struct notify_result res;
	(void)state;

	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	assert_starts_with(res.answer, "InvalidParameterValue.IncorrectPhoneNumber: ");
	msg.address = "not a number"; /* refused before it leaves */
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	msg.address = "13800138000";
	msg.vendor_template = "9999";
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	assert_starts_with(res.answer, "FailedOperation.TemplateIncorrectOrUnapproved: ");
	json_decref(params);
	notify_close(ch);
}

static void test_tencent_limits_are_retry(void **state)
{
	static const char *const codes[] = { "LimitExceeded.PhoneNumberDailyLimit", "RequestLimitExceeded",
					     "InternalError.Timeout" };
	json_t *params = bill_params();
	struct notify_channel *ch = open_channel("tencent", settings("tencent"));
	struct notify_message msg = { 2004, "13800138000", NULL, "x", "1110", params, NULL };
	struct notify_result res;
	(void)state;

	for (size_t i = 0; i < 3; i++) {
		char body[128];

		snprintf(body, sizeof(body), "{\"vendor\":\"tencent\",\"code\":\"%s\",\"message\":\"limited\"}", codes[i]);
		fake_post("/_fake/fail", body);
		send_ok(ch, &msg, &res);
		assert_int_equal(res.outcome, NOTIFY_RETRY);
		assert_starts_with(res.answer, codes[i]);
	}
	json_decref(params);
	notify_close(ch);
}

static void test_tencent_outage_is_retry(void **state)
{
	json_t *params = bill_params(), *s = settings("tencent");
	struct notify_channel *ch;
	struct notify_message msg = { 2005, "13800138000", NULL, "x", "1110", params, NULL };
	(void)state;

	json_object_set_new(s, "timeout_ms", json_integer(700));
	ch = open_channel("tencent", s);
	outages_are_retry("tencent", ch, &msg);
	json_decref(params);
	notify_close(ch);
}

static void test_tencent_lookup_finds_sent_message_by_session_context(void **state)
{
	json_t *params = bill_params();
	struct notify_channel *ch = open_channel("tencent", settings("tencent"));
	struct notify_message msg = { 2006, "13800138000", NULL, "x", "1110", params, NULL };
	struct notify_result res, sent;
	struct buf err = BUF_INIT;
	int64_t since = (int64_t)time(NULL) - 60;
	(void)state;

	assert_int_equal(notify_lookup(ch, &msg, since, &res, &err), 0);
	send_ok(ch, &msg, &sent);
	assert_int_equal(sent.outcome, NOTIFY_SENT);
	assert_int_equal(notify_lookup(ch, &msg, since, &res, &err), 1);
	assert_string_equal(res.gateway_id, sent.gateway_id);
	assert_contains(res.answer, "SUCCESS DELIVRD");
	msg.id = 2007;
	assert_int_equal(notify_lookup(ch, &msg, since, &res, &err), 0);
	fake_post("/_fake/outage", "{\"on\":true,\"mode\":\"reset\"}");
	assert_int_equal(notify_lookup(ch, &msg, since, &res, &err), -2);
	fake_post("/_fake/outage", "{\"on\":false}");
	buf_release(&err);
	json_decref(params);
	notify_close(ch);
}

static int group_setup(void **state)
{
	(void)state;
	return fakes_start(1, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_aliyun_send_arrives_signed_with_our_id, test_setup),
		cmocka_unit_test_setup(test_aliyun_wrong_key_is_rejected_with_vendor_code, test_setup),
		cmocka_unit_test_setup(test_aliyun_bad_number_or_template_is_rejected, test_setup),
		cmocka_unit_test_setup(test_aliyun_throttling_is_retry, test_setup),
		cmocka_unit_test_setup(test_aliyun_outage_is_retry, test_setup),
		cmocka_unit_test_setup(test_aliyun_lookup_finds_sent_message_by_out_id, test_setup),
		cmocka_unit_test_setup(test_tencent_send_arrives_signed_with_params_in_order, test_setup),
		cmocka_unit_test_setup(test_tencent_wrong_key_is_rejected_with_vendor_code, test_setup),
		cmocka_unit_test_setup(test_tencent_bad_number_or_template_is_rejected, test_setup),
		cmocka_unit_test_setup(test_tencent_limits_are_retry, test_setup),
		cmocka_unit_test_setup(test_tencent_outage_is_retry, test_setup),
		cmocka_unit_test_setup(test_tencent_lookup_finds_sent_message_by_session_context, test_setup),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, group_setup, fakes_stop);
}
