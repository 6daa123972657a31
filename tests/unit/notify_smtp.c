/* notify_smtp.c: e-mail end to end, against tests/fakes/smtp.js (STARTTLS, AUTH, and an
 * independent MIME parser that decodes what arrived). */
#include "testutil.h"

#include "notify_fakes.h"

/* ---------------------------------------------------------------------- smtp ---- */

static json_t *smtp_settings(int port, int with_ca)
{
	char url[64];
	json_t *s;

	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", port);
	s = json_pack("{s:s,s:s,s:s,s:s,s:s,s:i}", "url", url, "username", SMTP_USER, "password", SMTP_PASS, "from",
		      "billing@hy-wuye.example.com", "from_name", "华苑物业服务中心", "timeout_ms", 5000);
	if (with_ca)
		json_object_set_new(s, "ca_file", json_string(env.cert));
	return s;
}

static json_t *load_json(const char *dir, const char *name)
{
	char path[PATH_MAX + 64];
	json_error_t je;
	json_t *j;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	j = json_load_file(path, 0, &je);
	if (!j)
		fail_msg("%s: %s", path, je.text);
	return j;
}

/* the lines of a text with \r\n made \n and the end's line breaks dropped */
static char *normalized(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	assert_non_null(out);
	for (; *s; s++)
		if (*s != '\r')
			*o++ = *s;
	while (o > out && o[-1] == '\n')
		o--;
	*o = '\0';
	return out;
}

static int count_lines(const char *dir, const char *name, const char *needle)
{
	char path[PATH_MAX + 64], line[1024];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "r")))
		return 0;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	fclose(f);
	return n;
}

static void test_smtp_chinese_mail_arrives_intact_over_starttls(void **state)
{
	static const char subject[] = "【华苑物业】2026年7月物业费账单 — 请于7月31日前缴纳（房号3-2-1201）";
	static const char text[] = "王伟先生：\n\n您好！您名下3-2-1201的2026年7月物业费共计1,234.56元，"
				   "将于2026-07-31到期。\n请点击 https://pay.example.com/b/4001 缴纳。\n\n"
				   ".这一行以句点开头\n华苑物业服务中心\n";
	struct notify_channel *ch = open_channel("smtp", smtp_settings(env.smtp_port, 1));
	struct notify_message msg = { 4001, "owner.wang@example.com", subject, text, NULL, NULL, NULL };
	struct notify_result res;
	char want_id[64], *got_text, *want_text;
	json_t *mail;
	(void)state;

	send_ok(ch, &msg, &res);
	if (res.outcome != NOTIFY_SENT)
		fail_msg("smtp: outcome %d: %s", res.outcome, res.answer);
	snprintf(want_id, sizeof(want_id), "<4001.");
	assert_starts_with(res.gateway_id, want_id);
	assert_true(str_ends_with(res.gateway_id, "@wuye>"));
	mail = load_json(env.mail_dir, "1.json");
	assert_true(json_is_true(json_object_get(mail, "secure")));   /* STARTTLS was used */
	assert_string_equal(json_string_value(json_object_get(mail, "user")), SMTP_USER);
	assert_string_equal(json_string_value(json_object_get(mail, "subject")), subject);
	got_text = normalized(json_string_value(json_object_get(mail, "text")));
	want_text = normalized(text);
	assert_string_equal(got_text, want_text);
	free(got_text);
	free(want_text);
	assert_string_equal(json_string_value(json_object_get(mail, "from_name")), "华苑物业服务中心");
	assert_string_equal(json_string_value(json_object_get(mail, "from_address")), "billing@hy-wuye.example.com");
	assert_string_equal(json_string_value(json_object_get(json_object_get(mail, "envelope"), "from")),
			    "billing@hy-wuye.example.com");
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_object_get(mail, "envelope"), "to"), 0)),
			    "owner.wang@example.com");
	/* mailparser gives the Message-ID with its brackets */
	assert_string_equal(json_string_value(json_object_get(mail, "message_id")), res.gateway_id);
	assert_int_equal(strcasecmp(json_string_value(json_object_get(mail, "charset")), "utf-8"), 0);
	assert_string_equal(json_string_value(json_object_get(mail, "transfer_encoding")), "base64");
	/* on the wire the subject is RFC 2047 words, folded: no raw UTF-8 in the header */
	assert_contains(json_string_value(json_object_get(mail, "raw_subject")), "=?UTF-8?B?");
	assert_contains(json_string_value(json_object_get(mail, "raw_subject")), "\r\n ");
	assert_non_null(json_string_value(json_object_get(mail, "date")));
	json_decref(mail);
	notify_close(ch);
}

