/* notify.c: channels by vendor name (the table), and the helpers the vendors share. */
#include "notify.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/date.h"
#include "base/error.h"
#include "base/xalloc.h"
#include "http.h"
#include "internal.h"

static const struct channel_ops *const vendors[] = { &aliyun_ops, &tencent_ops, &smtp_ops, &wechat_ops };

struct notify_channel {
	const struct channel_ops *ops;
	void *impl;
};

struct notify_channel *notify_open(const char *vendor, const json_t *settings, struct buf *err)
{
	struct notify_channel *ch;
	void *impl;

	if (!vendor)
		return error(err, "no vendor given"), NULL;
	if (!json_is_object(settings))
		return error(err, "%s: the settings must be a JSON object", vendor), NULL;
	if (sodium_init() < 0)
		return error(err, "cannot start libsodium"), NULL;
	for (size_t i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++) {
		if (strcmp(vendors[i]->vendor, vendor))
			continue;
		if (!(impl = vendors[i]->open(settings, err)))
			return NULL;
		ch = xmalloc(sizeof(*ch));
		ch->ops = vendors[i];
		ch->impl = impl;
		return ch;
	}
	return error(err, "unknown vendor '%s' (aliyun, tencent, smtp, wechat)", vendor), NULL;
}

void notify_close(struct notify_channel *ch)
{
	if (!ch)
		return;
	ch->ops->close(ch->impl);
	free(ch);
}

const char *notify_kind(const struct notify_channel *ch)
{
	return ch->ops->kind;
}

int notify_send(struct notify_channel *ch, const struct notify_message *m, struct notify_result *res,
		struct buf *err)
{
	memset(res, 0, sizeof(*res));
	if (!m->address || !*m->address)
		return error(err, "message %" PRId64 " has no address", m->id);
	return ch->ops->send(ch->impl, m, res, err);
}

int notify_lookup(struct notify_channel *ch, const struct notify_message *m, int64_t since,
		  struct notify_result *res, struct buf *err)
{
	memset(res, 0, sizeof(*res));
	if (!ch->ops->lookup)
		return error(err, "%s keeps no record that can be asked for message %" PRId64, ch->ops->vendor, m->id);
	if (!m->address || !*m->address)
		return error(err, "message %" PRId64 " has no address", m->id);
	return ch->ops->lookup(ch->impl, m, since, res, err);
}

/* ---- helpers shared by the vendors (internal.h) ---- */

int setting_str(const json_t *settings, const char *vendor, const char *key, const char *dflt, char **out,
		struct buf *err)
{
	const json_t *v = json_object_get(settings, key);

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (!dflt)
			return error(err, "%s: missing setting '%s'", vendor, key);
		*out = xstrdup(dflt);
		return 0;
	}
	if (!json_is_string(v))
		return error(err, "%s: setting '%s' must be a string", vendor, key);
	if (!*json_string_value(v) && !dflt)
		return error(err, "%s: setting '%s' is empty", vendor, key);
	*out = xstrdup(*json_string_value(v) ? json_string_value(v) : dflt);
	return 0;
}

int setting_bool(const json_t *settings, const char *vendor, const char *key, int dflt, int *out, struct buf *err)
{
	const json_t *v = json_object_get(settings, key);

	if (!v || json_is_null(v)) {
		*out = dflt;
		return 0;
	}
	if (!json_is_boolean(v))
		return error(err, "%s: setting '%s' must be true or false", vendor, key);
	*out = json_is_true(v);
	return 0;
}

int setting_timeout(const json_t *settings, const char *vendor, long *out, struct buf *err)
{
	const json_t *v = json_object_get(settings, "timeout_ms");

	*out = DEFAULT_TIMEOUT_MS;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 600000)
		return error(err, "%s: setting 'timeout_ms' must be a whole number of milliseconds (1-600000)",
			     vendor);
	*out = (long)json_integer_value(v);
	return 0;
}

int setting_endpoint(const json_t *settings, const char *vendor, const char *dflt, struct buf *base, struct buf *host,
		     struct buf *err)
{
	char *endpoint;
	int ret;

	if (setting_str(settings, vendor, "endpoint", dflt, &endpoint, err) < 0)
		return -1;
	ret = http_split_endpoint(endpoint, base, host, err);
	if (ret < 0 && err) {
		struct buf why = BUF_INIT;

		buf_addf(&why, "%s: setting 'endpoint': %s", vendor, err->buf);
		buf_reset(err);
		buf_add(err, why.buf, why.len);
		buf_release(&why);
	}
	setting_free(endpoint);
	return ret;
}

void setting_free(char *s)
{
	if (!s)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}

void copy_utf8(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (!size)
		return;
	if (n >= size) {
		n = size - 1;
		while (n && ((unsigned char)src[n] & 0xc0) == 0x80) /* src[n] continues a character */
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void result_set(struct notify_result *res, enum notify_outcome outcome, const char *gateway_id, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	res->outcome = outcome;
	copy_utf8(res->gateway_id, sizeof(res->gateway_id), gateway_id ? gateway_id : "");
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	/* one line for the record: the gateways' texts may hold line breaks */
	for (char *p = b.buf; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = ' ';
	copy_utf8(res->answer, sizeof(res->answer), b.buf);
	buf_release(&b);
}

void random_hex(char *out, size_t n)
{
	unsigned char raw[32];

	if (n > sizeof(raw))
		n = sizeof(raw);
	randombytes_buf(raw, n);
	sodium_bin2hex(out, 2 * n + 1, raw, n);
}

void message_id_str(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

int params_are_strings(const json_t *params)
{
	const char *key;
	const json_t *v;

	if (!params)
		return 1;
	if (!json_is_object(params))
		return 0;
	json_object_foreach((json_t *)(uintptr_t)params, key, v) {
		if (!json_is_string(v))
			return 0;
	}
	return 1;
}

int shanghai_datetime(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec, n = 0;

	if (!s || sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 || s[n] ||
	    !date_valid_ymd(y, mo, d) || h > 23 || mi > 59 || sec > 60 || h < 0 || mi < 0 || sec < 0)
		return -1;
	*out = (int64_t)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - 8 * 3600;
	return 0;
}

int64_t notify_now(void)
{
	return (int64_t)time(NULL);
}
