/* notify.h: the channels that reach owners (短信, 邮件, 微信模板消息), one interface.
 *
 * A channel is opened from a vendor name and its settings (a JSON object, kept per project
 * in the database; secrets never go to logs or to `answer`), sends one message at a time,
 * and can tell afterwards whether it has a record of a message (for a send interrupted by
 * a crash: what the gateway acknowledged is never sent twice).
 *
 * Vendors and their settings (every one also takes "endpoint", the base URL, so that the
 * tests can point a channel at a local server that speaks the same protocol, and
 * "timeout_ms"):
 *   aliyun   SMS, SendSms with the V3 ACS3-HMAC-SHA256 signature.
 *            access_key_id, access_key_secret, sign_name; default endpoint
 *            https://dysmsapi.aliyuncs.com
 *   tencent  SMS, SendSms (API 3.0, version 2021-01-11) with TC3-HMAC-SHA256.
 *            secret_id, secret_key, sdk_app_id, sign_name, region (ap-guangzhou);
 *            default endpoint https://sms.tencentcloudapi.com
 *   smtp     e-mail through libcurl: url (smtp://host:port or smtps://…), username,
 *            password, from, from_name; STARTTLS whenever the server offers it
 *            (required with "require_tls": true); "ca_file" trusts a private CA.
 *   wechat   official-account template messages: appid, secret; the access token comes
 *            from /cgi-bin/stable_token and is kept until shortly before it expires;
 *            default endpoint https://api.weixin.qq.com
 */
#ifndef WUYE_NOTIFY_H
#define WUYE_NOTIFY_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"

struct notify_message {
	int64_t id;                  /* the outbox id: sent along as OutId, SessionContext, the
	                              * Message-ID's left part, the WeChat client_msg_id */
	const char *address;         /* mobile (11 digits), e-mail address, or openid */
	const char *subject;         /* e-mail subject (UTF-8) */
	const char *text;            /* the rendered text: the e-mail body; what the SMS says */
	const char *vendor_template; /* SMS template code (aliyun "SMS_154950909", tencent
	                              * "1110"), WeChat template_id; NULL for e-mail */
	const json_t *params;        /* the template's variables, an object of strings in the
	                              * template's order (tencent sends the values in that
	                              * order; aliyun sends the object; wechat sends
	                              * {"name":{"value":…}}) */
	const char *url;             /* WeChat: the page the message opens (the pay link) */
};

enum notify_outcome {
	NOTIFY_SENT = 0,     /* the gateway took it; gateway_id names it there */
	NOTIFY_RETRY = 1,    /* transient: unreachable, timeout, 5xx, throttled; try again later */
	NOTIFY_REJECTED = 2, /* permanent: bad number or address, template, signature, key */
};

struct notify_result {
	enum notify_outcome outcome;
	char gateway_id[128]; /* BizId, SerialNo, msgid, Message-ID */
	char answer[512];     /* the gateway's code and message, for the record */
};

/* A delivery report pushed by a gateway (or pulled from it). */
struct notify_receipt {
	char gateway_id[128];
	int64_t message_id; /* our outbox id when the report carries it (OutId, SessionContext), else 0 */
	int delivered;      /* 1 delivered, 0 failed */
	char code[64];      /* DELIVERED / DELIVRD / success / the failure code */
	int64_t at;         /* UNIX time of the report, 0 if not given */
};

/* A channel is used by one thread at a time (the WeChat one caches its token). */
struct notify_channel;

/* Opens a channel; unknown vendor or a missing setting is an error naming it. */
struct notify_channel *notify_open(const char *vendor, const json_t *settings, struct buf *err);
void notify_close(struct notify_channel *ch);
/* "sms", "email" or "wechat". */
const char *notify_kind(const struct notify_channel *ch);

/* Sends one message.  Returns 0 with *res filled for any answer of the gateway
 * (including rejections and transient failures), -1 only for a fault of ours (err). */
int notify_send(struct notify_channel *ch, const struct notify_message *m, struct notify_result *res,
		struct buf *err);

/* Whether the gateway has a record of message m, sent on or after `since` (UNIX time):
 * 1 yes (res->gateway_id filled), 0 no, -1 it cannot be asked (err says why; e-mail and
 * WeChat cannot), -2 a transient failure (try later). */
int notify_lookup(struct notify_channel *ch, const struct notify_message *m, int64_t since,
		  struct notify_result *res, struct buf *err);

/* Parses a delivery-report body a vendor pushes to us (aliyun: its JSON array; tencent:
 * its JSON array; wechat: the TEMPLATESENDJOBFINISH event XML).  *out is malloc'ed. */
int notify_parse_receipts(const char *vendor, const char *body, size_t len, struct notify_receipt **out,
			  size_t *n, struct buf *err);

#endif
