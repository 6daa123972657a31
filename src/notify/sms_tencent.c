/* sms_tencent.c: Tencent Cloud SMS (API 3.0, version 2021-01-11): SendSms and
 * PullSmsSendStatusByPhoneNumber, signed with TC3-HMAC-SHA256.
 *
 * SendSms:   https://cloud.tencent.com/document/api/382/55981
 * PullSmsSendStatusByPhoneNumber: https://www.tencentcloud.com/document/api/382/40518
 * Errors:    https://cloud.tencent.com/document/api/382/55982 (common: .../api/382/52075)
 *
 * API 3.0 answers HTTP 200 for everything it understood: {"Response": {"Error": {Code,
 * Message}, "RequestId"}} for a request it refused as a whole (signature, key, template,
 * throttling), otherwise one SendStatus per number whose Code is "Ok" or the reason.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/xalloc.h"
#include "http.h"
#include "internal.h"
#include "sign.h"

#define VERSION "2021-01-11"
#define CONTENT_TYPE "application/json; charset=utf-8"
#define HISTORY_SECONDS (7 * 86400 - 600) /* the pull reaches 7 days back, at most */

struct tencent {
	char *secret_id, *secret_key, *app_id, *sign_name, *region;
	struct buf base, host;
	long timeout_ms;
};

static void tencent_close(void *impl)
{
	struct tencent *t = impl;

	if (!t)
		return;
	setting_free(t->secret_id);
	setting_free(t->secret_key);
	setting_free(t->app_id);
	setting_free(t->sign_name);
	setting_free(t->region);
	buf_release(&t->base);
	buf_release(&t->host);
	free(t);
}

static void *tencent_open(const json_t *s, struct buf *err)
{
	struct tencent *t = xcalloc(1, sizeof(*t));

	buf_init(&t->base);
	buf_init(&t->host);
	if (setting_str(s, "tencent", "secret_id", NULL, &t->secret_id, err) < 0 ||
	    setting_str(s, "tencent", "secret_key", NULL, &t->secret_key, err) < 0 ||
	    setting_str(s, "tencent", "sdk_app_id", NULL, &t->app_id, err) < 0 ||
	    setting_str(s, "tencent", "sign_name", NULL, &t->sign_name, err) < 0 ||
	    setting_str(s, "tencent", "region", "ap-guangzhou", &t->region, err) < 0 ||
	    setting_timeout(s, "tencent", &t->timeout_ms, err) < 0 ||
	    setting_endpoint(s, "tencent", "https://sms.tencentcloudapi.com", &t->base, &t->host, err) < 0) {
		tencent_close(t);
		return NULL;
	}
	return t;
}

