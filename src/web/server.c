/* server.c: h2o glue: listeners, one event loop and database connection per thread, the
 * request handed to the router and the answer sent back, access log, graceful stop. */
#define H2O_USE_LIBUV 0
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <h2o.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/xalloc.h"
#include "jobs/scheduler.h"
#include "web/jobs.h"
#include "web/metrics.h"
#include "web/router.h"
#include "web/session.h"

const struct serve_options *serve_config;

struct web_thread {
	pthread_t tid;
	h2o_context_t ctx; /* first: handlers find their thread from req->conn->ctx */
	h2o_evloop_t *loop;
	h2o_accept_ctx_t accept;
	h2o_socket_t *listener;
	int fd;
	struct db *db;
	int ok;
};

static h2o_globalconf_t config;
static atomic_int stopping;
static int log_fd = -1;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *dup_iovec(h2o_iovec_t v)
{
	return xstrndup(v.base ? v.base : "", v.len);
}

static char *header(h2o_req_t *req, const h2o_token_t *token)
{
	ssize_t i = h2o_find_header(&req->headers, token, -1);
	return i < 0 ? NULL : dup_iovec(req->headers.entries[i].value);
}

static char *header_str(h2o_req_t *req, const char *name)
{
	ssize_t i = h2o_find_header_by_str(&req->headers, name, strlen(name), -1);
	return i < 0 ? NULL : dup_iovec(req->headers.entries[i].value);
}

static void peer(h2o_req_t *req, char *out, size_t n)
{
	struct sockaddr_storage sa;
	socklen_t len = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&sa);

	snprintf(out, n, "-");
	if (len && sa.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, out, (socklen_t)n);
	else if (len && sa.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr, out, (socklen_t)n);
}

static int language(h2o_req_t *req, const char *cookie)
{
	char *al;
	int lang = LANG_ZH;

	/* the switch in the page frame sets a cookie; else the browser's first choice */
	if (cookie && strstr(cookie, "wuye_lang=en"))
		return LANG_EN;
	if (cookie && strstr(cookie, "wuye_lang=zh"))
		return LANG_ZH;
	al = header(req, H2O_TOKEN_ACCEPT_LANGUAGE);
	if (al && !strncmp(al, "en", 2))
		lang = LANG_EN;
	free(al);
	return lang;
}

static void access_log(struct web_req *r, const char *route, double took)
{
	char line[1024], when[32];
	time_t t = time(NULL);
	struct tm tm;
	int n;

	if (log_fd < 0)
		return;
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof(line), "%s %s %s \"%s %.400s\" %d %zu %.1fms %s\n", when, r->client_ip,
		     r->staff.id ? r->staff.login : "-", r->method, r->path, r->status, r->out.len, took * 1000, route);
	if (n > (int)sizeof(line))
		n = (int)sizeof(line);
	pthread_mutex_lock(&log_lock);
	if (write(log_fd, line, (size_t)n) < 0) {
		/* a full disk must not stop the answers */
	}
	pthread_mutex_unlock(&log_lock);
}

static void set_header(h2o_req_t *req, const char *name, const char *value)
{
	h2o_add_header_by_str(&req->pool, &req->res.headers, name, strlen(name), 1, NULL, value, strlen(value));
}

