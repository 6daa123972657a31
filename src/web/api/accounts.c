/* accounts.c: GET /api/v1/units/{id}/account: the JSON of `wuye account`.
 *
 * The hot path of integrations (a bank or a WeChat mini-program asking what a unit
 * owes): one loop thread answers it inline, from a few indexed queries on statements
 * the connection keeps (core/account.c, core/bills.c). */
#include "core/account.h"
#include "web/api/api.h"
#include "web/pages.h"

int api_account_show(struct web_req *r)
{
	struct buf err = BUF_INIT;
	json_t *a;

	if (r->query.n && api_query_known(r, (const char *const[]){ NULL }) < 0)
		return 0;
	if (account_json(r->db, r->unit_id, r->today, &a, &err) < 0)
		return api_fail(r, &err);
	buf_release(&err);
	return api_send(r, 200, a);
}
