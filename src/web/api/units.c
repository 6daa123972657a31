/* units.c: GET /api/v1/units (search, a page at a time) and GET /api/v1/units/{id}. */
#include "base/i18n.h"
#include "core/project.h"
#include "core/unit.h"
#include "core/unit_query.h"
#include "web/api/api.h"
#include "web/pages.h"

#define UNITS_PAGE_MAX 200

int api_units_list(struct web_req *r)
{
	static const char *const params[] = { "project", "q", "building", "state", "limit", "offset", NULL };
	struct unit_query q = { 0 };
	struct project p;
	struct buf err = BUF_INIT, detail = BUF_INIT;
	int64_t limit, offset, total;
	json_t *units;

	if (api_query_known(r, params) < 0 || api_query_text(r, "q", 64, &q.text) < 0 ||
	    api_query_text(r, "building", 64, &q.building) < 0 || api_query_text(r, "state", 16, &q.state) < 0 ||
	    api_query_int(r, "limit", 50, 1, UNITS_PAGE_MAX, &limit) < 0 ||
	    api_query_int(r, "offset", 0, 0, 100000000, &offset) < 0)
		return 0;
	if (*q.state && !unit_state_valid(q.state))
		return api_bad(r, "state", _("unknown state '%s' (expected undelivered, vacant, decorating or occupied)"),
			       q.state), 0;
	if (!r->project_id)
		return web_error(r, 404, _("no such project"));
	if (project_get(r->db, r->project_id, &p, &err) < 0)
		return api_fail(r, &err);
	q.project_id = r->project_id;
	q.limit = (int)limit;
	q.offset = (int)offset;
	if (unit_query_page(r->db, &q, r->today, !web_may_see_phones(r), &units, &total, &err) < 0)
		return api_fail(r, &err);
	/* owners' names and numbers leave the system: on the record */
	buf_addf(&detail, "q=%s building=%s state=%s limit=%lld offset=%lld: %zu units", q.text, q.building, q.state,
		 (long long)limit, (long long)offset, json_array_size(units));
	web_audit(r, "api.units", p.code, detail.buf);
	buf_release(&detail);
	buf_release(&err);
	return api_send(r, 200, json_pack("{s:s,s:I,s:I,s:I,s:o}", "project", p.code, "total", (json_int_t)total, "limit",
					  (json_int_t)limit, "offset", (json_int_t)offset, "units", units));
}

int api_unit_show(struct web_req *r)
{
	struct buf err = BUF_INIT;
	json_t *u;

	if (api_query_known(r, (const char *const[]){ NULL }) < 0)
		return 0;
	if (unit_json(r->db, r->unit_id, r->today, !web_may_see_phones(r), &u, &err) < 0)
		return api_fail(r, &err);
	web_audit(r, "api.unit", json_string_value(json_object_get(u, "unit")), "");
	buf_release(&err);
	return api_send(r, 200, u);
}
