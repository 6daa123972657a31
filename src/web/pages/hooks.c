/* hooks.c: delivery reports the gateways push to us (POST /hooks/{vendor}/{token}).
 *
 * The gateways are configured with a URL that carries a secret: the `hook_token` of the
 * channel's settings (`wuye channel set`), compared in constant time.  Each vendor gets
 * the answer it expects, so that it does not push the same reports again. */
#include <sodium.h>
#include <string.h>

#include "base/i18n.h"
#include "core/outbox.h"
#include "notify/notify.h"
#include "web/pages.h"

/* Whether some project's channel of this vendor has this hook token. */
static int token_known(struct web_req *r, const char *vendor, const char *token)
{
	struct db_stmt *st;
	int ok = 0;

	if (!token || strlen(token) < 16 || db_prepare(r->db, &st, "SELECT settings FROM channel_config WHERE vendor = ?", NULL) < 0)
		return 0;
	db_bind_text(st, 1, vendor);
	while (!ok && db_step(st, NULL) == 1) {
		json_t *s = json_loads(db_col_text(st, 0), 0, NULL);
		const char *want = json_string_value(json_object_get(s, "hook_token"));
		ok = want && strlen(want) == strlen(token) && sodium_memcmp(want, token, strlen(token)) == 0;
		json_decref(s);
	}
	db_finalize(st);
	return ok;
}

int page_hook_receipts(struct web_req *r)
{
	const char *vendor = r->params[0], *token = r->nparams > 1 ? r->params[1] : NULL;
	struct notify_receipt *rec = NULL;
	struct buf err = BUF_INIT, answer = BUF_INIT;
	size_t n = 0;
	int matched = 0, rc;

	r->wants_json = 1;
	if (strcmp(vendor, "aliyun") && strcmp(vendor, "tencent") && strcmp(vendor, "wechat"))
		return web_error(r, 404, _("not found"));
	if (!token_known(r, vendor, token))
		return web_error(r, 403, _("unknown hook"));
	rc = notify_parse_receipts(vendor, r->body_raw ? r->body_raw : "", r->body_len, &rec, &n, &err);
	if (rc == 0)
		rc = outbox_apply_receipts(r->db, vendor, rec, n, &matched, &err);
	free(rec);
	if (rc < 0) {
		web_error(r, 400, err.buf ? err.buf : "");
		buf_release(&err);
		return 0;
	}
	buf_release(&err);
	web_audit(r, "receipts.push", vendor, "");
	/* what each gateway takes for "received" */
	if (!strcmp(vendor, "aliyun"))
		buf_adds(&answer, "{\"code\":0,\"msg\":\"成功\"}");
	else if (!strcmp(vendor, "tencent"))
		buf_adds(&answer, "{\"result\":0,\"errmsg\":\"OK\"}");
	else
		buf_adds(&answer, "success");
	web_html(r, 200, &answer);
	r->content_type = strcmp(vendor, "wechat") ? "application/json; charset=utf-8" : "text/plain; charset=utf-8";
	buf_release(&answer);
	return 0;
}