/* Throttling, the gateway's trouble, an empty SMS package: the message can go later. */
static int retry_code(const char *code)
{
	return !strncmp(code, "LimitExceeded", 13) || !strncmp(code, "RequestLimitExceeded", 20) ||
	       !strncmp(code, "InternalError", 13) || !strcmp(code, "ResourceUnavailable") ||
	       !strcmp(code, "FailedOperation.InsufficientBalanceInSmsPackage") ||
	       !strcmp(code, "AuthFailure.SignatureExpire"); /* our clock or a slow network */
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* "+8613800138000" for a mainland number, the number as it is when it has its "+". */
static int e164(const char *address, struct buf *out)
{
	size_t n = strlen(address);

	if (address[0] == '+' && n > 4 && n <= 16 && strspn(address + 1, "0123456789") == n - 1) {
		buf_adds(out, address);
		return 0;
	}
	if (n == 11 && address[0] == '1' && strspn(address, "0123456789") == n) {
		buf_addf(out, "+86%s", address);
		return 0;
	}
	return -1;
}

/* Calls one action with a JSON body; *response is the "Response" object (owned by *root).
 * -1 only for our faults. */
static int call(struct tencent *t, const char *action, const json_t *body, struct http_response *rs,
		json_t **root, const json_t **response, struct buf *err)
{
	struct sign_output so = SIGN_OUTPUT_INIT;
	struct buf h[7];
	const char *headers[8];
	char *payload = json_dumps(body, JSON_COMPACT);
	int64_t now = notify_now();
	int ret;

	*root = NULL;
	*response = NULL;
	if (!payload)
		return error(err, "tencent: cannot write the request");
	tc3_sign(&(struct tc3_input){ t->host.buf, "sms", CONTENT_TYPE, now, payload, strlen(payload) }, t->secret_id,
		 t->secret_key, &so);
	for (size_t i = 0; i < 7; i++)
		buf_init(&h[i]);
	buf_addf(&h[0], "Host: %s", t->host.buf);
	buf_adds(&h[1], "Content-Type: " CONTENT_TYPE);
	buf_addf(&h[2], "X-TC-Action: %s", action);
	buf_adds(&h[3], "X-TC-Version: " VERSION);
	buf_addf(&h[4], "X-TC-Timestamp: %" PRId64, now);
	buf_addf(&h[5], "X-TC-Region: %s", t->region);
	buf_addf(&h[6], "Authorization: %s", so.authorization.buf);
	for (size_t i = 0; i < 7; i++)
		headers[i] = h[i].buf;
	headers[7] = NULL;

	ret = http_do(&(struct http_request){ "POST", t->base.buf, headers, payload, strlen(payload), t->timeout_ms },
		      rs, err);
	if (!ret && rs->status) {
		*root = json_loadb(rs->body.buf, rs->body.len, 0, NULL);
		*response = json_object_get(*root, "Response");
	}
	for (size_t i = 0; i < 7; i++)
		buf_release(&h[i]);
	free(payload);
	sign_output_release(&so);
	return ret;
}

/* The outcome of an answer without a usable result: no answer, an HTTP error, or an Error. */
static void failed(struct notify_result *res, const struct http_response *rs, const json_t *response)
{
	const json_t *e = json_object_get(response, "Error");
	const char *code = jstr(e, "Code");

	if (!rs->status)
		result_set(res, NOTIFY_RETRY, NULL, "network: %s", rs->error.buf);
	else if (*code)
		result_set(res, retry_code(code) || rs->status >= 500 ? NOTIFY_RETRY : NOTIFY_REJECTED, NULL, "%s: %s",
			   code, jstr(e, "Message"));
	else if (rs->status >= 500 || rs->status == 429 || rs->status < 300)
		result_set(res, NOTIFY_RETRY, NULL, "HTTP %ld without a readable answer", rs->status);
	else
		result_set(res, NOTIFY_REJECTED, NULL, "HTTP %ld without a readable answer", rs->status);
}

static int tencent_send(void *impl, const struct notify_message *m, struct notify_result *res, struct buf *err)
{
	struct tencent *t = impl;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct buf phone = BUF_INIT;
	json_t *body, *values, *root = NULL;
	const json_t *response, *st, *v;
	const char *key;
	char id[24];
	int ret = -1;

	if (!m->vendor_template || !*m->vendor_template)
		return error(err, "tencent: message %" PRId64 " has no template id", m->id);
	if (!params_are_strings(m->params))
		return error(err, "tencent: the template's variables must be an object of strings");
	if (e164(m->address, &phone) < 0) {
		result_set(res, NOTIFY_REJECTED, NULL, "not a mobile number");
		buf_release(&phone);
		return 0;
	}
	message_id_str(m->id, id);
	/* TemplateParamSet is positional: the values in the template's order, which is the
	 * order of the params object (jansson keeps insertion order) */
	values = json_array();
	json_object_foreach((json_t *)(uintptr_t)m->params, key, v)
		json_array_append(values, (json_t *)(uintptr_t)v);
	body = json_pack("{s:[s],s:s,s:s,s:s,s:o,s:s}", "PhoneNumberSet", phone.buf, "SmsSdkAppId", t->app_id,
			 "SignName", t->sign_name, "TemplateId", m->vendor_template, "TemplateParamSet", values,
			 "SessionContext", id);
	if (!body) {
		error(err, "tencent: cannot write the request");
		goto cleanup;
	}
	if (call(t, "SendSms", body, &rs, &root, &response, err) < 0)
		goto cleanup;
	st = json_array_get(json_object_get(response, "SendStatusSet"), 0);
	if (rs.status != 200 || json_object_get(response, "Error") || !st)
		failed(res, &rs, response);
	else if (!strcmp(jstr(st, "Code"), "Ok") && *jstr(st, "SerialNo"))
		result_set(res, NOTIFY_SENT, jstr(st, "SerialNo"), "Ok: %s", jstr(st, "Message"));
	else
		result_set(res, retry_code(jstr(st, "Code")) ? NOTIFY_RETRY : NOTIFY_REJECTED, NULL, "%s: %s",
			   jstr(st, "Code"), jstr(st, "Message"));
	ret = 0;
cleanup:
	json_decref(body);
	json_decref(root);
	buf_release(&phone);
	http_response_release(&rs);
	return ret;
}

/*
 * PullSmsSendStatusByPhoneNumber lists the delivery reports of one number since BeginTime
 * (at most 100; Offset "must be 0 for now"; no further back than 7 days), each with the
 * SessionContext we sent.  It
 * lists only messages whose report has come back (usually within seconds, at most 72
 * hours), so a 0 right after a send is not proof the gateway never took the message: the
 * caller should ask again later before sending a second time.
 */
static int tencent_lookup(void *impl, const struct notify_message *m, int64_t since, struct notify_result *res,
			  struct buf *err)
{
	struct tencent *t = impl;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct buf phone = BUF_INIT;
	json_t *body = NULL, *root = NULL;
	const json_t *response, *it;
	char id[24];
	size_t i;
	int ret = -1;

	if (e164(m->address, &phone) < 0) {
		error(err, "tencent: message %" PRId64 " is not to a mobile number", m->id);
		goto cleanup;
	}
	message_id_str(m->id, id);
	if (since < notify_now() - HISTORY_SECONDS)
		since = notify_now() - HISTORY_SECONDS;
	body = json_pack("{s:I,s:i,s:i,s:s,s:s}", "BeginTime", (json_int_t)since, "Offset", 0, "Limit", 100,
			 "PhoneNumber", phone.buf, "SmsSdkAppId", t->app_id);
	if (!body) {
		error(err, "tencent: cannot write the request");
		goto cleanup;
	}
	if (call(t, "PullSmsSendStatusByPhoneNumber", body, &rs, &root, &response, err) < 0)
		goto cleanup;
	if (rs.status != 200 || !response || json_object_get(response, "Error")) {
		failed(res, &rs, response);
		ret = res->outcome == NOTIFY_RETRY ? -2 : error(err, "tencent: PullSmsSendStatusByPhoneNumber: %s",
								 res->answer);
		goto cleanup;
	}
	ret = 0;
	json_array_foreach(json_object_get(response, "PullSmsSendStatusSet"), i, it) {
		if (strcmp(jstr(it, "SessionContext"), id))
			continue;
		result_set(res, NOTIFY_SENT, jstr(it, "SerialNo"), "%s %s", jstr(it, "ReportStatus"),
			   jstr(it, "Description"));
		ret = 1;
		break;
	}
cleanup:
	json_decref(body);
	json_decref(root);
	buf_release(&phone);
	http_response_release(&rs);
	return ret;
}

const struct channel_ops tencent_ops = {
	.vendor = "tencent",
	.kind = "sms",
	.open = tencent_open,
	.close = tencent_close,
	.send = tencent_send,
	.lookup = tencent_lookup,
};
