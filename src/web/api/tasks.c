/* tasks.c: GET /api/v1/tasks: the open tasks due by today of the staff member the
 * token (or session) acts as, in the JSON of `wuye tasks --staff LOGIN`. */
#include "core/caseviews.h"
#include "web/api/api.h"
#include "web/pages.h"

int api_tasks_list(struct web_req *r)
{
	struct buf err = BUF_INIT;
	json_t *tasks;

	if (api_query_known(r, (const char *const[]){ NULL }) < 0)
		return 0;
	if (tasks_json(r->db, &r->staff, r->staff.id, r->today, &tasks, &err) < 0)
		return api_fail(r, &err);
	buf_release(&err);
	return api_send(r, 200, json_pack("{s:s,s:o}", "staff", r->staff.login, "tasks", tasks));
}
