/* notify_sign.c: the gateways' signatures against the vendors' published examples.
 *
 * Every expected value below is copied from the vendor's documentation, not computed by
 * this code: a change in canonicalisation (ordering, encoding, a lost newline) fails here
 * before it fails against the real gateway.
 */
#include "testutil.h"

#include <string.h>

#include "base/buf.h"
#include "notify/sign.h"

/*
 * Aliyun, "V3 request structure and signature" (签名机制 V3), section "Signature examples",
 * fixed parameter values:
 *   https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
 *   https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature
 * AccessKeyID YourAccessKeyId, AccessKeySecret YourAccessKeySecret, nonce
 * 3156853299f313e23d1673dc12e1703d, date 2023-10-26T10:22:32Z, RunInstances 2014-05-26 on
 * ecs.cn-shanghai.aliyuncs.com, ImageId and RegionId in the query, empty body.
 */
static const char aliyun_canonical[] =
	"POST\n"
	"/\n"
	"ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n"
	"host:ecs.cn-shanghai.aliyuncs.com\n"
	"x-acs-action:RunInstances\n"
	"x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
	"x-acs-date:2023-10-26T10:22:32Z\n"
	"x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n"
	"x-acs-version:2014-05-26\n"
	"\n"
	"host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n"
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
static const char aliyun_string_to_sign[] =
	"ACS3-HMAC-SHA256\n"
	"7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259";
static const char aliyun_signature[] = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";
static const char aliyun_authorization[] =
	"ACS3-HMAC-SHA256 Credential=YourAccessKeyId,"
	"SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
	"Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";

static void sign_aliyun_example(struct sign_output *out, const char *secret)
{
	/* given out of order: the signer must sort them */
	static const struct sign_pair query[] = {
		{ "RegionId", "cn-shanghai" },
		{ "ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd" },
	};
	struct acs3_input in = {
		.method = "POST",
		.host = "ecs.cn-shanghai.aliyuncs.com",
		.action = "RunInstances",
		.version = "2014-05-26",
		.date = "2023-10-26T10:22:32Z",
		.nonce = "3156853299f313e23d1673dc12e1703d",
		.query = query,
		.nquery = 2,
	};

	acs3_sign(&in, "YourAccessKeyId", secret, out);
}

static void test_acs3_reproduces_aliyun_published_example(void **state)
{
	struct sign_output out = SIGN_OUTPUT_INIT;
	(void)state;

	sign_aliyun_example(&out, "YourAccessKeySecret");
	assert_string_equal(out.query.buf,
			    "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai");
	assert_string_equal(out.canonical_request.buf, aliyun_canonical);
	assert_string_equal(out.string_to_sign.buf, aliyun_string_to_sign);
	assert_string_equal(out.signature, aliyun_signature);
	assert_string_equal(out.authorization.buf, aliyun_authorization);
	sign_output_release(&out);
}

static void test_acs3_other_secret_other_signature(void **state)
{
	struct sign_output out = SIGN_OUTPUT_INIT;
	(void)state;

	sign_aliyun_example(&out, "YourAccessKeySecreT");
	assert_string_equal(out.string_to_sign.buf, aliyun_string_to_sign); /* the secret only signs */
	assert_string_not_equal(out.signature, aliyun_signature);
	sign_output_release(&out);
}

static void test_acs3_signs_content_type_and_body(void **state)
{
	static const char body[] = "PhoneNumbers=13800138000";
	struct sign_output out = SIGN_OUTPUT_INIT;
	struct acs3_input in = { "POST", "dysmsapi.aliyuncs.com", "SendSms", "2017-05-25", "2024-01-01T00:00:00Z",
				 "n", NULL, 0, body, strlen(body), "application/x-www-form-urlencoded" };
	char hash[65];
	(void)state;

	acs3_sign(&in, "id", "secret", &out);
	sha256_hex(body, strlen(body), hash);
	assert_string_equal(out.payload_hash, hash);
	assert_string_equal(out.signed_headers.buf,
			    "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;"
			    "x-acs-version");
	assert_non_null(strstr(out.canonical_request.buf, "\ncontent-type:application/x-www-form-urlencoded\nhost:"));
	assert_string_equal(out.canonical_request.buf + out.canonical_request.len - 64, hash);
	sign_output_release(&out);
}

