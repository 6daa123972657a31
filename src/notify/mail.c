/* mail.c: writing an e-mail: headers (RFC 5322), UTF-8 subject and names as RFC 2047
 * encoded words, the UTF-8 body base64-encoded (RFC 2045). */
#include "mail.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "base/error.h"
#include "base/str.h"
#include "base/xalloc.h"

/* At most 39 bytes per encoded word: "=?UTF-8?B?" + 52 base64 characters + "?=" is 64,
 * so a folded line stays under the 78 characters RFC 5322 asks for. */
#define WORD_BYTES 39
#define BODY_LINE 76 /* RFC 2045: encoded lines of at most 76 characters */

int mail_address_ok(const char *s)
{
	const char *at = strchr(s, '@');

	if (!at || at == s || !at[1] || strchr(at + 1, '@') || strlen(s) > 254)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("<>()[]\\,;:\"", *p))
			return 0;
	return 1;
}

static void add_base64(struct buf *b, const void *data, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);

	buf_grow(b, n);
	sodium_bin2base64(b->buf + b->len, n, data, len, sodium_base64_VARIANT_ORIGINAL);
	buf_setlen(b, b->len + n - 1); /* n counts the NUL */
}

/* data in base64, in CRLF-ended lines of at most 76 characters */
static void add_base64_lines(struct buf *b, const void *data, size_t len)
{
	struct buf all = BUF_INIT;

	add_base64(&all, data, len);
	for (size_t i = 0; i < all.len; i += BODY_LINE) {
		buf_add(b, all.buf + i, all.len - i > BODY_LINE ? BODY_LINE : all.len - i);
		buf_adds(b, "\r\n");
	}
	buf_release(&all);
}

/* Needs encoding: anything but short printable ASCII without "=?" (which a reader would
 * take for the start of an encoded word). */
static int needs_words(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++)
		if (*p < ' ' || *p >= 0x7f)
			return 1;
	return n > 200 || strstr(s, "=?") != NULL;
}

/* s as encoded words "=?UTF-8?B?...?=", folded with CRLF + space, never splitting a
 * UTF-8 character between two words (RFC 2047 section 5: each word must decode alone). */
static void add_words(struct buf *b, const char *s)
{
	size_t len = strlen(s), at = 0;

	while (at < len) {
		size_t n = len - at > WORD_BYTES ? WORD_BYTES : len - at;

		while (at + n < len && n > 1 && ((unsigned char)s[at + n] & 0xc0) == 0x80)
			n--; /* s[at + n] continues a character: end the word before it starts */
		if (at)
			buf_adds(b, "\r\n ");
		buf_adds(b, "=?UTF-8?B?");
		add_base64(b, s + at, n);
		buf_adds(b, "?=");
		at += n;
	}
}

static void add_header_text(struct buf *b, const char *s)
{
	if (needs_words(s))
		add_words(b, s);
	else
		buf_adds(b, s);
}

/* RFC 5322 date in Beijing time: "Mon, 02 Jan 2006 15:04:05 +0800" (no locale involved). */
static void add_date(struct buf *b, int64_t when)
{
	static const char days[][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)(when + 8 * 3600);
	struct tm tm;

	gmtime_r(&t, &tm);
	buf_addf(b, "%s, %02d %s %04d %02d:%02d:%02d +0800", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int mail_compose(const struct mail *m, struct buf *out, struct buf *message_id, struct buf *err)
{
	const char *subject = m->subject ? m->subject : "", *text = m->text ? m->text : "";
	struct buf body = BUF_INIT;
	if (!mail_address_ok(m->from))
		return error(err, "sender '%s' is not an e-mail address", m->from);
	if (!mail_address_ok(m->to))
		return error(err, "'%s' is not an e-mail address", m->to);
	if (!utf8_valid(subject, strlen(subject)) || !utf8_valid(text, strlen(text)) ||
	    (m->from_name && !utf8_valid(m->from_name, strlen(m->from_name))))
		return error(err, "message %" PRId64 " is not valid UTF-8", m->id);

	buf_reset(message_id);
	buf_addf(message_id, "<%" PRId64 ".%" PRId64 "@wuye>", m->id, m->date);

	buf_reset(out);
	buf_adds(out, "Date: ");
	add_date(out, m->date);
	buf_adds(out, "\r\nFrom: ");
	if (m->from_name && *m->from_name) {
		if (needs_words(m->from_name) || strpbrk(m->from_name, "\"\\")) {
			add_words(out, m->from_name);
		} else {
			buf_addf(out, "\"%s\"", m->from_name);
		}
		buf_addch(out, ' ');
	}
	buf_addf(out, "<%s>\r\nTo: <%s>\r\nSubject: ", m->from, m->to);
	add_header_text(out, subject);
	buf_addf(out, "\r\nMessage-ID: %s\r\n", message_id->buf);
	buf_adds(out, "MIME-Version: 1.0\r\n"
		      "Content-Type: text/plain; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: base64\r\n"
		      "\r\n");

	/* the canonical form of text is CRLF line ends (RFC 2045 6.8): make bare LFs CRLF */
	for (const char *p = text; *p; p++) {
		if (*p == '\n' && (p == text || p[-1] != '\r'))
			buf_addch(&body, '\r');
		buf_addch(&body, *p);
	}
	add_base64_lines(out, body.buf, body.len);
	buf_release(&body);
	return 0;
}
