/* server.h: `wuye serve`: the HTTP server on h2o's event loop.
 *
 * One event loop per thread (--threads, default one per core), each with its own h2o
 * context and its own database connection, all accepting on the same port
 * (SO_REUSEPORT).  Handlers run inline (they are short); long work goes to the job
 * thread.  SIGTERM or SIGINT: the listeners close, idle keep-alive connections are told
 * to close, requests in flight finish (up to 10 s), the jobs stop between steps, and the
 * process exits 0.  Each request is one access-log line.
 */
#ifndef WUYE_SERVER_H
#define WUYE_SERVER_H

#include "base/buf.h"

struct serve_options {
	const char *db_url;
	const char *listen;      /* "127.0.0.1:8080" */
	int threads;             /* 0: one per core */
	int fixed_today;         /* a day number for --today, or DATE_MIN: the real date */
	int scheduler;           /* run the daily jobs on their clock */
	const char *access_log;  /* a file, "-" for stderr, NULL for none */
	int secure_cookies;      /* behind TLS: cookies are Secure */
	size_t max_body;         /* bytes (uploads) */
};

/* Runs until SIGTERM/SIGINT; 0 after a clean shutdown. */
int serve_run(const struct serve_options *o, struct buf *err);

/* The settings handlers read (set once before the threads start). */
extern const struct serve_options *serve_config;

#endif
