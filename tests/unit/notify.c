/* notify.c: opening channels, WeChat template messages end to end (against
 * tests/fakes/gateways.js), and the delivery reports the gateways push. */
#include "testutil.h"

#include "notify_fakes.h"

/* ------------------------------------------------------------------- opening ---- */

static void test_open_names_missing_settings_and_vendors(void **state)
{
	static const struct { const char *vendor, *json, *missing; } cases[] = {
		{ "aliyun", "{\"access_key_id\":\"a\",\"sign_name\":\"s\"}", "'access_key_secret'" },
		{ "tencent", "{\"secret_id\":\"a\",\"secret_key\":\"b\",\"sign_name\":\"s\"}", "'sdk_app_id'" },
		{ "smtp", "{\"url\":\"smtp://127.0.0.1:25\"}", "'from'" },
		{ "wechat", "{\"appid\":\"wx1\"}", "'secret'" },
		{ "aliyun", "{\"access_key_id\":\"a\",\"access_key_secret\":\"b\",\"sign_name\":\"s\",\"timeout_ms\":\"9\"}",
		  "'timeout_ms'" },
		{ "wechat", "{\"appid\":\"wx1\",\"secret\":\"s\",\"endpoint\":\"ftp://x\"}", "not http or https" },
	};
	struct buf err = BUF_INIT;
	struct notify_channel *ch;
	json_t *s;
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = json_loads(cases[i].json, 0, NULL);
		assert_null(notify_open(cases[i].vendor, s, &err));
		assert_contains(err.buf, cases[i].missing);
		assert_contains(err.buf, cases[i].vendor);
		json_decref(s);
	}
	s = json_object();
	assert_null(notify_open("yunpian", s, &err));
	assert_contains(err.buf, "unknown vendor 'yunpian'");
	json_decref(s);

	ch = open_channel("aliyun", settings("aliyun"));
	assert_string_equal(notify_kind(ch), "sms");
	notify_close(ch);
	ch = open_channel("wechat", settings("wechat"));
	assert_string_equal(notify_kind(ch), "wechat");
	notify_close(ch);
	buf_release(&err);
}

/* -------------------------------------------------------------------- wechat ---- */

#define OPENID "oX7fk0penidForTheWuyeTests01"
#define WX_TEMPLATE "Lg3fake-bill-due-template"

static json_t *wx_params(void)
{
	return json_pack("{s:s,s:s,s:s}", "first", "王伟您好，您有一笔物业费待缴", "amount", "1,234.56元", "remark",
			 "请于7月31日前缴纳");
}

static void test_wechat_send_arrives_with_token_and_data(void **state)
{
	json_t *params = wx_params(), *got, *m, *data;
	struct notify_channel *ch = open_channel("wechat", settings("wechat"));
	struct notify_message msg = { 3001, OPENID, NULL, "x", WX_TEMPLATE, params, "https://pay.example.com/b/3001" };
	struct notify_result res;
	(void)state;

	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_SENT);
	got = accepted("wechat");
	assert_int_equal(json_array_size(got), 1);
	m = json_array_get(got, 0);
	/* msgid is a 64-bit number: it must survive as it is */
	assert_string_equal(res.gateway_id, json_string_value(json_object_get(m, "msgid")));
	assert_int_equal(strlen(res.gateway_id), 19);
	assert_string_equal(json_string_value(json_object_get(m, "touser")), OPENID);
	assert_string_equal(json_string_value(json_object_get(m, "template_id")), WX_TEMPLATE);
	assert_string_equal(json_string_value(json_object_get(m, "url")), "https://pay.example.com/b/3001");
	assert_string_equal(json_string_value(json_object_get(m, "client_msg_id")), "3001");
	data = json_object_get(m, "data");
	assert_string_equal(json_string_value(json_object_get(json_object_get(data, "first"), "value")),
			    "王伟您好，您有一笔物业费待缴");
	assert_string_equal(json_string_value(json_object_get(json_object_get(data, "remark"), "value")),
			    "请于7月31日前缴纳");
	json_decref(got);
	json_decref(params);
	notify_close(ch);
}

static void test_wechat_token_is_kept_until_five_minutes_before_expiry(void **state)
{
	json_t *params = wx_params();
	struct notify_channel *ch = open_channel("wechat", settings("wechat"));
	struct notify_message msg = { 3002, OPENID, NULL, "x", WX_TEMPLATE, params, NULL };
	struct notify_result res;
	(void)state;

	send_ok(ch, &msg, &res);
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_SENT);
	assert_int_equal(calls("wechat.stable_token"), 1);
	notify_close(ch);

	/* a token with 6 minutes left is used; one with 5 minutes left is not */
	fake_post("/_fake/reset", "{}");
	fake_post("/_fake/wechat", "{\"expires_in\":360}");
	ch = open_channel("wechat", settings("wechat"));
	send_ok(ch, &msg, &res);
	send_ok(ch, &msg, &res);
	assert_int_equal(calls("wechat.stable_token"), 1);
	notify_close(ch);
	fake_post("/_fake/reset", "{}");
	fake_post("/_fake/wechat", "{\"expires_in\":300}");
	ch = open_channel("wechat", settings("wechat"));
	send_ok(ch, &msg, &res);
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_SENT);
	assert_int_equal(calls("wechat.stable_token"), 2);
	json_decref(params);
	notify_close(ch);
}

