/* sign.h: the request signatures of the SMS gateways (Aliyun ACS3-HMAC-SHA256, Tencent
 * TC3-HMAC-SHA256) and the hashing and encoding they are built from.
 *
 * The signers are pure functions of their inputs (no clock, no random), so the unit tests
 * reproduce the vendors' published examples byte for byte (tests/unit/notify_sign.c).
 * Outputs go into a struct sign_output the caller releases with sign_output_release().
 */
#ifndef WUYE_NOTIFY_SIGN_H
#define WUYE_NOTIFY_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* Lowercase hex of SHA-256(data); out gets 64 digits and a NUL. */
void sha256_hex(const void *data, size_t len, char out[65]);
void hmac_sha256(const void *key, size_t key_len, const void *data, size_t len, unsigned char out[32]);
void hex_lower(const unsigned char *in, size_t n, char *out);

/* RFC 3986 percent-encoding as both vendors' V3 signatures want it: A-Z a-z 0-9 - _ . ~
 * stay, every other byte becomes %XX (upper-case hex), so a space is %20 (never +), '*'
 * is %2A and '~' is never %7E. */
void buf_add_pct(struct buf *b, const char *s);

struct sign_pair {
	const char *name;
	const char *value;
};

/* One request signed with ACS3-HMAC-SHA256 (Aliyun "V3 request structure and signature").
 * Parameters go in the query string ("in": "query" in the API metadata, as for every
 * Dysmsapi 2017-05-25 parameter); the body, if any, is hashed as it is. */
struct acs3_input {
	const char *method;             /* "POST" */
	const char *host;               /* the Host header as sent, host[:port] */
	const char *action;             /* x-acs-action */
	const char *version;            /* x-acs-version */
	const char *date;               /* x-acs-date, yyyy-MM-ddTHH:mm:ssZ (UTC) */
	const char *nonce;              /* x-acs-signature-nonce */
	const struct sign_pair *query;  /* not encoded, in any order */
	size_t nquery;
	const void *body;
	size_t body_len;
	const char *content_type;       /* NULL: the request has no Content-Type */
};

struct sign_output {
	struct buf query;             /* ACS3: the canonical query string, also what follows '?' */
	struct buf canonical_request;
	struct buf string_to_sign;
	struct buf signed_headers;
	char payload_hash[65];
	char signature[65];
	struct buf authorization;     /* the Authorization header's value */
};
#define SIGN_OUTPUT_INIT { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, "", "", BUF_INIT }
void sign_output_release(struct sign_output *out);

void acs3_sign(const struct acs3_input *in, const char *key_id, const char *secret, struct sign_output *out);

/* One POST signed with TC3-HMAC-SHA256 (Tencent Cloud API 3.0, "Signature v3"), signing
 * the content-type and host headers as the published example does. */
struct tc3_input {
	const char *host;         /* the Host header as sent */
	const char *service;      /* "sms": the credential scope's service */
	const char *content_type; /* "application/json; charset=utf-8" */
	int64_t timestamp;        /* X-TC-Timestamp; the scope's date is its UTC date */
	const void *payload;
	size_t len;
};
void tc3_sign(const struct tc3_input *in, const char *secret_id, const char *secret_key, struct sign_output *out);

#endif
