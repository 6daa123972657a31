/* router.c: matching a request to its route and enforcing the route's rights. */
#include "web/router.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/i18n.h"
#include "core/audit.h"
#include "core/payment.h"
#include "core/project.h"
#include "web/html.h"
#include "web/session.h"

int web_role_bit(const char *role)
{
	static const char *const roles[] = { "admin", "manager", "steward", "service", "cashier",
					     "maintenance", "legal", "committee" };
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (!strcmp(roles[i], role))
			return 1 << i;
	return 0;
}

/* Matches path against pattern; fills the captures.  Captures point into a copy of the
 * path owned by the request (segments NUL-terminated in place). */
static int match(const char *pattern, char *path, struct web_req *r)
{
	const char *p = pattern;
	char *s = path;
	int n = 0;

	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			char *end = strchr(s, '/');
			if (!close || n >= WEB_MAX_PARAMS)
				return 0;
			if (!end)
				end = s + strlen(s);
			if (end == s)
				return 0;
			r->params[n++] = s;
			p = close + 1;
			if (*end == '\0') {
				s = end;
				break;
			}
			if (*p != '/')
				return 0;
			*end = '\0'; /* terminate the capture; the '/' is matched below */
			s = end + 1;
			p++;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p || *s)
		return 0;
	r->nparams = n;
	return 1;
}

static const struct route *find(struct web_req *r, int *wrong_method)
{
	*wrong_method = 0;
	for (size_t i = 0; i < routes_count; i++) {
		free(r->path_copy);
		r->path_copy = strdup(r->path);
		r->nparams = 0;
		if (!r->path_copy || !match(routes[i].pattern, r->path_copy, r))
			continue;
		if (strcmp(routes[i].method, r->method)) {
			*wrong_method = 1;
			continue;
		}
		return &routes[i]; /* the captures point into r->path_copy */
	}
	r->nparams = 0;
	return NULL;
}

static int refuse(struct web_req *r, int status, const char *msg)
{
	return web_error(r, status, msg);
}

/* The project a unit-, case- or project-scoped route is about: found, and the staff
 * member's; else the refusal is the answer. */
static int resolve_scope(struct web_req *r, const struct route *rt)
{
	struct buf err = BUF_INIT;
	int rc;

	if (rt->flags & (F_UNIT | F_CASE)) {
		int64_t id = web_param_id(r, 0), project = 0;
		if (!id)
			return refuse(r, 404, _("not found")), -1;
		if (rt->flags & F_UNIT) {
			rc = db_run(r->db, &project, &err, "SELECT b.project_id FROM unit u JOIN building b ON b.id = u.building_id "
				    "WHERE u.id = ?", "i", id);
			r->unit_id = id;
		} else
			rc = db_run(r->db, &project, &err, "SELECT project_id FROM dun_case WHERE id = ?", "i", id);
		buf_release(&err);
		if (rc != 1)
			return refuse(r, rc < 0 ? 500 : 404, rc < 0 ? _("the database did not answer") : _("not found")), -1;
		r->project_id = project;
	} else if (rt->flags & F_RECEIPT) {
		char code[32];
		int64_t no;
		struct db_stmt *st;
		if (r->nparams < 1 || receipt_parse(r->params[0], code, sizeof(code), &no) < 0)
			return refuse(r, 404, _("not found")), -1;
		rc = db_prepare(r->db, &st, "SELECT y.project_id, y.unit_id FROM payment y JOIN project p ON p.id = y.project_id "
				"WHERE p.code = ? AND y.receipt_no = ?", &err);
		if (rc == 0) {
			db_bind_text(st, 1, code);
			db_bind_int64(st, 2, no);
			if ((rc = db_step(st, &err)) == 1) {
				r->project_id = db_col_int64(st, 0);
				r->unit_id = db_col_int64(st, 1);
			}
			db_finalize(st);
		}
		buf_release(&err);
		if (rc != 1)
			return refuse(r, rc < 0 ? 500 : 404, rc < 0 ? _("the database did not answer") : _("not found")), -1;
	} else if (rt->flags & F_PROJECT) {
		const char *code = web_arg(r, "project");
		if (code && *code) {
			struct project p;
			if (project_find(r->db, code, &p, &err) < 0) {
				buf_release(&err);
				return refuse(r, 404, _("no such project")), -1;
			}
			r->project_id = p.id;
		} else {
			/* the first project the staff member works on */
			rc = r->staff.all_projects
				     ? db_run(r->db, &r->project_id, &err, "SELECT id FROM project ORDER BY code LIMIT 1", "")
				     : db_run(r->db, &r->project_id, &err,
					      "SELECT p.id FROM project p JOIN staff_project sp ON sp.project_id = p.id "
					      "WHERE sp.staff_id = ? ORDER BY p.code LIMIT 1", "i", r->staff.id);
			if (rc < 0) {
				buf_release(&err);
				return refuse(r, 500, _("the database did not answer")), -1;
			}
		}
		buf_release(&err);
	}
	if (r->project_id && !staff_in_project(r->db, &r->staff, r->project_id))
		return refuse(r, 403, _("this belongs to a project you do not work on")), -1;
	return 0;
}

