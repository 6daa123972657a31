/* web.h: what a page or API handler sees: the request, who is asking, the database,
 * and how to answer.
 *
 * Handlers are short and run inline on their thread's event loop with that thread's
 * own database connection; long work (imports, bill runs, PDF batches) goes to the job
 * thread (jobs.h) and the page polls its progress.  A handler reads the request from
 * `r`, calls core functions, and answers with one of web_html(), web_json(),
 * web_redirect(), web_error(), web_send_file() — exactly one, or it returns -1 and the
 * router answers 500.  Rights are not checked in handlers: the route table (routes.c)
 * says which roles reach a route, whether it is scoped to a unit or project the staff
 * member must work on, and the router checks CSRF on every POST.
 *
 * To add a page: write `int page_foo(struct web_req *r)` in src/web/pages/foo.c,
 * declare it in src/web/pages.h, add its line to the table in src/web/routes.c.
 */
#ifndef WUYE_WEB_H
#define WUYE_WEB_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "core/staff.h"
#include "store/db.h"
#include "web/form.h"

/* Roles as bits, for the route table. */
enum {
	R_ADMIN = 1 << 0, R_MANAGER = 1 << 1, R_STEWARD = 1 << 2, R_SERVICE = 1 << 3, R_CASHIER = 1 << 4,
	R_MAINTENANCE = 1 << 5, R_LEGAL = 1 << 6, R_COMMITTEE = 1 << 7,
	R_STAFF = 0xff,          /* anyone logged in */
	R_PUBLIC = 1 << 8,       /* no log-in needed */
};
/* Who may see owners' full phone numbers: those who call them. */
#define R_CALLERS (R_ADMIN | R_MANAGER | R_STEWARD | R_SERVICE | R_LEGAL)

#define WEB_MAX_PARAMS 4

struct web_header {
	char *name, *value;
};

struct web_req {
	/* the request */
	const char *method;      /* "GET", "POST", … */
	const char *path;        /* decoded, without the query */
	const char *raw_query;   /* as sent, "" when none */
	struct form query;       /* the query string's fields */
	struct form body;        /* a POST's fields (urlencoded or multipart) */
	const char *body_raw;    /* the request body as sent (API routes read JSON from it) */
	size_t body_len;
	const char *params[WEB_MAX_PARAMS]; /* the route's {captures}, in order */
	int nparams;
	char client_ip[64];
	const char *cookie_header; /* as sent (NULL when none) */
	const char *user_agent;
	int is_htmx;             /* sent by htmx (HX-Request): answer with the fragment */
	int wants_json;          /* an API route */

	/* who asks, in what scope */
	struct staff staff;      /* id 0 when nobody is logged in */
	int role_bit;            /* the staff member's R_ bit */
	int via_token;           /* authenticated by an API token, not a session */
	char csrf[65];           /* the session's CSRF token (for forms) */
	int64_t project_id;      /* the project the route is scoped to (0: none) */
	int64_t unit_id;         /* the unit of a unit-scoped route (0: none) */
	int today;               /* the business day (Asia/Shanghai, or --today) */
	int lang;                /* enum lang of the answer */
	struct db *db;

	/* the answer */
	int status;
	const char *content_type;
	struct buf out;
	struct web_header headers[12];
	int nheaders;
	int answered;

	void *impl;              /* the server's own (h2o) request */
	char *path_copy;         /* the captures point into it */
};

/* What the router reads of the request's headers. */
struct web_in {
	const char *cookie;        /* Cookie */
	const char *authorization; /* Authorization */
	const char *csrf;          /* X-CSRF-Token (htmx sends it) */
};

/* Answers with an HTML page or fragment (takes the buffer's contents). */
int web_html(struct web_req *r, int status, struct buf *body);
/* Answers with JSON (takes a reference to v). */
int web_json(struct web_req *r, int status, json_t *v);
/* 303 See Other to a path of this site. */
int web_redirect(struct web_req *r, const char *location);
/* An error in the form of the route: a page with the message, or {"error": message}. */
int web_error(struct web_req *r, int status, const char *message);
/* A download: bytes with a type and a file name (Content-Disposition). */
int web_send_bytes(struct web_req *r, const char *content_type, const char *filename, const void *data, size_t len);
/* A download made by a writer that only writes files (PDF, .xlsx): `write` writes it to a
 * fresh private temporary path ending in `suffix`, which is read back, sent and removed.
 * -1 when the writer fails (its error is logged). */
int web_send_written(struct web_req *r, const char *suffix, const char *content_type, const char *filename,
		     int (*write)(const char *path, void *arg, struct buf *err), void *arg);
void web_add_header(struct web_req *r, const char *name, const char *value);

/* The route's {capture} number i as an id (0 when not a positive integer). */
int64_t web_param_id(const struct web_req *r, int i);
/* A query or body field (NULL when absent). */
const char *web_arg(const struct web_req *r, const char *name);

/* Whether the asking staff member may see full phone numbers (else masked). */
int web_may_see_phones(const struct web_req *r);

/* Writes an audit record of a change or of an export of personal data, with who, when
 * and from where (best effort, in the caller's transaction when one is open). */
void web_audit(struct web_req *r, const char *action, const char *subject, const char *detail);

int web_role_bit(const char *role);

#endif
