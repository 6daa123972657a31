/* sign.c: Aliyun ACS3-HMAC-SHA256 and Tencent TC3-HMAC-SHA256 request signatures.
 *
 * Aliyun:  https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
 *          (签名机制 V3, https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature)
 * Tencent: https://cloud.tencent.com/document/api/382/52072 (签名方法 v3; the same text is on
 *          every product's API pages, e.g. https://www.tencentcloud.com/document/api/382/40466)
 */
#include "sign.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <sodium.h>

#include "base/xalloc.h"

void hex_lower(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256(data, len, md);
	hex_lower(md, sizeof(md), out);
}

void hmac_sha256(const void *key, size_t key_len, const void *data, size_t len, unsigned char out[32])
{
	unsigned int n = 32;

	if (!HMAC(EVP_sha256(), key, (int)key_len, data, len, out, &n) || n != 32)
		abort(); /* cannot happen with SHA-256; never sign with a half-made MAC */
}

void buf_add_pct(struct buf *b, const char *s)
{
	static const char digits[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_addch(b, *p);
		} else {
			buf_addch(b, '%');
			buf_addch(b, digits[*p >> 4]);
			buf_addch(b, digits[*p & 15]);
		}
	}
}

void sign_output_release(struct sign_output *out)
{
	buf_release(&out->query);
	buf_release(&out->canonical_request);
	buf_release(&out->string_to_sign);
	buf_release(&out->signed_headers);
	buf_release(&out->authorization);
	out->payload_hash[0] = out->signature[0] = '\0';
}

static int pair_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sign_pair *)a)->name, ((const struct sign_pair *)b)->name);
}

static void add_header(struct sign_output *out, const char *name, const char *value)
{
	buf_addf(&out->canonical_request, "%s:%s\n", name, value);
	if (out->signed_headers.len)
		buf_addch(&out->signed_headers, ';');
	buf_adds(&out->signed_headers, name);
}

/*
 * CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n
 *                    SignedHeaders \n HashedRequestPayload
 * RPC-style APIs (Dysmsapi) use "/" as the URI.  The query is sorted by parameter name
 * and each name and value encoded by buf_add_pct() (the doc's rules: %20, %2A, '~' kept).
 * The headers are host, content-type if present and every x-acs-* header, by lower-case
 * name in ASCII order, "name:trimmed value\n" each; all of them are signed.
 * StringToSign = "ACS3-HMAC-SHA256\n" + hex(SHA256(CanonicalRequest)), and the signature
 * is hex(HMAC-SHA256(AccessKeySecret, StringToSign)): the raw secret, no "&" (unlike V2).
 */
void acs3_sign(const struct acs3_input *in, const char *key_id, const char *secret, struct sign_output *out)
{
	struct sign_pair *q = NULL;
	char hashed[65];
	unsigned char mac[32];

	buf_reset(&out->query);
	buf_reset(&out->canonical_request);
	buf_reset(&out->string_to_sign);
	buf_reset(&out->signed_headers);
	buf_reset(&out->authorization);

	if (in->nquery) {
		q = xmalloc(in->nquery * sizeof(*q));
		memcpy(q, in->query, in->nquery * sizeof(*q));
		qsort(q, in->nquery, sizeof(*q), pair_cmp);
	}
	for (size_t i = 0; i < in->nquery; i++) {
		if (i)
			buf_addch(&out->query, '&');
		buf_add_pct(&out->query, q[i].name);
		buf_addch(&out->query, '=');
		buf_add_pct(&out->query, q[i].value ? q[i].value : "");
	}
	free(q);

	sha256_hex(in->body ? in->body : "", in->body ? in->body_len : 0, out->payload_hash);

	buf_addf(&out->canonical_request, "%s\n/\n%s\n", in->method, out->query.buf);
	if (in->content_type)
		add_header(out, "content-type", in->content_type);
	add_header(out, "host", in->host);
	add_header(out, "x-acs-action", in->action);
	add_header(out, "x-acs-content-sha256", out->payload_hash);
	add_header(out, "x-acs-date", in->date);
	add_header(out, "x-acs-signature-nonce", in->nonce);
	add_header(out, "x-acs-version", in->version);
	buf_addf(&out->canonical_request, "\n%s\n%s", out->signed_headers.buf, out->payload_hash);

	sha256_hex(out->canonical_request.buf, out->canonical_request.len, hashed);
	buf_addf(&out->string_to_sign, "ACS3-HMAC-SHA256\n%s", hashed);
	hmac_sha256(secret, strlen(secret), out->string_to_sign.buf, out->string_to_sign.len, mac);
	hex_lower(mac, sizeof(mac), out->signature);
	buf_addf(&out->authorization, "ACS3-HMAC-SHA256 Credential=%s,SignedHeaders=%s,Signature=%s", key_id,
		 out->signed_headers.buf, out->signature);
}