static void test_smtp_wrong_password_is_rejected(void **state)
{
	json_t *s = smtp_settings(env.smtp_port, 1);
	struct notify_channel *ch;
	struct notify_message msg = { 4002, "owner@example.com", "主题", "正文", NULL, NULL, NULL };
	struct notify_result res;
	(void)state;

	json_object_set_new(s, "password", json_string("wrong-password"));
	ch = open_channel("smtp", s);
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	assert_contains(res.answer, "535");
	assert_null(strstr(res.answer, "wrong-password"));
	/* the refused attempt was made over TLS */
	assert_true(count_lines(env.mail_dir, "events.jsonl", "\"ok\":false,\"secure\":true") >= 1);
	notify_close(ch);
}

static void test_smtp_recipient_refusals_map_to_outcomes(void **state)
{
	struct notify_channel *ch = open_channel("smtp", smtp_settings(env.smtp_port, 1));
	struct notify_message msg = { 4003, "nobody@example.com", "主题", "正文", NULL, NULL, NULL };
	struct notify_result res;
	(void)state;

	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	assert_contains(res.answer, "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown");
	msg.address = "tempfail@example.com";
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_RETRY);
	assert_contains(res.answer, "451");
	msg.address = "not an address\r\nBcc: x@y";
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	notify_close(ch);
}

static void test_smtp_require_tls_refuses_a_server_without_starttls(void **state)
{
	json_t *s = smtp_settings(env.plain_port, 1);
	struct notify_channel *ch;
	struct notify_message msg = { 4004, "owner@example.com", "主题", "正文", NULL, NULL, NULL };
	struct notify_result res;
	json_t *mail;
	(void)state;

	json_object_set_new(s, "require_tls", json_true());
	ch = open_channel("smtp", s);
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	assert_contains(res.answer, "STARTTLS");
	notify_close(ch);
	/* the password never went out in the clear */
	assert_int_equal(count_lines(env.plain_dir, "events.jsonl", "\"type\":\"auth\""), 0);

	/* without require_tls the same server gets the mail, in the clear */
	ch = open_channel("smtp", smtp_settings(env.plain_port, 1));
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_SENT);
	mail = load_json(env.plain_dir, "1.json");
	assert_true(json_is_false(json_object_get(mail, "secure")));
	json_decref(mail);
	notify_close(ch);
}

static void test_smtp_untrusted_certificate_and_no_server(void **state)
{
	json_t *s = smtp_settings(env.smtp_port, 0);
	struct notify_channel *ch;
	struct notify_message msg = { 4005, "owner@example.com", "主题", "正文", NULL, NULL, NULL };
	struct notify_result res;
	struct buf err = BUF_INIT;
	(void)state;

	/* the test CA is not in the system's store: without ca_file the certificate fails */
	ch = open_channel("smtp", s);
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_REJECTED);
	assert_contains(res.answer, "certificate");
	notify_close(ch);

	ch = open_channel("smtp", smtp_settings(env.closed_port, 1));
	send_ok(ch, &msg, &res);
	assert_int_equal(res.outcome, NOTIFY_RETRY);
	assert_int_equal(notify_lookup(ch, &msg, 0, &res, &err), -1);
	assert_contains(err.buf, "smtp");
	buf_release(&err);
	notify_close(ch);
}

static int group_setup(void **state)
{
	(void)state;
	return fakes_start(0, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_smtp_chinese_mail_arrives_intact_over_starttls, test_setup),
		cmocka_unit_test_setup(test_smtp_wrong_password_is_rejected, test_setup),
		cmocka_unit_test_setup(test_smtp_recipient_refusals_map_to_outcomes, test_setup),
		cmocka_unit_test_setup(test_smtp_require_tls_refuses_a_server_without_starttls, test_setup),
		cmocka_unit_test_setup(test_smtp_untrusted_certificate_and_no_server, test_setup),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, group_setup, fakes_stop);
}
