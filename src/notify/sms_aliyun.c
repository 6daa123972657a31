/* sms_aliyun.c: Aliyun SMS (Dysmsapi 2017-05-25): SendSms and QuerySendDetails, V3-signed.
 *
 * SendSms:          https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2017-05-25-sendsms
 * QuerySendDetails: https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2017-05-25-querysenddetails
 * Error codes:      https://help.aliyun.com/zh/sms/developer-reference/api-error-codes
 *
 * Every parameter of these two actions is "in": "query", so the request is a POST with the
 * signed, sorted, encoded query string and an empty body.  Business errors come back with
 * HTTP 200 and a Code other than "OK"; gateway errors (signature, key, throttling) with a
 * 4xx/5xx status and the same {Code, Message, RequestId} shape.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/xalloc.h"
#include "http.h"
#include "internal.h"
#include "sign.h"

#define VERSION "2017-05-25"
#define PAGE_SIZE 50
#define MAX_PAGES 20     /* 1,000 messages to one number in one day is plenty */
#define HISTORY_DAYS 30  /* QuerySendDetails answers for the last 30 days only */

struct aliyun {
	char *key_id, *secret, *sign_name;
	struct buf base, host;
	long timeout_ms;
};

static void aliyun_close(void *impl)
{
	struct aliyun *a = impl;

	if (!a)
		return;
	setting_free(a->key_id);
	setting_free(a->secret);
	setting_free(a->sign_name);
	buf_release(&a->base);
	buf_release(&a->host);
	free(a);
}

static void *aliyun_open(const json_t *s, struct buf *err)
{
	struct aliyun *a = xcalloc(1, sizeof(*a));

	buf_init(&a->base);
	buf_init(&a->host);
	if (setting_str(s, "aliyun", "access_key_id", NULL, &a->key_id, err) < 0 ||
	    setting_str(s, "aliyun", "access_key_secret", NULL, &a->secret, err) < 0 ||
	    setting_str(s, "aliyun", "sign_name", NULL, &a->sign_name, err) < 0 ||
	    setting_timeout(s, "aliyun", &a->timeout_ms, err) < 0 ||
	    setting_endpoint(s, "aliyun", "https://dysmsapi.aliyuncs.com", &a->base, &a->host, err) < 0) {
		aliyun_close(a);
		return NULL;
	}
	return a;
}

/* Transient answers: throttling, the gateway's own trouble, and an account that needs
 * topping up (the message itself is fine; it can go once someone pays). */