static void test_wechat_invalid_token_is_refreshed_once(void **state)
{
	json_t *params = wx_params();
	struct notify_channel *ch = open_channel("wechat", settings("wechat"));
	struct notify_message msg = { 3003, OPENID, NULL, "x", WX_TEMPLATE, params, NULL };
	struct notify_result res;
	(void)state;

	send_ok(ch, &msg, &res);
	fake_post("/_fake/wechat", "{\"revoke\":true}"); /* as if another server forced a new token */
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_SENT);
	assert_int_equal(calls("wechat.stable_token"), 2);
	assert_int_equal(calls("wechat.template_send"), 3); /* ok, 40001, ok */
	json_decref(params);
	notify_close(ch);
}

static void test_wechat_wrong_secret_and_bad_openid_are_rejected(void **state)
{
	json_t *params = wx_params(), *s = settings("wechat");
	struct notify_channel *ch;
	struct notify_message msg = { 3004, OPENID, NULL, "x", WX_TEMPLATE, params, NULL };
	struct notify_result res;
	(void)state;

	json_object_set_new(s, "secret", json_string("not-the-secret"));
	ch = open_channel("wechat", s);
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	assert_string_equal(res.answer, "stable_token: errcode 40125: invalid appsecret");
	notify_close(ch);

	ch = open_channel("wechat", settings("wechat"));
	msg.address = "not-an-openid";
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	assert_string_equal(res.answer, "template/send: errcode 40003: invalid openid");
	msg.address = OPENID;
	msg.vendor_template = "no-such-template";
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	assert_contains(res.answer, "40037");
	json_decref(params);
	notify_close(ch);
}

static void test_wechat_outage_and_busy_are_retry(void **state)
{
	json_t *params = wx_params(), *s = settings("wechat");
	struct notify_channel *ch;
	struct notify_message msg = { 3005, OPENID, NULL, "x", WX_TEMPLATE, params, NULL };
	struct notify_result res;
	struct buf err = BUF_INIT;
	(void)state;

	json_object_set_new(s, "timeout_ms", json_integer(700));
	ch = open_channel("wechat", s);
	outages_are_retry("wechat", ch, &msg);
	fake_post("/_fake/fail", "{\"vendor\":\"wechat\",\"code\":-1,\"message\":\"system error\"}");
	send_ok(ch, &msg, &res);
	if (res.outcome != NOTIFY_RETRY)
		fail_msg("wechat busy: outcome %d (%s)", res.outcome, res.answer);
	assert_contains(res.answer, "errcode -1");
	/* WeChat keeps nothing that can be asked */
	assert_int_equal(notify_lookup(ch, &msg, 0, &res, &err), -1);
	assert_contains(err.buf, "wechat");
	buf_release(&err);
	json_decref(params);
	notify_close(ch);
}

/* ------------------------------------------------------------------ receipts ---- */

/* Aliyun's SmsReport example (https://help.aliyun.com/document_detail/101867.htm), with a
 * second, failed report after it. */
static void test_receipts_aliyun_documented_body(void **state)
{
	static const char body[] =
		"[ { \"phone_number\" : \"1381111****\", \"send_time\" : \"2017-01-01 00:00:00\", "
		"\"report_time\" : \"2017-01-01 00:00:00\", \"success\" : true, \"err_code\" : \"DELIVERED\", "
		"\"err_msg\" : \"用户接收成功\", \"sms_size\" : \"1\", \"biz_id\" : \"12345\", \"out_id\" : \"67890\" },"
		"  { \"phone_number\" : \"13800138000\", \"send_time\" : \"2026-07-01 09:00:00\", "
		"\"report_time\" : \"2026-07-01 09:00:05\", \"success\" : false, \"err_code\" : \"MK:0001\", "
		"\"err_msg\" : \"空号\", \"sms_size\" : \"1\", \"biz_id\" : \"900^1\", \"out_id\" : \"\" } ]";
	struct notify_receipt *r;
	struct buf err = BUF_INIT;
	size_t n;
	(void)state;

	assert_int_equal(notify_parse_receipts("aliyun", body, strlen(body), &r, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].gateway_id, "12345");
	assert_true(r[0].message_id == 67890);
	assert_int_equal(r[0].delivered, 1);
	assert_string_equal(r[0].code, "DELIVERED");
	assert_true(r[0].at == 1483200000); /* 2017-01-01 00:00:00 in Beijing */
	assert_string_equal(r[1].gateway_id, "900^1");
	assert_true(r[1].message_id == 0);
	assert_int_equal(r[1].delivered, 0);
	assert_string_equal(r[1].code, "MK:0001");
	free(r);
	assert_int_equal(notify_parse_receipts("aliyun", "{\"a\":1}", 7, &r, &n, &err), -1);
	assert_null(r);
	assert_int_equal(notify_parse_receipts("aliyun", "[{\"biz_id\":\"1\"}]", 16, &r, &n, &err), -1);
	buf_release(&err);
}

