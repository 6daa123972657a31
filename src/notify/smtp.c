/* smtp.c: e-mail through libcurl's SMTP client.
 *
 * smtp://host:port upgrades with STARTTLS whenever the server offers it (CURLUSESSL_TRY),
 * or insists on it ("require_tls": true, CURLUSESSL_ALL: no STARTTLS, no mail, and the
 * password is never sent in the clear); smtps:// is TLS from the first byte.  The
 * server's certificate is always verified; "ca_file" names a private CA to trust.
 * https://curl.se/libcurl/c/CURLOPT_USE_SSL.html, https://curl.se/libcurl/c/smtp-tls.html
 *
 * Outcomes follow the SMTP reply: 5xx (unknown mailbox, message refused) is permanent, 4xx
 * and no answer are transient; a refused login or a certificate we cannot trust is
 * permanent too, since retrying cannot help until someone fixes the settings.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "base/error.h"
#include "base/xalloc.h"
#include "http.h"
#include "internal.h"
#include "mail.h"

struct smtp {
	char *url, *username, *password, *from, *from_name, *ca_file;
	int require_tls, implicit_tls;
	long timeout_ms;
};

static void smtp_close(void *impl)
{
	struct smtp *s = impl;

	if (!s)
		return;
	setting_free(s->url);
	setting_free(s->username);
	setting_free(s->password);
	setting_free(s->from);
	setting_free(s->from_name);
	setting_free(s->ca_file);
	free(s);
}

static void *smtp_open(const json_t *set, struct buf *err)
{
	struct smtp *s = xcalloc(1, sizeof(*s));

	if (setting_str(set, "smtp", "url", NULL, &s->url, err) < 0 ||
	    setting_str(set, "smtp", "username", "", &s->username, err) < 0 ||
	    setting_str(set, "smtp", "password", "", &s->password, err) < 0 ||
	    setting_str(set, "smtp", "from", NULL, &s->from, err) < 0 ||
	    setting_str(set, "smtp", "from_name", "", &s->from_name, err) < 0 ||
	    setting_str(set, "smtp", "ca_file", "", &s->ca_file, err) < 0 ||
	    setting_bool(set, "smtp", "require_tls", 0, &s->require_tls, err) < 0 ||
	    setting_timeout(set, "smtp", &s->timeout_ms, err) < 0)
		goto fail;
	if (!strncmp(s->url, "smtps://", 8)) {
		s->implicit_tls = 1;
	} else if (strncmp(s->url, "smtp://", 7)) {
		error(err, "smtp: setting 'url' must start with smtp:// or smtps://");
		goto fail;
	}
	if (*s->username && !*s->password) {
		error(err, "smtp: missing setting 'password' (a username is set)");
		goto fail;
	}
	if (!mail_address_ok(s->from)) {
		error(err, "smtp: setting 'from' is not an e-mail address");
		goto fail;
	}
	return s;
fail:
	smtp_close(s);
	return NULL;
}

struct upload {
	const char *data;
	size_t len, at;
};

static size_t on_read(char *dst, size_t size, size_t n, void *arg)
{
	struct upload *u = arg;
	size_t k = size * n;

	if (k > u->len - u->at)
		k = u->len - u->at;
	memcpy(dst, u->data + u->at, k);
	u->at += k;
	return k;
}

/* Keeps the server's replies for the answer: the last one, and the last refusal (4xx,
 * 5xx: "550 5.1.1 <x@y>: user unknown"), which the closing "221 Bye" would hide.  Only
 * what the server says (CURLINFO_HEADER_IN) is looked at: our side of the dialogue holds
 * the password. */
struct replies {
	struct buf last, refusal;
};

static int on_debug(CURL *c, curl_infotype type, char *data, size_t len, void *arg)
{
	struct replies *r = arg;

	(void)c;
	if (type != CURLINFO_HEADER_IN)
		return 0;
	while (len && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		len--;
	if (!len)
		return 0;
	if (len > 200)
		len = 200;
	buf_reset(&r->last);
	buf_add(&r->last, data, len);
	if (data[0] == '4' || data[0] == '5') {
		buf_reset(&r->refusal);
		buf_add(&r->refusal, data, len);
	}
	return 0;
}

static int smtp_send(void *impl, const struct notify_message *m, struct notify_result *res, struct buf *err)
{
	struct smtp *s = impl;
	struct buf text = BUF_INIT, msgid = BUF_INIT, from = BUF_INIT, to = BUF_INIT;
	struct replies rp = { BUF_INIT, BUF_INIT };
	const char *said;
	struct curl_slist *rcpt = NULL;
	struct upload up;
	char errbuf[CURL_ERROR_SIZE] = "";
	struct mail mail;
	long code = 0;
	CURLcode rc;
	CURL *c = NULL;
	int ret = -1;

	if (!mail_address_ok(m->address)) {
		result_set(res, NOTIFY_REJECTED, NULL, "not an e-mail address");
		return 0;
	}
	mail = (struct mail){ m->id, notify_now(), s->from, s->from_name, m->address, m->subject, m->text };
	if (mail_compose(&mail, &text, &msgid, err) < 0)
		goto cleanup;
	buf_addf(&from, "<%s>", s->from);
	buf_addf(&to, "<%s>", m->address);
	http_global_init();
	if (!(c = curl_easy_init()) || !(rcpt = curl_slist_append(NULL, to.buf))) {
		error(err, "smtp: cannot start libcurl");
		goto cleanup;
	}
	up = (struct upload){ text.buf, text.len, 0 };
	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)(s->require_tls || s->implicit_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
	if (*s->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, s->ca_file);
	if (*s->username) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->username);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password);
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.buf);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, s->timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, s->timeout_ms);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	/* VERBOSE only feeds on_debug; nothing is printed */
	curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, &rp);
	curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);

	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (!errbuf[0])
		copy_utf8(errbuf, sizeof(errbuf), curl_easy_strerror(rc));
	said = rp.refusal.len ? rp.refusal.buf : rp.last.buf;
	if (rc == CURLE_OK)
		result_set(res, NOTIFY_SENT, msgid.buf, "%s", rp.last.len ? rp.last.buf : "250");
	else if (rc == CURLE_LOGIN_DENIED || rc == CURLE_USE_SSL_FAILED || rc == CURLE_PEER_FAILED_VERIFICATION ||
		 rc == CURLE_SSL_CACERT_BADFILE || (code >= 500 && code < 600))
		result_set(res, NOTIFY_REJECTED, NULL, "%s%s%s", errbuf, *said ? "; server: " : "", said);
	else
		result_set(res, NOTIFY_RETRY, NULL, "%s%s%s", errbuf, *said ? "; server: " : "", said);
	ret = 0;
cleanup:
	curl_slist_free_all(rcpt);
	if (c)
		curl_easy_cleanup(c);
	buf_release(&text);
	buf_release(&msgid);
	buf_release(&rp.last);
	buf_release(&rp.refusal);
	buf_release(&from);
	buf_release(&to);
	return ret;
}

const struct channel_ops smtp_ops = {
	.vendor = "smtp",
	.kind = "email",
	.open = smtp_open,
	.close = smtp_close,
	.send = smtp_send,
	.lookup = NULL,
};
