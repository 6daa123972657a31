/* wechat.c: WeChat official-account template messages (微信公众号模板消息).
 *
 * Token:  POST /cgi-bin/stable_token {grant_type, appid, secret, force_refresh}
 *         https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
 * Send:   POST /cgi-bin/message/template/send?access_token=TOKEN
 *         https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 * Codes:  https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 *
 * The stable token is shared by every caller of the account and stays the same until it
 * expires, so it is kept in the channel until 5 minutes before then.  When a send says the
 * token is invalid (40001, 40014, 42001: someone forced a new one, or it expired early),
 * the token is fetched again once and the send repeated once.
 *
 * WeChat cannot be asked afterwards whether it has a message.  The client_msg_id (our
 * message id) is WeChat's guard against a repeat instead: "for the same openid +
 * client_msg_id only one message is sent, for 10 minutes" (the send API's doc), so a
 * retry soon after an interrupted send does not reach the owner twice.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/xalloc.h"
#include "http.h"
#include "internal.h"

#define TOKEN_MARGIN 300 /* seconds before expiry when a token is no longer used */

struct wechat {
	char *appid, *secret;
	struct buf base, host;
	long timeout_ms;
	char *token;        /* NULL when none is kept */
	int64_t token_until; /* use the token while now < token_until */
};

static void drop_token(struct wechat *w)
{
	setting_free(w->token);
	w->token = NULL;
	w->token_until = 0;
}

static void wechat_close(void *impl)
{
	struct wechat *w = impl;

	if (!w)
		return;
	drop_token(w);
	setting_free(w->appid);
	setting_free(w->secret);
	buf_release(&w->base);
	buf_release(&w->host);
	free(w);
}

static void *wechat_open(const json_t *s, struct buf *err)
{
	struct wechat *w = xcalloc(1, sizeof(*w));

	buf_init(&w->base);
	buf_init(&w->host);
	if (setting_str(s, "wechat", "appid", NULL, &w->appid, err) < 0 ||
	    setting_str(s, "wechat", "secret", NULL, &w->secret, err) < 0 ||
	    setting_timeout(s, "wechat", &w->timeout_ms, err) < 0 ||
	    setting_endpoint(s, "wechat", "https://api.weixin.qq.com", &w->base, &w->host, err) < 0) {
		wechat_close(w);
		return NULL;
	}
	return w;
}

/* -1 "system busy", 45009 "reach max api daily quota limit", 45011 "api minute-quota
 * reach limit": the message can go later */
static int retry_errcode(json_int_t code)
{
	return code == -1 || code == 45009 || code == 45011;
}

static int token_errcode(json_int_t code)
{
	return code == 40001 || code == 40014 || code == 42001;
}

/* POSTs a JSON body to path (with its query); *answer is the parsed answer or NULL. */
static int post(struct wechat *w, const char *path_and_query, const json_t *body, struct http_response *rs,
		json_t **answer, struct buf *err)
{
	static const char *const headers[] = { "Content-Type: application/json; charset=utf-8", NULL };
	struct buf url = BUF_INIT;
	char *payload = json_dumps(body, JSON_COMPACT);
	int ret;

	*answer = NULL;
	if (!payload)
		return error(err, "wechat: cannot write the request");
	buf_addf(&url, "%s%s", w->base.buf, path_and_query);
	ret = http_do(&(struct http_request){ "POST", url.buf, headers, payload, strlen(payload), w->timeout_ms }, rs,
		      err);
	if (!ret && rs->status)
		*answer = json_loadb(rs->body.buf, rs->body.len, 0, NULL);
	setting_free(buf_detach(&url, NULL)); /* wiped: the URL may carry the access token */
	free(payload);
	return ret;
}

/* The outcome of a call that did not succeed (no answer, HTTP error, errcode). */
static void failed(struct notify_result *res, const char *what, const struct http_response *rs, const json_t *answer)
{
	const json_t *code = json_object_get(answer, "errcode");
	const char *msg = json_string_value(json_object_get(answer, "errmsg"));

	if (!rs->status)
		result_set(res, NOTIFY_RETRY, NULL, "network: %s", rs->error.buf);
	else if (json_is_integer(code))
		result_set(res, retry_errcode(json_integer_value(code)) ? NOTIFY_RETRY : NOTIFY_REJECTED, NULL,
			   "%s: errcode %" JSON_INTEGER_FORMAT ": %s", what, json_integer_value(code), msg ? msg : "");
	else if (rs->status >= 500 || rs->status == 429 || rs->status < 300)
		result_set(res, NOTIFY_RETRY, NULL, "%s: HTTP %ld without a readable answer", what, rs->status);
	else
		result_set(res, NOTIFY_REJECTED, NULL, "%s: HTTP %ld without a readable answer", what, rs->status);
}

