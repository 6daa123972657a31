/* notify.c: the channels end to end, against local servers that speak each vendor's
 * protocol and check its signature (tests/fakes/gateways.js, tests/fakes/smtp.js, run
 * with Node.js).
 *
 * The fakes are found in the source tree: $WUYE_SRC (tests/run.sh sets it) or else the
 * tree this test was compiled in (WUYE_SRCDIR, set by the Makefile), so the binary also
 * runs on its own.  Without node, or without the npm packages (make deps runs npm ci),
 * every test here fails with the reason: a skipped channel test would hide a broken
 * channel.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/str.h"
#include "notify/http.h"
#include "notify/notify.h"

#ifndef WUYE_SRCDIR
#define WUYE_SRCDIR "."
#endif

extern char **environ;

#define SMTP_USER "wuye-mailer"
#define SMTP_PASS "smtp-test-password-only"

static struct {
	char src[PATH_MAX], tmp[PATH_MAX], cert[PATH_MAX + 16], key[PATH_MAX + 16];
	char mail_dir[PATH_MAX + 16], plain_dir[PATH_MAX + 16];
	pid_t gw_pid, smtp_pid, plain_pid;
	int gw_port, smtp_port, plain_port, closed_port;
	json_t *config;
	char setup_error[PATH_MAX + 256];
} env;

/* ---------------------------------------------------------------- processes ---- */

static int run_quiet(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status = -1;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) == 0)
		waitpid(pid, &status, 0);
	posix_spawn_file_actions_destroy(&fa);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Starts a node script and waits for its "listening PORT" line; -1 with env.setup_error. */
static int start_node(char *const argv[], pid_t *pid, int *port)
{
	int fds[2];
	char line[128];
	size_t got = 0;

	if (pipe(fds) < 0)
		return -1;
	*pid = fork();
	if (*pid < 0)
		return -1;
	if (*pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[0], argv);
		fprintf(stderr, "notify test: cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	while (got < sizeof(line) - 1) {
		struct pollfd p = { fds[0], POLLIN, 0 };
		ssize_t n;

		if (poll(&p, 1, 20000) <= 0)
			break;
		n = read(fds[0], line + got, sizeof(line) - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		line[got] = '\0';
		if (strchr(line, '\n'))
			break;
	}
	line[got] = '\0';
	close(fds[0]);
	if (sscanf(line, "listening %d", port) != 1) {
		kill(*pid, SIGKILL);
		waitpid(*pid, NULL, 0);
		*pid = 0;
		snprintf(env.setup_error, sizeof(env.setup_error),
			 "'%s %s' did not start (is Node.js installed, and the npm packages? run make deps)", argv[0],
			 argv[1]);
		return -1;
	}
	return 0;
}

static void stop(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGTERM);
		waitpid(*pid, NULL, 0);
	}
	*pid = 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A port nothing listens on: bound by us, then closed. */