static void send_answer(h2o_req_t *req, struct web_req *r)
{
	static const char *const reasons[] = { [200] = "OK", [303] = "See Other", [400] = "Bad Request",
					       [401] = "Unauthorized", [403] = "Forbidden", [404] = "Not Found",
					       [405] = "Method Not Allowed", [409] = "Conflict", [413] = "Payload Too Large",
					       [422] = "Unprocessable Content",
					       [429] = "Too Many Requests", [500] = "Internal Server Error",
					       [503] = "Service Unavailable" };
	req->res.status = r->status;
	req->res.reason = r->status > 0 && r->status < (int)(sizeof(reasons) / sizeof(reasons[0])) && reasons[r->status]
				  ? reasons[r->status]
				  : "OK";
	set_header(req, "content-type", r->content_type ? r->content_type : "text/plain; charset=utf-8");
	/* the console's defaults: nothing framed, nothing sniffed, scripts only from here */
	set_header(req, "x-content-type-options", "nosniff");
	set_header(req, "x-frame-options", "DENY");
	set_header(req, "referrer-policy", "same-origin");
	set_header(req, "content-security-policy",
		   "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
	if (!r->wants_json)
		set_header(req, "cache-control", "no-store");
	for (int i = 0; i < r->nheaders; i++)
		set_header(req, r->headers[i].name, r->headers[i].value);
	req->res.content_length = r->out.len;
	h2o_send_inline(req, r->out.buf ? r->out.buf : "", r->out.len);
}

static void parse_body(h2o_req_t *req, struct web_req *r)
{
	char *ctype;
	struct buf err = BUF_INIT;

	if (!req->entity.base)
		return;
	r->body_raw = req->entity.base;
	r->body_len = req->entity.len;
	ctype = header(req, H2O_TOKEN_CONTENT_TYPE);
	if (ctype && !strncasecmp(ctype, "application/x-www-form-urlencoded", 33))
		form_parse_urlencoded(&r->body, req->entity.base, req->entity.len, &err);
	else if (ctype && !strncasecmp(ctype, "multipart/form-data", 19))
		form_parse_multipart(&r->body, ctype, req->entity.base, req->entity.len, &err);
	/* a malformed body leaves the form empty: the handler reports the missing fields */
	free(ctype);
	buf_release(&err);
}

static int on_req(h2o_handler_t *self, h2o_req_t *req)
{
	struct web_thread *t = (struct web_thread *)((char *)req->conn->ctx - offsetof(struct web_thread, ctx));
	struct web_req r;
	struct web_in in;
	struct buf path = BUF_INIT, err = BUF_INIT;
	char *cookie = header(req, H2O_TOKEN_COOKIE), *auth = header(req, H2O_TOKEN_AUTHORIZATION);
	char *csrf = header_str(req, "x-csrf-token"), *hx = header_str(req, "hx-request"), *method;
	char *ua = header(req, H2O_TOKEN_USER_AGENT);
	const char *route = "-";
	size_t plen = req->query_at != SIZE_MAX ? req->query_at : req->path.len;
	double start = now_seconds();

	(void)self;
	metrics_inflight(1);
	memset(&r, 0, sizeof(r));
	buf_init(&r.out);
	method = dup_iovec(req->method);
	r.method = method;
	r.db = t->db;
	r.status = 200;
	r.is_htmx = hx != NULL;
	r.lang = language(req, cookie);
	i18n_set_lang(r.lang);
	r.today = serve_config->fixed_today != DATE_MIN ? serve_config->fixed_today : date_today_shanghai();
	peer(req, r.client_ip, sizeof(r.client_ip));
	r.impl = req;
	r.cookie_header = cookie;
	r.user_agent = ua;
	if (url_decode(&path, req->path.base, plen, 0) < 0 || !path.len || path.buf[0] != '/' ||
	    strlen(path.buf) != path.len || strstr(path.buf, "/../") || strstr(path.buf, "/./")) {
		r.path = "/";
		web_error(&r, 400, _("the address is not valid"));
	} else {
		r.path = path.buf;
		r.raw_query = req->query_at != SIZE_MAX ? req->path.base + req->query_at + 1 : "";
		if (req->query_at != SIZE_MAX)
			form_parse_urlencoded(&r.query, req->path.base + req->query_at + 1, req->path.len - req->query_at - 1,
					      &err);
		parse_body(req, &r);
		in.cookie = cookie;
		in.authorization = auth;
		in.csrf = csrf;
		router_dispatch(&r, &in, &route);
	}
	if (r.status == 0)
		r.status = 500;
	send_answer(req, &r);
	{
		double took = now_seconds() - start;
		metrics_request(route, r.status, took);
		access_log(&r, route, took);
	}
	metrics_inflight(-1);
	/* a transaction a handler left open must not leak into the next request */
	if (db_in_transaction(t->db))
		db_rollback(t->db);
	for (int i = 0; i < r.nheaders; i++) {
		free(r.headers[i].name);
		free(r.headers[i].value);
	}
	form_free(&r.query);
	form_free(&r.body);
	free(r.path_copy);
	buf_release(&r.out);
	buf_release(&path);
	buf_release(&err);
	free(method);
	free(cookie);
	free(auth);
	free(csrf);
	free(hx);
	free(ua);
	return 0;
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
	struct web_thread *t = listener->data;
	h2o_socket_t *sock;

	if (err)
		return;
	if ((sock = h2o_evloop_socket_accept(listener)) == NULL)
		return;
	h2o_accept(&t->accept, sock);
}

static int open_listener(const char *address, struct buf *err)
{
	char host[256];
	const char *colon = strrchr(address, ':');
	struct addrinfo hints, *res = NULL;
	int fd, one = 1, rc;

	if (!colon || colon == address || (size_t)(colon - address) >= sizeof(host) || !colon[1])
		return error(err, _("--listen needs HOST:PORT, not '%s'"), address);
	memcpy(host, address, (size_t)(colon - address));
	host[colon - address] = '\0';
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if ((rc = getaddrinfo(host, colon + 1, &hints, &res)) != 0)
		return error(err, _("cannot use the address '%s': %s"), address, gai_strerror(rc));
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
		error(err, _("cannot listen on %s: %s"), address, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

/* The address a listener got (its port, when 0 was asked for), as HOST:PORT. */
static void bound_address(int fd, const char *asked, char *out, size_t n)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	const char *colon = strrchr(asked, ':');
	int port = 0;

	if (getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&sa)->sin6_port
						      : ((struct sockaddr_in *)&sa)->sin_port);
	snprintf(out, n, "%.*s:%d", colon ? (int)(colon - asked) : 0, asked, port);
}

static int connections_open(h2o_context_t *ctx)
{
	return !h2o_linklist_is_empty(&ctx->http1._conns) || !h2o_linklist_is_empty(&ctx->http2._conns);
}

static void *thread_main(void *arg)
{
	struct web_thread *t = arg;
	double deadline;

	t->loop = h2o_evloop_create();
	h2o_context_init(&t->ctx, t->loop, &config);
	t->accept.ctx = &t->ctx;
	t->accept.hosts = config.hosts;
	t->listener = h2o_evloop_socket_create(t->ctx.loop, t->fd, H2O_SOCKET_FLAG_DONT_READ);
	t->listener->data = t;
	h2o_socket_read_start(t->listener, on_accept);
	while (!atomic_load(&stopping))
		h2o_evloop_run(t->ctx.loop, 200);
	/* stop: no new connections; idle ones are closed, requests in flight finish */
	h2o_socket_read_stop(t->listener);
	h2o_socket_close(t->listener);
	h2o_context_request_shutdown(&t->ctx);
	deadline = now_seconds() + 10;
	while (connections_open(&t->ctx) && now_seconds() < deadline)
		h2o_evloop_run(t->ctx.loop, 100);
	/* the graceful-shutdown timer request_shutdown armed for HTTP/2 must be idle before
	 * the context goes (h2o 2.2 asserts every timer is) */
	if (h2o_timeout_is_linked(&t->ctx.http2._graceful_shutdown_timeout))
		h2o_timeout_unlink(&t->ctx.http2._graceful_shutdown_timeout);
	h2o_context_dispose(&t->ctx);
	h2o_evloop_destroy(t->loop);
	return NULL;
}

int serve_run(const struct serve_options *o, struct buf *err)
{
	h2o_hostconf_t *host;
	h2o_pathconf_t *pathconf;
	h2o_handler_t *handler;
	struct web_thread *threads;
	int n = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	sigset_t sigs;
	int sig, rc = 0;
	struct scheduler *sched = NULL;
	char bound[300];

	if (n < 1)
		n = 1;
	if (n > 64)
		n = 64;
	serve_config = o;
	metrics_init();
	signal(SIGPIPE, SIG_IGN);
	if (o->access_log)
		log_fd = !strcmp(o->access_log, "-") ? 2 : open(o->access_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	h2o_config_init(&config);
	config.max_request_entity_size = o->max_body ? o->max_body : 20 * 1024 * 1024;
	config.http1.req_timeout = 30 * 1000;
	config.http2.idle_timeout = 30 * 1000;
	config.http2.graceful_shutdown_timeout = 10 * 1000;
	config.server_name = h2o_iovec_init(H2O_STRLIT("wuye"));
	host = h2o_config_register_host(&config, h2o_iovec_init(H2O_STRLIT("default")), 65535);
	pathconf = h2o_config_register_path(host, "/", 0);
	handler = h2o_create_handler(pathconf, sizeof(*handler));
	handler->on_req = on_req;

	/* signals go to this thread only, which waits for them */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	threads = xcalloc((size_t)n, sizeof(*threads));
	for (int i = 0; i < n; i++) {
		threads[i].fd = open_listener(i == 0 ? o->listen : bound, err);
		/* port 0: the system picks one for the first listener, the others share it */
		if (i == 0 && threads[0].fd >= 0)
			bound_address(threads[0].fd, o->listen, bound, sizeof(bound));
		if (threads[i].fd >= 0 && db_open(&threads[i].db, o->db_url, err) == 0)
			continue;
		/* what was opened so far is closed below */
		if (threads[i].fd >= 0)
			close(threads[i].fd);
		for (int k = 0; k < i; k++)
			close(threads[k].fd);
		n = i;
		rc = -1;
		goto out;
	}
	if (jobs_start(o->db_url, err) < 0) {
		for (int k = 0; k < n; k++)
			close(threads[k].fd);
		rc = -1;
		goto out;
	}
	if (o->scheduler && !(sched = scheduler_start(o->db_url, o->fixed_today, err))) {
		for (int k = 0; k < n; k++)
			close(threads[k].fd);
		rc = -1;
		goto out_jobs;
	}
	for (int i = 0; i < n; i++)
		pthread_create(&threads[i].tid, NULL, thread_main, &threads[i]);
	fprintf(stderr, "wuye: serving http://%s/ with %d thread%s\n", bound, n, n == 1 ? "" : "s");
	sigwait(&sigs, &sig);
	fprintf(stderr, "wuye: stopping (signal %d): finishing the requests in flight\n", sig);
	atomic_store(&stopping, 1);
	for (int i = 0; i < n; i++)
		pthread_join(threads[i].tid, NULL);
	scheduler_stop(sched);
out_jobs:
	jobs_stop();
out:
	for (int i = 0; i < n; i++)
		db_close(threads[i].db);
	free(threads);
	if (log_fd > 2)
		close(log_fd);
	return rc;
}