int router_allows(const struct web_req *r, const char *method, const char *pattern)
{
	for (size_t i = 0; i < routes_count; i++)
		if (!strcmp(routes[i].method, method) && !strcmp(routes[i].pattern, pattern))
			return (routes[i].roles & R_PUBLIC) || (r->staff.id && (routes[i].roles & (unsigned)r->role_bit));
	return 0;
}

void router_dispatch(struct web_req *r, const struct web_in *in, const char **route_name)
{
	int wrong_method;
	const struct route *rt = find(r, &wrong_method);

	*route_name = "-";
	/* under /api/ even a path or method that does not exist is answered in JSON */
	r->wants_json = !strncmp(r->path, "/api/", 5);
	if (!rt) {
		if (wrong_method) {
			web_add_header(r, "allow", "GET, POST");
			refuse(r, 405, _("method not allowed"));
		} else
			refuse(r, 404, _("not found"));
		return;
	}
	*route_name = rt->name;
	r->wants_json = (rt->flags & F_API) != 0;
	if (rt->flags & F_API)
		web_add_header(r, "cache-control", "no-store");

	/* who is asking */
	if (in->authorization && (rt->flags & F_API) && !strncmp(in->authorization, "Bearer ", 7)) {
		if (session_from_token(r->db, in->authorization + 7, &r->staff) == 1)
			r->via_token = 1;
		else {
			web_add_header(r, "www-authenticate", "Bearer realm=\"wuye\", error=\"invalid_token\"");
			refuse(r, 401, _("the API token is not valid"));
			return;
		}
	} else if (in->cookie)
		session_from_cookie(r->db, in->cookie, &r->staff, r->csrf);
	r->role_bit = r->staff.id ? web_role_bit(r->staff.role) : 0;

	if (!(rt->roles & R_PUBLIC)) {
		if (!r->staff.id) {
			if (rt->flags & F_API) {
				web_add_header(r, "www-authenticate", "Bearer realm=\"wuye\"");
				refuse(r, 401, _("log in first (a session or an API token)"));
			}
			else {
				struct buf to = BUF_INIT;
				buf_adds(&to, "/login?next=");
				html_url(&to, r->path);
				web_redirect(r, to.buf);
				buf_release(&to);
			}
			return;
		}
		if (!(rt->roles & (unsigned)r->role_bit)) {
			refuse(r, 403, _("your role may not do this"));
			return;
		}
	}
	/* every change made with a session carries the session's CSRF token */
	if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD") && !r->via_token && !(rt->flags & F_NO_CSRF)) {
		const char *sent = in->csrf && *in->csrf ? in->csrf : form_get(&r->body, "csrf");
		if (!sent || !r->csrf[0] || strlen(sent) != strlen(r->csrf) ||
		    sodium_memcmp(sent, r->csrf, strlen(r->csrf)) != 0) {
			refuse(r, 403, _("the form is out of date or did not come from this site (CSRF): reload and try again"));
			return;
		}
	}
	if (resolve_scope(r, rt) < 0)
		return;
	if (rt->fn(r) < 0 && !r->answered)
		refuse(r, 500, _("something went wrong on our side; nothing was changed"));
	else if (!r->answered)
		refuse(r, 500, _("the page gave no answer"));
}