/* Makes sure a usable token is kept.  Returns 1 when there is one, 0 when the token
 * service refused or failed (res says so), -1 for our faults. */
static int get_token(struct wechat *w, struct notify_result *res, struct buf *err)
{
	struct http_response rs = HTTP_RESPONSE_INIT;
	json_t *body, *answer = NULL;
	const char *token;
	json_int_t expires;
	int64_t now = notify_now();
	int ret = -1;

	if (w->token && now < w->token_until)
		return 1;
	drop_token(w);
	body = json_pack("{s:s,s:s,s:s,s:b}", "grant_type", "client_credential", "appid", w->appid, "secret",
			 w->secret, "force_refresh", 0);
	if (!body)
		return error(err, "wechat: cannot write the token request");
	if (post(w, "/cgi-bin/stable_token", body, &rs, &answer, err) < 0)
		goto cleanup;
	token = json_string_value(json_object_get(answer, "access_token"));
	expires = json_integer_value(json_object_get(answer, "expires_in"));
	if (rs.status == 200 && token && *token) {
		w->token = xstrdup(token);
		w->token_until = now + expires - TOKEN_MARGIN;
		ret = 1;
	} else {
		failed(res, "stable_token", &rs, answer);
		ret = 0;
	}
cleanup:
	json_decref(body);
	json_decref(answer);
	http_response_release(&rs);
	return ret;
}

/* One send with the kept token (fetched first if need be).  Returns 0 with res filled,
 * 1 when WeChat called the token invalid (res says so, as a RETRY), -1 for our faults. */
static int send_once(struct wechat *w, const json_t *body, struct notify_result *res, struct buf *err)
{
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct buf path = BUF_INIT;
	json_t *answer = NULL;
	const json_t *code, *mid;
	char msgid[32];
	int ret = get_token(w, res, err);

	if (ret <= 0)
		return ret;
	buf_adds(&path, "/cgi-bin/message/template/send?access_token=");
	buf_adds(&path, w->token);
	ret = post(w, path.buf, body, &rs, &answer, err);
	setting_free(buf_detach(&path, NULL));
	if (ret < 0)
		goto cleanup;
	code = json_object_get(answer, "errcode");
	if (rs.status == 200 && json_is_integer(code) && json_integer_value(code) == 0) {
		mid = json_object_get(answer, "msgid");
		if (json_is_integer(mid))
			snprintf(msgid, sizeof(msgid), "%" JSON_INTEGER_FORMAT, json_integer_value(mid));
		else
			copy_utf8(msgid, sizeof(msgid), json_is_string(mid) ? json_string_value(mid) : "");
		result_set(res, NOTIFY_SENT, msgid, "ok");
	} else {
		failed(res, "template/send", &rs, answer);
		if (rs.status == 200 && json_is_integer(code) && token_errcode(json_integer_value(code))) {
			res->outcome = NOTIFY_RETRY; /* a token problem is WeChat's, never the message's */
			ret = 1;
		}
	}
cleanup:
	json_decref(answer);
	http_response_release(&rs);
	return ret;
}

static int wechat_send(void *impl, const struct notify_message *m, struct notify_result *res, struct buf *err)
{
	struct wechat *w = impl;
	json_t *body, *data;
	const json_t *v;
	const char *key;
	char id[24];
	int ret;

	if (!m->vendor_template || !*m->vendor_template)
		return error(err, "wechat: message %" PRId64 " has no template id", m->id);
	if (!params_are_strings(m->params))
		return error(err, "wechat: the template's variables must be an object of strings");
	message_id_str(m->id, id);
	data = json_object();
	json_object_foreach((json_t *)(uintptr_t)m->params, key, v)
		json_object_set_new(data, key, json_pack("{s:O}", "value", v));
	body = json_pack("{s:s,s:s,s:s,s:o}", "touser", m->address, "template_id", m->vendor_template, "client_msg_id",
			 id, "data", data);
	if (!body)
		return error(err, "wechat: cannot write the request");
	if (m->url && *m->url)
		json_object_set_new(body, "url", json_string(m->url));

	ret = send_once(w, body, res, err);
	if (ret == 1) {
		drop_token(w); /* fetch a new one and send again, once */
		ret = send_once(w, body, res, err);
		if (ret == 1)
			ret = 0; /* refused with a fresh token too: res holds the RETRY */
	}
	json_decref(body);
	return ret;
}

const struct channel_ops wechat_ops = {
	.vendor = "wechat",
	.kind = "wechat",
	.open = wechat_open,
	.close = wechat_close,
	.send = wechat_send,
	.lookup = NULL,
};
