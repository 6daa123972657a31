/* receipts.c: the delivery reports the gateways push to us.
 *
 * aliyun  SmsReport, a JSON array of {phone_number, send_time, report_time, success,
 *         err_code, err_msg, sms_size, biz_id, out_id}; times in Beijing time.
 *         https://help.aliyun.com/zh/sms/developer-reference/smsreport-2
 * tencent 短信下发状态通知, a JSON array of {user_receive_time, nationcode, mobile,
 *         report_status (SUCCESS/FAIL), errmsg (DELIVRD or the code), description, sid
 *         (the SerialNo)}; the documented body carries no SessionContext.
 *         https://cloud.tencent.com/document/product/382/5807
 *         (https://www.tencentcloud.com/document/product/382/43547)
 * wechat  the TEMPLATESENDJOBFINISH event, XML: <MsgID> and <Status> ("success",
 *         "failed:user block", "failed: system failed"), <CreateTime> in UNIX time.
 *         https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 *         Only the plain-text (明文) and compatible modes are read: a body with only
 *         <Encrypt> needs the account's EncodingAESKey, which a channel does not hold.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/error.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "internal.h"

#define MAX_RECEIPTS 100000

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* A JSON id that may come as a string or a number. */
static void copy_id(char *dst, size_t size, const json_t *v)
{
	if (json_is_integer(v))
		snprintf(dst, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else
		copy_utf8(dst, size, json_is_string(v) ? json_string_value(v) : "");
}

static int parse_array(const char *vendor, const char *body, size_t len, json_t **root, struct buf *err)
{
	json_error_t je;

	*root = json_loadb(body, len, 0, &je);
	if (!*root)
		return error(err, "%s: the report is not JSON: %s (line %d)", vendor, je.text, je.line);
	if (!json_is_array(*root) || json_array_size(*root) > MAX_RECEIPTS) {
		json_decref(*root);
		*root = NULL;
		return error(err, "%s: the report is not a JSON array of reports", vendor);
	}
	return 0;
}

static int aliyun_receipts(const char *body, size_t len, struct notify_receipt **out, size_t *n, struct buf *err)
{
	json_t *root;
	const json_t *it;
	size_t i;

	if (parse_array("aliyun", body, len, &root, err) < 0)
		return -1;
	*out = xcalloc(json_array_size(root) ? json_array_size(root) : 1, sizeof(**out));
	json_array_foreach(root, i, it) {
		struct notify_receipt *r = &(*out)[*n];
		const json_t *ok = json_object_get(it, "success");

		if (!json_is_object(it) || !json_is_boolean(ok)) {
			free(*out);
			*out = NULL;
			*n = 0;
			json_decref(root);
			return error(err, "aliyun: report %zu has no 'success'", i + 1);
		}
		copy_id(r->gateway_id, sizeof(r->gateway_id), json_object_get(it, "biz_id"));
		if (str_to_int64(jstr(it, "out_id"), 1, INT64_MAX, &r->message_id) < 0)
			r->message_id = 0; /* not one of ours: the id stays unknown */
		r->delivered = json_is_true(ok);
		copy_utf8(r->code, sizeof(r->code), jstr(it, "err_code"));
		if (shanghai_datetime(jstr(it, "report_time"), &r->at) < 0)
			r->at = 0;
		(*n)++;
	}
	json_decref(root);
	return 0;
}

static int tencent_receipts(const char *body, size_t len, struct notify_receipt **out, size_t *n, struct buf *err)
{
	json_t *root;
	const json_t *it;
	size_t i;

	if (parse_array("tencent", body, len, &root, err) < 0)
		return -1;
	*out = xcalloc(json_array_size(root) ? json_array_size(root) : 1, sizeof(**out));
	json_array_foreach(root, i, it) {
		struct notify_receipt *r = &(*out)[*n];
		const char *status = jstr(it, "report_status");

		if (!json_is_object(it) || (strcmp(status, "SUCCESS") && strcmp(status, "FAIL"))) {
			free(*out);
			*out = NULL;
			*n = 0;
			json_decref(root);
			return error(err, "tencent: report %zu has no report_status SUCCESS or FAIL", i + 1);
		}
		copy_id(r->gateway_id, sizeof(r->gateway_id), json_object_get(it, "sid"));
		r->message_id = 0;
		r->delivered = !strcmp(status, "SUCCESS");
		copy_utf8(r->code, sizeof(r->code), *jstr(it, "errmsg") ? jstr(it, "errmsg") : status);
		if (shanghai_datetime(jstr(it, "user_receive_time"), &r->at) < 0)
			r->at = 0;
		(*n)++;
	}
	json_decref(root);
	return 0;
}

/*
 * WeChat's event XML is flat: <xml><Name>value</Name>...</xml>, values either plain text
 * or one <![CDATA[...]]> section.  xml_field() reads one such element; it is no general
 * XML parser, and refuses what it does not understand rather than guessing.
 */
static int xml_field(const char *body, size_t len, const char *name, struct buf *out)
{
	struct buf open = BUF_INIT, close = BUF_INIT;
	const char *end = body + len, *p, *q;
	int ret = -1;

	buf_addf(&open, "<%s>", name);
	buf_addf(&close, "</%s>", name);
	buf_reset(out);
	p = memmem(body, len, open.buf, open.len);
	if (!p)
		goto cleanup;
	p += open.len;
	q = memmem(p, (size_t)(end - p), close.buf, close.len);
	if (!q)
		goto cleanup;
	if ((size_t)(q - p) >= 9 && !memcmp(p, "<![CDATA[", 9)) {
		const char *c = memmem(p + 9, (size_t)(q - p - 9), "]]>", 3);

		if (!c || c + 3 != q)
			goto cleanup;
		buf_add(out, p + 9, (size_t)(c - p - 9));
	} else {
		/* plain text: only the five predefined entities */
		for (const char *s = p; s < q; s++) {
			static const struct { const char *ent; char c; } ents[] = {
				{ "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' }, { "&quot;", '"' }, { "&apos;", '\'' },
			};
			size_t k;

			if (*s == '<')
				goto cleanup;
			if (*s != '&') {
				buf_addch(out, *s);
				continue;
			}
			for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
				size_t el = strlen(ents[k].ent);

				if ((size_t)(q - s) >= el && !memcmp(s, ents[k].ent, el)) {
					buf_addch(out, ents[k].c);
					s += el - 1;
					break;
				}
			}
			if (k == sizeof(ents) / sizeof(ents[0]))
				goto cleanup;
		}
	}
	ret = 0;
cleanup:
	buf_release(&open);
	buf_release(&close);
	return ret;
}