/* The doc's encoding table: space %20, '*' %2A, '~' left alone; UTF-8 bytes one by one. */
static void test_percent_encoding_follows_the_v3_rules(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;

	buf_add_pct(&b, "AZaz09-_.~");
	assert_string_equal(b.buf, "AZaz09-_.~");
	buf_reset(&b);
	buf_add_pct(&b, "a b*c+d/e=f&g:h\"");
	assert_string_equal(b.buf, "a%20b%2Ac%2Bd%2Fe%3Df%26g%3Ah%22");
	buf_reset(&b);
	buf_add_pct(&b, "{\"name\":\"王伟\"}");
	assert_string_equal(b.buf, "%7B%22name%22%3A%22%E7%8E%8B%E4%BC%9F%22%7D");
	buf_release(&b);
}

/*
 * Tencent Cloud API 3.0, "Signature v3" (签名方法 v3), the CVM DescribeInstances example:
 *   https://cloud.tencent.com/document/api/213/30654 (and every product's copy, e.g. SMS:
 *   https://cloud.tencent.com/document/api/382/52072, intl https://www.tencentcloud.com/document/api/382/40466)
 * SecretId AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE, SecretKey Gu5t9xGARNpq86cd98joQYCN3EXAMPLE,
 * X-TC-Timestamp 1551113065 (2019-02-26 00:44:25 in Beijing, 2019-02-25 in UTC: the scope
 * must use the UTC date), the published payload with its \u escapes as they are.
 */
static const char tencent_payload[] =
	"{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";
static const char tencent_canonical[] =
	"POST\n"
	"/\n"
	"\n"
	"content-type:application/json; charset=utf-8\n"
	"host:cvm.tencentcloudapi.com\n"
	"\n"
	"content-type;host\n"
	"35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064";
static const char tencent_string_to_sign[] =
	"TC3-HMAC-SHA256\n"
	"1551113065\n"
	"2019-02-25/cvm/tc3_request\n"
	"5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031";
static const char tencent_signature[] = "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168";
static const char tencent_authorization[] =
	"TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, "
	"SignedHeaders=content-type;host, "
	"Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168";

static void sign_tencent_example(struct sign_output *out, int64_t timestamp, const char *key)
{
	struct tc3_input in = { "cvm.tencentcloudapi.com", "cvm", "application/json; charset=utf-8", timestamp,
				tencent_payload, strlen(tencent_payload) };

	tc3_sign(&in, "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", key, out);
}

static void test_tc3_reproduces_tencent_published_example(void **state)
{
	struct sign_output out = SIGN_OUTPUT_INIT;
	(void)state;

	sign_tencent_example(&out, 1551113065, "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE");
	assert_string_equal(out.payload_hash, "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
	assert_string_equal(out.canonical_request.buf, tencent_canonical);
	assert_string_equal(out.string_to_sign.buf, tencent_string_to_sign);
	assert_string_equal(out.signature, tencent_signature);
	assert_string_equal(out.authorization.buf, tencent_authorization);
	sign_output_release(&out);
}

static void test_tc3_scope_uses_utc_date_and_key_matters(void **state)
{
	struct sign_output out = SIGN_OUTPUT_INIT;
	(void)state;

	/* a day later the scope names the next UTC day */
	sign_tencent_example(&out, 1551113065 + 86400, "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE");
	assert_non_null(strstr(out.string_to_sign.buf, "\n2019-02-26/cvm/tc3_request\n"));
	assert_string_not_equal(out.signature, tencent_signature);
	sign_tencent_example(&out, 1551113065, "Gu5t9xGARNpq86cd98joQYCN3EXAMPLf");
	assert_string_equal(out.string_to_sign.buf, tencent_string_to_sign);
	assert_string_not_equal(out.signature, tencent_signature);
	sign_output_release(&out);
}

/* The primitives against their standards' vectors: FIPS 180-2 ("abc") and RFC 4231 case 2. */
static void test_sha256_and_hmac_standard_vectors(void **state)
{
	unsigned char mac[32];
	char hex[65];
	(void)state;

	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, mac);
	hex_lower(mac, 32, hex);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acs3_reproduces_aliyun_published_example),
		cmocka_unit_test(test_acs3_other_secret_other_signature),
		cmocka_unit_test(test_acs3_signs_content_type_and_body),
		cmocka_unit_test(test_percent_encoding_follows_the_v3_rules),
		cmocka_unit_test(test_tc3_reproduces_tencent_published_example),
		cmocka_unit_test(test_tc3_scope_uses_utc_date_and_key_matters),
		cmocka_unit_test(test_sha256_and_hmac_standard_vectors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
