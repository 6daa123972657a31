/* internal.h: what the channels of notify/ share (not for use outside src/notify/).
 *
 * Each vendor is one struct channel_ops (sms_aliyun.c, sms_tencent.c, smtp.c, wechat.c),
 * listed in notify.c's table.  To add a vendor: write its file with open/close/send (and
 * lookup where the vendor can be asked), declare its ops here, add it to the table.
 */
#ifndef WUYE_NOTIFY_INTERNAL_H
#define WUYE_NOTIFY_INTERNAL_H

#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "base/buf.h"
#include "notify/notify.h"

struct channel_ops {
	const char *vendor;
	const char *kind; /* "sms", "email", "wechat" */
	void *(*open)(const json_t *settings, struct buf *err);
	void (*close)(void *impl);
	int (*send)(void *impl, const struct notify_message *m, struct notify_result *res, struct buf *err);
	/* NULL: the vendor cannot be asked whether it has a message */
	int (*lookup)(void *impl, const struct notify_message *m, int64_t since, struct notify_result *res,
		      struct buf *err);
};

extern const struct channel_ops aliyun_ops, tencent_ops, smtp_ops, wechat_ops;

#define DEFAULT_TIMEOUT_MS 10000

/* Settings.  Each returns 0, or -1 with an error naming the vendor and the setting.  The
 * strings are copies the caller frees with setting_free(). */
int setting_str(const json_t *settings, const char *vendor, const char *key, const char *dflt, char **out,
		struct buf *err);
int setting_bool(const json_t *settings, const char *vendor, const char *key, int dflt, int *out, struct buf *err);
int setting_timeout(const json_t *settings, const char *vendor, long *out, struct buf *err);
/* "endpoint" (dflt when unset) split into the base URL and the Host header's value. */
int setting_endpoint(const json_t *settings, const char *vendor, const char *dflt, struct buf *base, struct buf *host,
		     struct buf *err);
/* Wipes (secrets) and frees a setting. */
void setting_free(char *s);

/* Copies src into dst[size], cut at a UTF-8 character boundary if too long. */
void copy_utf8(char *dst, size_t size, const char *src);
/* Fills res: outcome, gateway id (may be NULL) and a formatted answer (control
 * characters become spaces: the answer is one line). */
void result_set(struct notify_result *res, enum notify_outcome outcome, const char *gateway_id, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A random hex string of 2*n characters (nonces); out holds 2*n+1. */
void random_hex(char *out, size_t n);
/* The message id as the decimal string sent to gateways. */
void message_id_str(int64_t id, char out[24]);
/* Whether params is an object whose values are all strings (NULL counts as empty). */
int params_are_strings(const json_t *params);

/* "yyyy-MM-dd HH:mm:ss" in Asia/Shanghai (how the Chinese gateways write times) → UNIX
 * time; -1 when it is not that form. */
int shanghai_datetime(const char *s, int64_t *out);

/* The clock (UNIX time now): signatures' dates, the WeChat token's lifetime. */
int64_t notify_now(void);

#endif
