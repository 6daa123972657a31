/* accounts.c: GET /api/v1/units/{id}/account: the JSON of `wuye account`.
 *
 * The hot path of integrations (a bank or a WeChat mini-program asking what a unit
 * owes): answered inline on the loop thread from a few indexed queries on statements
 * the connection keeps (core/account.c, core/bills.c), and written as text straight
 * from the account, without building a JSON tree. */
#include "core/account.h"
#include "web/api/api.h"
#include "web/pages.h"

int api_account_show(struct web_req *r)
{
	struct account a;
	struct buf err = BUF_INIT, out = BUF_INIT;
	int rc;

	if (r->query.n && api_query_known(r, (const char *const[]){ NULL }) < 0)
		return 0;
	/* one read transaction: every query sees the same books, and the read lock is
	 * taken once rather than per statement */
	if (db_begin(r->db, &err) < 0)
		return api_fail(r, &err);
	rc = account_load(r->db, r->unit_id, r->today, &a, &err);
	db_rollback(r->db);
	if (rc < 0)
		return api_fail(r, &err);
	account_write_json(&out, &a);
	account_free(&a);
	web_html(r, 200, &out);
	r->content_type = "application/json; charset=utf-8";
	buf_release(&out);
	return 0;
}
