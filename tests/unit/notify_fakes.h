/* notify_fakes.h: the local protocol servers of the channel tests, for tests/unit/notify*.c.
 *
 * tests/fakes/gateways.js (Aliyun, Tencent, WeChat) and tests/fakes/smtp.js run under
 * Node.js as children of the test.  They are found in the source tree: $WUYE_SRC
 * (tests/run.sh sets it) or else the tree the test was compiled in (WUYE_SRCDIR, set by
 * the Makefile), so a test binary also runs on its own.  Without node, openssl or the npm
 * packages (make deps runs npm ci) every test fails with the reason: a skipped channel
 * test would hide a broken channel.
 */
#ifndef WUYE_TEST_NOTIFY_FAKES_H
#define WUYE_TEST_NOTIFY_FAKES_H

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

static __attribute__((unused)) int run_quiet(char *const argv[])
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
static __attribute__((unused)) int start_node(char *const argv[], pid_t *pid, int *port)
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

static __attribute__((unused)) void stop(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGTERM);
		waitpid(*pid, NULL, 0);
	}
	*pid = 0;
}

static __attribute__((unused)) int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A port nothing listens on: bound by us, then closed. */
static __attribute__((unused)) int closed_port(void)
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

static __attribute__((unused)) json_t *fake(const char *method, const char *path, const char *body)
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

static __attribute__((unused)) void fake_post(const char *path, const char *body)
{
	json_decref(fake("POST", path, body));
}

/* What the fake accepted for one vendor (a new reference). */
static __attribute__((unused)) json_t *accepted(const char *vendor)
{
	json_t *all = fake("GET", "/_fake/messages", NULL), *out = json_array(), *m;
	size_t i;

	json_array_foreach(json_object_get(all, "messages"), i, m)
		if (!strcmp(json_string_value(json_object_get(m, "vendor")), vendor))
			json_array_append(out, m);
	json_decref(all);
	return out;
}

static __attribute__((unused)) long calls(const char *name)
{
	json_t *all = fake("GET", "/_fake/messages", NULL);
	long n = (long)json_integer_value(json_object_get(json_object_get(all, "calls"), name));

	json_decref(all);
	return n;
}

/* The settings for a vendor: its test credentials from the fake, pointed at the fake. */
static __attribute__((unused)) json_t *settings(const char *vendor)
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

static __attribute__((unused)) struct notify_channel *open_channel(const char *vendor, json_t *s)
{
	struct buf err = BUF_INIT;
	struct notify_channel *ch = notify_open(vendor, s, &err);

	if (!ch)
		fail_msg("notify_open(%s): %s", vendor, err.buf);
	buf_release(&err);
	json_decref(s);
	return ch;
}

static __attribute__((unused)) void send_ok(struct notify_channel *ch, const struct notify_message *m, struct notify_result *res)
{
	struct buf err = BUF_INIT;

	if (notify_send(ch, m, res, &err) != 0)
		fail_msg("notify_send: %s", err.buf);
	buf_release(&err);
}

static __attribute__((unused)) void assert_starts_with(const char *s, const char *prefix)
{
	if (strncmp(s, prefix, strlen(prefix)))
		fail_msg("'%s' does not start with '%s'", s, prefix);
}

static __attribute__((unused)) void assert_contains(const char *s, const char *part)
{
	if (!strstr(s, part))
		fail_msg("'%s' does not contain '%s'", s, part);
}

static __attribute__((unused)) json_t *bill_params(void)
{
	/* in the template's order; tencent sends the values in this order */
	return json_pack("{s:s,s:s,s:s}", "name", "王伟", "amount", "1,234.56", "due", "2026-07-31");
}

/* ------------------------------------------------------------- set-up ---- */

/* Starts the gateways fake and/or the two SMTP servers (STARTTLS and plain).  A failure is
 * kept in env.setup_error and fails every test (test_setup): never a silent skip. */
static __attribute__((unused)) int fakes_start(int gateways, int mail)
{
	const char *src = getenv("WUYE_SRC");
	char gw[PATH_MAX + 32], smtp[PATH_MAX + 32], port_s[] = "0";
	char *openssl[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
			    "-nodes", "-days", "2", "-subj", "/CN=localhost",
			    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
			    "-keyout", env.key, "-out", env.cert, NULL };

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
	env.closed_port = closed_port();
	if (gateways) {
		char *argv[] = { "node", gw, port_s, NULL };

		if (start_node(argv, &env.gw_pid, &env.gw_port) < 0)
			return 0;
		env.config = fake("GET", "/_fake/config", NULL);
	}
	if (!mail)
		return 0;
	/* a throw-away certificate for the SMTP server's STARTTLS, made here, trusted only
	 * through the channel's ca_file */
	if (run_quiet(openssl) < 0) {
		snprintf(env.setup_error, sizeof(env.setup_error), "openssl could not make a test certificate");
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
	return 0;
}

static __attribute__((unused)) int fakes_stop(void **state)
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
static __attribute__((unused)) int test_setup(void **state)
{
	(void)state;
	if (env.setup_error[0])
		fail_msg("the test servers are not running: %s", env.setup_error);
	if (env.gw_pid)
		fake_post("/_fake/reset", "{}");
	return 0;
}

/* One outage of each kind (503, reset connection, no answer) is a RETRY for channel ch. */
static __attribute__((unused)) void outages_are_retry(const char *vendor, struct notify_channel *ch, const struct notify_message *m)
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

#endif