static int closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM, 0), port = 1;

	if (s >= 0 && bind(s, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(s, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (s >= 0)
		close(s);
	return port;
}

/* ---------------------------------------------------------------- the fakes ---- */

static json_t *fake(const char *method, const char *path, const char *body)
{
	static const char *const headers[] = { "Content-Type: application/json", NULL };
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct buf url = BUF_INIT, err = BUF_INIT;
	json_t *answer;

	buf_addf(&url, "http://127.0.0.1:%d%s", env.gw_port, path);
	if (http_do(&(struct http_request){ method, url.buf, headers, body, body ? strlen(body) : 0, 5000 }, &rs, &err) < 0 ||
	    rs.status != 200)
		fail_msg("fake %s %s: %s%s", method, path, err.buf, rs.error.buf);
	answer = json_loadb(rs.body.buf, rs.body.len, 0, NULL);
	assert_non_null(answer);
	buf_release(&url);
	buf_release(&err);
	http_response_release(&rs);
	return answer;
}

static void fake_post(const char *path, const char *body)
{
	json_decref(fake("POST", path, body));
}

/* What the fake accepted for one vendor (a new reference). */
static json_t *accepted(const char *vendor)
{
	json_t *all = fake("GET", "/_fake/messages", NULL), *out = json_array(), *m;
	size_t i;

	json_array_foreach(json_object_get(all, "messages"), i, m)
		if (!strcmp(json_string_value(json_object_get(m, "vendor")), vendor))
			json_array_append(out, m);
	json_decref(all);
	return out;
}

static long calls(const char *name)
{
	json_t *all = fake("GET", "/_fake/messages", NULL);
	long n = (long)json_integer_value(json_object_get(json_object_get(all, "calls"), name));

	json_decref(all);
	return n;
}

/* The settings for a vendor: its test credentials from the fake, pointed at the fake. */
static json_t *settings(const char *vendor)
{
	json_t *s = json_deep_copy(json_object_get(env.config, vendor));
	char url[64];

	assert_non_null(s);
	json_object_del(s, "templates");
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", env.gw_port);
	json_object_set_new(s, "endpoint", json_string(url));
	json_object_set_new(s, "timeout_ms", json_integer(3000));
	return s;
}

static struct notify_channel *open_channel(const char *vendor, json_t *s)
{
	struct buf err = BUF_INIT;
	struct notify_channel *ch = notify_open(vendor, s, &err);

	if (!ch)
		fail_msg("notify_open(%s): %s", vendor, err.buf);
	buf_release(&err);
	json_decref(s);
	return ch;
}

static void send_ok(struct notify_channel *ch, const struct notify_message *m, struct notify_result *res)
{
	struct buf err = BUF_INIT;

	if (notify_send(ch, m, res, &err) != 0)
		fail_msg("notify_send: %s", err.buf);
	buf_release(&err);
}

static void assert_starts_with(const char *s, const char *prefix)
{
	if (strncmp(s, prefix, strlen(prefix)))
		fail_msg("'%s' does not start with '%s'", s, prefix);
}

static void assert_contains(const char *s, const char *part)
{
	if (!strstr(s, part))
		fail_msg("'%s' does not contain '%s'", s, part);
}

static json_t *bill_params(void)
{
	/* in the template's order; tencent sends the values in this order */
	return json_pack("{s:s,s:s,s:s}", "name", "王伟", "amount", "1,234.56", "due", "2026-07-31");
}

/* ------------------------------------------------------------- group set-up ---- */

static int group_setup(void **state)
{
	const char *src = getenv("WUYE_SRC");
	char gw[PATH_MAX + 32], smtp[PATH_MAX + 32], port_s[] = "0";
	char *openssl[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
			    "-nodes", "-days", "2", "-subj", "/CN=localhost",
			    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
			    "-keyout", env.key, "-out", env.cert, NULL };
	json_t *cfg;
	(void)state;

	snprintf(env.src, sizeof(env.src), "%s", src && *src ? src : WUYE_SRCDIR);
	snprintf(gw, sizeof(gw), "%s/tests/fakes/gateways.js", env.src);
	snprintf(smtp, sizeof(smtp), "%s/tests/fakes/smtp.js", env.src);
	if (access(gw, R_OK) < 0) {
		snprintf(env.setup_error, sizeof(env.setup_error), "cannot find %s (set WUYE_SRC to the source tree)", gw);
		return 0;
	}
	snprintf(env.tmp, sizeof(env.tmp), "%s/wuye-notify-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(env.tmp)) {
		snprintf(env.setup_error, sizeof(env.setup_error), "mkdtemp: %s", strerror(errno));
		return 0;
	}
	snprintf(env.key, sizeof(env.key), "%s/key.pem", env.tmp);
	snprintf(env.cert, sizeof(env.cert), "%s/cert.pem", env.tmp);
	snprintf(env.mail_dir, sizeof(env.mail_dir), "%s/mail", env.tmp);
	snprintf(env.plain_dir, sizeof(env.plain_dir), "%s/plain", env.tmp);
	mkdir(env.mail_dir, 0700);
	mkdir(env.plain_dir, 0700);
	/* a throw-away certificate for the SMTP server's STARTTLS, made here, trusted only
	 * through the channel's ca_file */
	if (run_quiet(openssl) < 0) {
		snprintf(env.setup_error, sizeof(env.setup_error), "openssl could not make a test certificate");
		return 0;
	}
	env.closed_port = closed_port();
	{
		char *argv[] = { "node", gw, port_s, NULL };

		if (start_node(argv, &env.gw_pid, &env.gw_port) < 0)
			return 0;
	}
	{
		char *argv[] = { "node", smtp, "--dir", env.mail_dir, "--user", SMTP_USER, "--pass", SMTP_PASS,
				 "--key", env.key, "--cert", env.cert, NULL };

		if (start_node(argv, &env.smtp_pid, &env.smtp_port) < 0)
			return 0;
	}
	{
		char *argv[] = { "node", smtp, "--dir", env.plain_dir, "--user", SMTP_USER, "--pass", SMTP_PASS,
				 "--no-starttls", NULL };

		if (start_node(argv, &env.plain_pid, &env.plain_port) < 0)
			return 0;
	}
	cfg = fake("GET", "/_fake/config", NULL);
	env.config = cfg;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	stop(&env.gw_pid);
	stop(&env.smtp_pid);
	stop(&env.plain_pid);
	json_decref(env.config);
	if (env.tmp[0])
		nftw(env.tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

/* Each test starts from a fresh gateway; a failed set-up fails every test loudly. */
static int test_setup(void **state)
{
	(void)state;
	if (env.setup_error[0] || !env.config)
		fail_msg("the test servers are not running: %s", env.setup_error[0] ? env.setup_error : "unknown reason");
	fake_post("/_fake/reset", "{}");
	return 0;
}

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

/* One outage of each kind (503, reset connection, no answer) is a RETRY for channel ch. */
static void outages_are_retry(const char *vendor, struct notify_channel *ch, const struct notify_message *m)
{
	static const char *const modes[] = { "503", "reset", "hang" };
	struct notify_result res;
	json_t *got;

	for (size_t i = 0; i < 3; i++) {
		char body[64];

		snprintf(body, sizeof(body), "{\"on\":true,\"mode\":\"%s\"}", modes[i]);
		fake_post("/_fake/outage", body);
		send_ok(ch, m, &res);
		if (res.outcome != NOTIFY_RETRY)
			fail_msg("%s during a '%s' outage: outcome %d (%s)", vendor, modes[i], res.outcome, res.answer);
		if (i == 0)
			assert_contains(res.answer, "503");
		else
			assert_non_null(strstr(res.answer, "network") ? res.answer : strstr(res.answer, "HTTP"));
	}
	fake_post("/_fake/outage", "{\"on\":false}");
	got = accepted(vendor);
	assert_int_equal(json_array_size(got), 0);
	json_decref(got);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_open_names_missing_settings_and_vendors, test_setup),
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
		cmocka_unit_test_setup(test_wechat_send_arrives_with_token_and_data, test_setup),
		cmocka_unit_test_setup(test_wechat_token_is_kept_until_five_minutes_before_expiry, test_setup),
		cmocka_unit_test_setup(test_wechat_invalid_token_is_refreshed_once, test_setup),
		cmocka_unit_test_setup(test_wechat_wrong_secret_and_bad_openid_are_rejected, test_setup),
		cmocka_unit_test_setup(test_wechat_outage_and_busy_are_retry, test_setup),
		cmocka_unit_test_setup(test_smtp_chinese_mail_arrives_intact_over_starttls, test_setup),
		cmocka_unit_test_setup(test_smtp_wrong_password_is_rejected, test_setup),
		cmocka_unit_test_setup(test_smtp_recipient_refusals_map_to_outcomes, test_setup),
		cmocka_unit_test_setup(test_smtp_require_tls_refuses_a_server_without_starttls, test_setup),
		cmocka_unit_test_setup(test_smtp_untrusted_certificate_and_no_server, test_setup),
		cmocka_unit_test(test_receipts_aliyun_documented_body),
		cmocka_unit_test(test_receipts_tencent_documented_body),
		cmocka_unit_test(test_receipts_wechat_documented_events),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
