/* cases.c: GET /api/v1/cases (a project's collection cases, by state), GET
 * /api/v1/cases/{id} (one case with its timeline, tasks, contacts, promises, plans,
 * pauses, work orders and legal matters), in the JSON of `wuye cases` / `wuye case`. */
#include <string.h>

#include "base/i18n.h"
#include "core/cases.h"
#include "core/caseviews.h"
#include "core/project.h"
#include "web/api/api.h"
#include "web/pages.h"

#define CASES_PAGE_MAX 500

int api_cases_list(struct web_req *r)
{
	static const char *const params[] = { "project", "state", "limit", "offset", NULL };
	struct buf err = BUF_INIT;
	struct project p;
	const char *state;
	int64_t limit, offset;
	json_t *all, *page;
	int known = 0;

	if (api_query_known(r, params) < 0 || api_query_text(r, "state", 16, &state) < 0 ||
	    api_query_int(r, "limit", 100, 1, CASES_PAGE_MAX, &limit) < 0 ||
	    api_query_int(r, "offset", 0, 0, 100000000, &offset) < 0)
		return 0;
	for (int i = 0; case_state_names[i]; i++)
		known |= !strcmp(case_state_names[i], state);
	if (*state && !known)
		return api_bad(r, "state", _("unknown state '%s' (expected open, paused, promised, plan, legal or closed)"),
			       state), 0;
	if (!r->project_id)
		return web_error(r, 404, _("no such project"));
	if (project_get(r->db, r->project_id, &p, &err) < 0 ||
	    cases_json(r->db, r->project_id, *state ? state : NULL, r->today, &all, &err) < 0)
		return api_fail(r, &err);
	buf_release(&err);
	page = json_array();
	for (size_t i = (size_t)offset; i < json_array_size(all) && i < (size_t)(offset + limit); i++)
		json_array_append(page, json_array_get(all, i));
	api_send(r, 200, json_pack("{s:s,s:s,s:I,s:I,s:I,s:o}", "project", p.code, "state", state, "total",
				   (json_int_t)json_array_size(all), "limit", (json_int_t)limit, "offset",
				   (json_int_t)offset, "cases", page));
	json_decref(all);
	return 0;
}

int api_case_show(struct web_req *r)
{
	struct buf err = BUF_INIT;
	json_t *c;

	if (api_query_known(r, (const char *const[]){ NULL }) < 0)
		return 0;
	if (case_json_by_id(r->db, web_param_id(r, 0), r->today, &c, &err) < 0)
		return api_fail(r, &err);
	buf_release(&err);
	return api_send(r, 200, c);
}