static int retry_code(const char *code)
{
	static const char *const codes[] = {
		"isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL", "isv.AMOUNT_NOT_ENOUGH", "isv.OUT_OF_SERVICE",
		"isp.SYSTEM_ERROR", "isp.GATEWAY_ERROR", "InternalError", "ServiceUnavailable", "SignatureNonceUsed",
		"InvalidTimeStamp.Expired",
	};

	if (!strncmp(code, "Throttling", 10))
		return 1;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (!strcmp(code, codes[i]))
			return 1;
	return 0;
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* Calls one action; *answer is the parsed JSON body or NULL.  -1 only for our faults. */
static int call(struct aliyun *a, const char *action, const struct sign_pair *q, size_t nq,
		struct http_response *rs, json_t **answer, struct buf *err)
{
	struct sign_output so = SIGN_OUTPUT_INIT;
	struct buf url = BUF_INIT, h[9];
	char date[32], nonce[33];
	const char *headers[10];
	time_t now = (time_t)notify_now();
	struct tm tm;
	struct acs3_input in = { 0 };
	int ret;

	*answer = NULL;
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	random_hex(nonce, 16);
	in.method = "POST";
	in.host = a->host.buf;
	in.action = action;
	in.version = VERSION;
	in.date = date;
	in.nonce = nonce;
	in.query = q;
	in.nquery = nq;
	acs3_sign(&in, a->key_id, a->secret, &so);

	for (size_t i = 0; i < 9; i++)
		buf_init(&h[i]);
	buf_addf(&h[0], "Host: %s", a->host.buf);
	buf_addf(&h[1], "x-acs-action: %s", action);
	buf_addf(&h[2], "x-acs-version: %s", VERSION);
	buf_addf(&h[3], "x-acs-date: %s", date);
	buf_addf(&h[4], "x-acs-signature-nonce: %s", nonce);
	buf_addf(&h[5], "x-acs-content-sha256: %s", so.payload_hash);
	buf_addf(&h[6], "Authorization: %s", so.authorization.buf);
	/* libcurl would add "Content-Type: application/x-www-form-urlencoded" to a POST; the
	 * body is empty and unsigned, so send none */
	buf_adds(&h[7], "Content-Type:");
	/* JSON, as the SDKs ask (V2 wanted Format=JSON; unsigned, as in the doc's example) */
	buf_adds(&h[8], "Accept: application/json");
	for (size_t i = 0; i < 9; i++)
		headers[i] = h[i].buf;
	headers[9] = NULL;
	buf_addf(&url, "%s/?%s", a->base.buf, so.query.buf);

	ret = http_do(&(struct http_request){ "POST", url.buf, headers, NULL, 0, a->timeout_ms }, rs, err);
	if (!ret && rs->status)
		*answer = json_loadb(rs->body.buf, rs->body.len, 0, NULL);
	for (size_t i = 0; i < 9; i++)
		buf_release(&h[i]);
	buf_release(&url);
	sign_output_release(&so);
	return ret;
}

/* The outcome of an answer that is not a success. */
static void failed(struct notify_result *res, const struct http_response *rs, const json_t *answer)
{
	const char *code = jstr(answer, "Code");

	if (!rs->status) {
		result_set(res, NOTIFY_RETRY, NULL, "network: %s", rs->error.buf);
	} else if (*code) {
		int retry = retry_code(code) || rs->status >= 500 || rs->status == 429;

		result_set(res, retry ? NOTIFY_RETRY : NOTIFY_REJECTED, NULL, "%s: %s (HTTP %ld)", code,
			   jstr(answer, "Message"), rs->status);
	} else if (rs->status >= 500 || rs->status == 429 || rs->status < 300) {
		/* a 2xx we cannot read may still have been sent: retry, and lookup decides */
		result_set(res, NOTIFY_RETRY, NULL, "HTTP %ld without a readable answer", rs->status);
	} else {
		result_set(res, NOTIFY_REJECTED, NULL, "HTTP %ld without a readable answer", rs->status);
	}
}

static int aliyun_send(void *impl, const struct notify_message *m, struct notify_result *res, struct buf *err)
{
	struct aliyun *a = impl;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct sign_pair q[5];
	json_t *answer = NULL;
	char *tparams = NULL, id[24];
	size_t nq = 0;
	int ret = -1;

	if (!m->vendor_template || !*m->vendor_template)
		return error(err, "aliyun: message %" PRId64 " has no template code", m->id);
	if (!params_are_strings(m->params))
		return error(err, "aliyun: the template's variables must be an object of strings");
	message_id_str(m->id, id);
	q[nq++] = (struct sign_pair){ "PhoneNumbers", m->address };
	q[nq++] = (struct sign_pair){ "SignName", a->sign_name };
	q[nq++] = (struct sign_pair){ "TemplateCode", m->vendor_template };
	if (m->params && json_object_size(m->params)) {
		tparams = json_dumps(m->params, JSON_COMPACT);
		q[nq++] = (struct sign_pair){ "TemplateParam", tparams };
	}
	q[nq++] = (struct sign_pair){ "OutId", id };
	if (call(a, "SendSms", q, nq, &rs, &answer, err) < 0)
		goto cleanup;
	if (rs.status == 200 && !strcmp(jstr(answer, "Code"), "OK") && *jstr(answer, "BizId"))
		result_set(res, NOTIFY_SENT, jstr(answer, "BizId"), "OK: %s", jstr(answer, "Message"));
	else
		failed(res, &rs, answer);
	ret = 0;
cleanup:
	free(tparams);
	json_decref(answer);
	http_response_release(&rs);
	return ret;
}

/* The list of SmsSendDetailDTO: {"SmsSendDetailDTOs": {"SmsSendDetailDTO": [...]}}. */
static const json_t *details(const json_t *answer)
{
	const json_t *d = json_object_get(answer, "SmsSendDetailDTOs");

	return json_is_array(d) ? d : json_object_get(d, "SmsSendDetailDTO");
}

/*
 * QuerySendDetails lists what one number was sent on one day (SendDate, Beijing time),
 * including messages still waiting for their delivery report (SendStatus 1), so a message
 * the gateway took is found at once.  It does not give the BizId back: a message found
 * here has an empty gateway_id (its delivery reports still carry our OutId).
 */
static int aliyun_lookup(void *impl, const struct notify_message *m, int64_t since, struct notify_result *res,
			 struct buf *err)
{
	struct aliyun *a = impl;
	char id[24], day_s[16], size_s[16], page_s[16];
	int today = date_of_unix_shanghai((time_t)notify_now()), day = date_of_unix_shanghai((time_t)since);

	message_id_str(m->id, id);
	snprintf(size_s, sizeof(size_s), "%d", PAGE_SIZE);
	if (day < today - (HISTORY_DAYS - 1))
		day = today - (HISTORY_DAYS - 1);
	for (; day <= today; day++) {
		int y, mo, d;

		date_to_ymd(day, &y, &mo, &d);
		snprintf(day_s, sizeof(day_s), "%04d%02d%02d", y, mo, d);
		for (int page = 1; page <= MAX_PAGES; page++) {
			struct http_response rs = HTTP_RESPONSE_INIT;
			json_t *answer = NULL;
			const json_t *list, *it;
			json_int_t total;
			size_t i;
			struct sign_pair q[] = { { "PhoneNumber", m->address },
						 { "SendDate", day_s },
						 { "PageSize", size_s },
						 { "CurrentPage", page_s } };

			snprintf(page_s, sizeof(page_s), "%d", page);
			if (call(a, "QuerySendDetails", q, 4, &rs, &answer, err) < 0) {
				http_response_release(&rs);
				return -1;
			}
			if (rs.status != 200 || strcmp(jstr(answer, "Code"), "OK")) {
				int ret;

				failed(res, &rs, answer);
				ret = res->outcome == NOTIFY_RETRY ? -2 : error(err, "aliyun: QuerySendDetails: %s", res->answer);
				json_decref(answer);
				http_response_release(&rs);
				return ret;
			}
			list = details(answer);
			json_array_foreach(list, i, it) {
				if (strcmp(jstr(it, "OutId"), id))
					continue;
				result_set(res, NOTIFY_SENT, NULL, "SendStatus %" JSON_INTEGER_FORMAT " %s, sent %s",
					   json_integer_value(json_object_get(it, "SendStatus")), jstr(it, "ErrCode"),
					   jstr(it, "SendDate"));
				json_decref(answer);
				http_response_release(&rs);
				return 1;
			}
			total = json_integer_value(json_object_get(answer, "TotalCount"));
			json_decref(answer);
			http_response_release(&rs);
			if ((json_int_t)page * PAGE_SIZE >= total)
				break;
		}
	}
	return 0;
}

const struct channel_ops aliyun_ops = {
	.vendor = "aliyun",
	.kind = "sms",
	.open = aliyun_open,
	.close = aliyun_close,
	.send = aliyun_send,
	.lookup = aliyun_lookup,
};