/* Tencent's 短信下发状态通知 example (https://cloud.tencent.com/document/product/382/5807). */
static void test_receipts_tencent_documented_body(void **state)
{
	static const char body[] = "[\n{\n\"user_receive_time\": \"2015-10-17 08:03:04\",\n\"nationcode\": \"86\",\n"
				   "\"mobile\": \"13xxxxxxxxx\",\n\"report_status\": \"SUCCESS\",\n\"errmsg\": \"DELIVRD\",\n"
				   "\"description\": \"用户短信送达成功\",\n\"sid\": \"xxxxxxx\"\n}\n]";
	struct notify_receipt *r;
	struct buf err = BUF_INIT;
	size_t n;
	(void)state;

	assert_int_equal(notify_parse_receipts("tencent", body, strlen(body), &r, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].gateway_id, "xxxxxxx");
	assert_true(r[0].message_id == 0);
	assert_int_equal(r[0].delivered, 1);
	assert_string_equal(r[0].code, "DELIVRD");
	assert_true(r[0].at == 1445040184);
	free(r);
	assert_int_equal(notify_parse_receipts("tencent", "[{\"report_status\":\"MAYBE\"}]", 27, &r, &n, &err), -1);
	buf_release(&err);
}

/* WeChat's TEMPLATESENDJOBFINISH examples (Template_Message_Interface.html, 事件推送). */
static void test_receipts_wechat_documented_events(void **state)
{
	static const char ok[] = "<xml>\n<ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>\n"
				 "<FromUserName><![CDATA[oia2TjuEGTNoeX76QEjQNrcURxG8]]></FromUserName>\n"
				 "<CreateTime>1395658920</CreateTime>\n<MsgType><![CDATA[event]]></MsgType>\n"
				 "<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>\n<MsgID>200163836</MsgID>\n"
				 "<Status><![CDATA[success]]></Status>\n</xml>";
	static const char blocked[] = "<xml>\n<ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>\n"
				      "<FromUserName><![CDATA[oia2TjuEGTNoeX76QEjQNrcURxG8]]></FromUserName>\n"
				      "<CreateTime>1395658984</CreateTime>\n<MsgType><![CDATA[event]]></MsgType>\n"
				      "<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>\n<MsgID>200163840</MsgID>\n"
				      "<Status><![CDATA[failed:user block]]></Status>\n</xml>";
	static const char subscribe[] = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><MsgType><![CDATA[event]]>"
					"</MsgType><Event><![CDATA[subscribe]]></Event></xml>";
	struct notify_receipt *r;
	struct buf err = BUF_INIT;
	size_t n;
	(void)state;

	assert_int_equal(notify_parse_receipts("wechat", ok, strlen(ok), &r, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].gateway_id, "200163836");
	assert_int_equal(r[0].delivered, 1);
	assert_string_equal(r[0].code, "success");
	assert_true(r[0].at == 1395658920);
	free(r);
	assert_int_equal(notify_parse_receipts("wechat", blocked, strlen(blocked), &r, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].delivered, 0);
	assert_string_equal(r[0].code, "failed:user block");
	free(r);
	assert_int_equal(notify_parse_receipts("wechat", subscribe, strlen(subscribe), &r, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_null(r);
	assert_int_equal(notify_parse_receipts("wechat", "not xml", 7, &r, &n, &err), -1);
	assert_int_equal(notify_parse_receipts("smtp", "x", 1, &r, &n, &err), -1);
	buf_release(&err);
}

static int group_setup(void **state)
{
	(void)state;
	return fakes_start(1, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_open_names_missing_settings_and_vendors, test_setup),
		cmocka_unit_test_setup(test_wechat_send_arrives_with_token_and_data, test_setup),
		cmocka_unit_test_setup(test_wechat_token_is_kept_until_five_minutes_before_expiry, test_setup),
		cmocka_unit_test_setup(test_wechat_invalid_token_is_refreshed_once, test_setup),
		cmocka_unit_test_setup(test_wechat_wrong_secret_and_bad_openid_are_rejected, test_setup),
		cmocka_unit_test_setup(test_wechat_outage_and_busy_are_retry, test_setup),
		cmocka_unit_test(test_receipts_aliyun_documented_body),
		cmocka_unit_test(test_receipts_tencent_documented_body),
		cmocka_unit_test(test_receipts_wechat_documented_events),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, group_setup, fakes_stop);
}
