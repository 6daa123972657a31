/* http.h: one HTTP(S) request through libcurl, for the gateways' JSON APIs.
 *
 * No redirects, http and https only, a deadline for the whole exchange, a cap on the
 * answer's size.  Nothing is ever printed: URLs and headers may carry secrets (the WeChat
 * access token is a query parameter).
 */
#ifndef WUYE_NOTIFY_HTTP_H
#define WUYE_NOTIFY_HTTP_H

#include <stddef.h>

#include "base/buf.h"

#define HTTP_MAX_ANSWER (1024 * 1024)

struct http_request {
	const char *method;          /* "GET" or "POST" */
	const char *url;
	const char *const *headers;  /* "Name: value" strings, NULL-terminated; may be NULL */
	const char *body;            /* POST body (may be NULL: empty) */
	size_t body_len;
	long timeout_ms;             /* the whole exchange, connecting included */
};

struct http_response {
	long status;     /* the HTTP status; 0 when no answer came (see error) */
	struct buf body; /* the answer, at most HTTP_MAX_ANSWER bytes */
	struct buf error;/* why no answer came: libcurl's text ("Connection refused", "timed out") */
	int timed_out;
};
#define HTTP_RESPONSE_INIT { 0, BUF_INIT, BUF_INIT, 0 }
void http_response_release(struct http_response *rs);

/* Makes libcurl ready (once per process; safe to call from several threads). */
void http_global_init(void);

/* Performs the request.  Returns 0 when it was attempted (rs->status is 0 on a transport
 * failure: refused, reset, timed out, TLS), -1 when it could not be (err). */
int http_do(const struct http_request *rq, struct http_response *rs, struct buf *err);

/* Splits "scheme://host[:port][/]" into the base URL without a final slash and the Host
 * header's value (host[:port]).  Only http and https, no path, query or user part. */
int http_split_endpoint(const char *endpoint, struct buf *base, struct buf *host, struct buf *err);

#endif