static void add_lower(struct buf *b, const char *s)
{
	for (; *s; s++)
		buf_addch(b, *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
}

/*
 * CanonicalRequest = "POST\n/\n\n" + CanonicalHeaders + "\n" + SignedHeaders + "\n" +
 *                    hex(SHA256(payload))
 * (API 3.0 uses "/" and, for POST, an empty query string.)  Header names and values are
 * lower-cased and trimmed, "name:value\n" each, sorted by name; content-type and host are
 * the two the doc requires.  CredentialScope = UTC date of the timestamp + "/" + service +
 * "/tc3_request" (the UTC date, not Beijing's: a request at 00:44 in Beijing is still
 * the previous day).  The key is derived: HMAC("TC3" + SecretKey, date) → service →
 * "tc3_request"; Signature = hex(HMAC(SecretSigning, StringToSign)).
 */
void tc3_sign(const struct tc3_input *in, const char *secret_id, const char *secret_key, struct sign_output *out)
{
	struct buf key = BUF_INIT;
	unsigned char k_date[32], k_service[32], k_signing[32], mac[32];
	char hashed[65], date[16];
	time_t t = (time_t)in->timestamp;
	struct tm tm;

	buf_reset(&out->query);
	buf_reset(&out->canonical_request);
	buf_reset(&out->string_to_sign);
	buf_reset(&out->signed_headers);
	buf_reset(&out->authorization);

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	sha256_hex(in->payload ? in->payload : "", in->payload ? in->len : 0, out->payload_hash);

	buf_adds(&out->canonical_request, "POST\n/\n\ncontent-type:");
	add_lower(&out->canonical_request, in->content_type);
	buf_adds(&out->canonical_request, "\nhost:");
	add_lower(&out->canonical_request, in->host);
	buf_adds(&out->signed_headers, "content-type;host");
	buf_addf(&out->canonical_request, "\n\n%s\n%s", out->signed_headers.buf, out->payload_hash);

	sha256_hex(out->canonical_request.buf, out->canonical_request.len, hashed);
	buf_addf(&out->string_to_sign, "TC3-HMAC-SHA256\n%lld\n%s/%s/tc3_request\n%s", (long long)in->timestamp, date,
		 in->service, hashed);

	buf_addf(&key, "TC3%s", secret_key);
	hmac_sha256(key.buf, key.len, date, strlen(date), k_date);
	hmac_sha256(k_date, sizeof(k_date), in->service, strlen(in->service), k_service);
	hmac_sha256(k_service, sizeof(k_service), "tc3_request", strlen("tc3_request"), k_signing);
	hmac_sha256(k_signing, sizeof(k_signing), out->string_to_sign.buf, out->string_to_sign.len, mac);
	hex_lower(mac, sizeof(mac), out->signature);
	buf_addf(&out->authorization, "TC3-HMAC-SHA256 Credential=%s/%s/%s/tc3_request, SignedHeaders=%s, Signature=%s",
		 secret_id, date, in->service, out->signed_headers.buf, out->signature);

	sodium_memzero(key.buf, key.len); /* the secret does not linger in freed memory */
	buf_release(&key);
}
