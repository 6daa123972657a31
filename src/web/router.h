/* router.h: the route table's shape and the dispatcher that enforces it.
 *
 * Each route says who may reach it (roles), how it answers (page or API), and what it is
 * scoped to; the dispatcher authenticates (session cookie, or an API token on API
 * routes), refuses what the table does not allow (401/403, never reaching the handler),
 * checks the CSRF token of every state-changing request made with a session, resolves
 * the scope, and only then calls the handler.  Add routes in routes.c.
 */
#ifndef WUYE_ROUTER_H
#define WUYE_ROUTER_H

#include "web/web.h"

#define F_API 0x1       /* JSON answers; API tokens accepted (a token request needs no CSRF) */
#define F_NO_CSRF 0x2   /* a POST without a session yet: the log-in form */
#define F_UNIT 0x4      /* {capture 0} is a unit id: it must exist, in one of the staff's projects */
#define F_PROJECT 0x8   /* ?project=CODE (default: the staff member's first project) must be theirs */
#define F_CASE 0x10     /* {capture 0} is a case id, likewise */
#define F_JOB 0x20      /* long work: the handler only queues it */
#define F_RECEIPT 0x40  /* {capture 0} is a receipt number ("HY-000001"): its payment must be of a
			 * project the staff member works on; r->unit_id is the payment's unit */

struct route {
	const char *method;  /* "GET" or "POST" */
	const char *pattern; /* "/units/{id}": a {capture} is one path segment */
	int (*fn)(struct web_req *r);
	unsigned roles;      /* R_ bits that may reach it; R_PUBLIC: anyone */
	unsigned flags;
	const char *name;    /* for metrics and the access log ("unit", "api.account") */
};

extern const struct route routes[];
extern const size_t routes_count;

/* Whether the route table lets the asking staff member reach the route written exactly
 * so (method and pattern, "/cashier/{id}"): for a page that offers a link or a form to
 * another route.  0 when there is no such route. */
int router_allows(const struct web_req *r, const char *method, const char *pattern);

/* Handles one request end to end: the answer is in r (status, headers, body).  *route_name
 * gets the matched route's name ("-" for none), for metrics. */
void router_dispatch(struct web_req *r, const struct web_in *in, const char **route_name);

#endif