static int wechat_receipts(const char *body, size_t len, struct notify_receipt **out, size_t *n, struct buf *err)
{
	struct buf event = BUF_INIT, msgid = BUF_INIT, status = BUF_INIT, created = BUF_INIT;
	struct notify_receipt *r;
	int64_t id;
	int ret = -1;

	if (len < 11 || !memmem(body, len, "<xml>", 5) || !memmem(body, len, "</xml>", 6)) {
		error(err, "wechat: the push is not an <xml> message");
		goto cleanup;
	}
	if (xml_field(body, len, "Event", &event) < 0 || strcmp(event.buf, "TEMPLATESENDJOBFINISH")) {
		ret = 0; /* another message or event: no delivery report in it */
		goto cleanup;
	}
	/* the documentation writes <MsgID>; some pushes write <MsgId> */
	if ((xml_field(body, len, "MsgID", &msgid) < 0 && xml_field(body, len, "MsgId", &msgid) < 0) ||
	    str_to_int64(msgid.buf, 0, INT64_MAX, &id) < 0 || xml_field(body, len, "Status", &status) < 0) {
		error(err, "wechat: TEMPLATESENDJOBFINISH without a MsgID and a Status");
		goto cleanup;
	}
	*out = r = xcalloc(1, sizeof(*r));
	*n = 1;
	copy_utf8(r->gateway_id, sizeof(r->gateway_id), msgid.buf);
	r->delivered = !strcmp(status.buf, "success");
	copy_utf8(r->code, sizeof(r->code), status.buf);
	if (xml_field(body, len, "CreateTime", &created) < 0 || str_to_int64(created.buf, 0, INT64_MAX, &r->at) < 0)
		r->at = 0;
	ret = 0;
cleanup:
	buf_release(&event);
	buf_release(&msgid);
	buf_release(&status);
	buf_release(&created);
	return ret;
}

int notify_parse_receipts(const char *vendor, const char *body, size_t len, struct notify_receipt **out, size_t *n,
			  struct buf *err)
{
	*out = NULL;
	*n = 0;
	if (!vendor)
		return error(err, "no vendor given");
	if (!strcmp(vendor, "aliyun"))
		return aliyun_receipts(body, len, out, n, err);
	if (!strcmp(vendor, "tencent"))
		return tencent_receipts(body, len, out, n, err);
	if (!strcmp(vendor, "wechat"))
		return wechat_receipts(body, len, out, n, err);
	return error(err, "%s sends no delivery reports we can read", vendor);
}
