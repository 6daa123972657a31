/* http.c: one HTTP(S) request through libcurl. */
#include "http.h"

#include <pthread.h>
#include <string.h>

#include <curl/curl.h>

#include "base/error.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void http_global_init(void)
{
	pthread_once(&once, global_init);
}

void http_response_release(struct http_response *rs)
{
	buf_release(&rs->body);
	buf_release(&rs->error);
	rs->status = 0;
	rs->timed_out = 0;
}

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	if (b->len + size * n > HTTP_MAX_ANSWER)
		return 0; /* libcurl stops with CURLE_WRITE_ERROR */
	buf_add(b, data, size * n);
	return size * n;
}

int http_do(const struct http_request *rq, struct http_response *rs, struct buf *err)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *headers = NULL, *h;
	CURL *c;
	CURLcode rc;
	int ret = -1;

	http_global_init();
	buf_reset(&rs->body);
	buf_reset(&rs->error);
	rs->status = 0;
	rs->timed_out = 0;
	if (!(c = curl_easy_init()))
		return error(err, "cannot start libcurl");
	/* no 100-continue round trip: the gateways answer at once */
	if (!(headers = curl_slist_append(NULL, "Expect:"))) {
		error(err, "out of memory");
		goto cleanup;
	}
	for (const char *const *p = rq->headers; p && *p; p++) {
		if (!(h = curl_slist_append(headers, *p))) {
			error(err, "out of memory");
			goto cleanup;
		}
		headers = h;
	}
	curl_easy_setopt(c, CURLOPT_URL, rq->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, rq->timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, rq->timeout_ms);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &rs->body);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "wuye-notify/1");
	if (!strcmp(rq->method, "POST")) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(rq->body ? rq->body_len : 0));
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body ? rq->body : "");
	} else if (strcmp(rq->method, "GET")) {
		error(err, "unsupported method '%s'", rq->method);
		goto cleanup;
	}
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &rs->status);
	} else {
		rs->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
		buf_adds(&rs->error, errbuf[0] ? errbuf : curl_easy_strerror(rc));
	}
	ret = 0;
cleanup:
	curl_slist_free_all(headers);
	curl_easy_cleanup(c);
	return ret;
}

int http_split_endpoint(const char *endpoint, struct buf *base, struct buf *host, struct buf *err)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *name = NULL, *port = NULL, *path = NULL, *query = NULL, *user = NULL;
	int ret = -1;

	if (!u)
		return error(err, "out of memory");
	if (curl_url_set(u, CURLUPART_URL, endpoint, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &name, 0) != CURLUE_OK) {
		error(err, "'%s' is not a URL", endpoint);
		goto cleanup;
	}
	if (strcmp(scheme, "http") && strcmp(scheme, "https")) {
		error(err, "'%s' is not http or https", endpoint);
		goto cleanup;
	}
	curl_url_get(u, CURLUPART_PATH, &path, 0);
	curl_url_get(u, CURLUPART_QUERY, &query, 0);
	curl_url_get(u, CURLUPART_USER, &user, 0);
	if ((path && strcmp(path, "/")) || query || user) {
		error(err, "'%s' must be scheme://host[:port] only", endpoint);
		goto cleanup;
	}
	buf_reset(host);
	buf_adds(host, name);
	if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK) /* only when written out */
		buf_addf(host, ":%s", port);
	buf_reset(base);
	buf_addf(base, "%s://%s", scheme, host->buf);
	ret = 0;
cleanup:
	curl_free(scheme);
	curl_free(name);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	curl_free(user);
	curl_url_cleanup(u);
	return ret;
}
