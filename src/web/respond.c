/* respond.c: the ways a handler answers (filling the request's answer; server.c sends it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/tmpfile.h"
#include "base/xalloc.h"
#include "core/audit.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/web.h"

void web_add_header(struct web_req *r, const char *name, const char *value)
{
	if (r->nheaders >= (int)(sizeof(r->headers) / sizeof(r->headers[0])))
		return;
	r->headers[r->nheaders].name = xstrdup(name);
	r->headers[r->nheaders].value = xstrdup(value);
	r->nheaders++;
}

int web_html(struct web_req *r, int status, struct buf *body)
{
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
	buf_reset(&r->out);
	buf_add(&r->out, body->buf ? body->buf : "", body->len);
	r->answered = 1;
	return 0;
}

int web_json(struct web_req *r, int status, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT);

	r->status = status;
	r->content_type = "application/json; charset=utf-8";
	buf_reset(&r->out);
	buf_adds(&r->out, s ? s : "null");
	free(s);
	r->answered = 1;
	return 0;
}

int web_redirect(struct web_req *r, const char *location)
{
	/* only paths of this site: never an open redirect */
	if (!location || location[0] != '/' || location[1] == '/' || location[1] == '\\')
		location = "/";
	r->status = 303;
	r->content_type = "text/plain; charset=utf-8";
	buf_reset(&r->out);
	web_add_header(r, "location", location);
	r->answered = 1;
	return 0;
}

int web_error(struct web_req *r, int status, const char *message)
{
	if (r->wants_json) {
		json_t *j = json_pack("{s:s,s:i}", "error", message, "status", status);
		web_json(r, status, j);
		json_decref(j);
		return 0;
	}
	{
		struct buf b = BUF_INIT;
		layout_error_page(r, &b, status, message);
		web_html(r, status, &b);
		buf_release(&b);
	}
	return 0;
}

int web_send_bytes(struct web_req *r, const char *content_type, const char *filename, const void *data, size_t len)
{
	struct buf cd = BUF_INIT;

	r->status = 200;
	r->content_type = content_type;
	buf_reset(&r->out);
	buf_add(&r->out, data, len);
	if (filename) {
		/* RFC 6266: an ASCII fallback, and the UTF-8 name */
		buf_adds(&cd, "attachment; filename=\"download\"; filename*=UTF-8''");
		html_url(&cd, filename);
		web_add_header(r, "content-disposition", cd.buf);
	}
	buf_release(&cd);
	r->answered = 1;
	return 0;
}

int64_t web_param_id(const struct web_req *r, int i)
{
	const char *s;
	int64_t v = 0;

	if (i < 0 || i >= r->nparams || !(s = r->params[i]) || !*s || strlen(s) > 18)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

const char *web_arg(const struct web_req *r, const char *name)
{
	const char *v = form_get(&r->body, name);
	return v ? v : form_get(&r->query, name);
}

int web_may_see_phones(const struct web_req *r)
{
	return (r->role_bit & R_CALLERS) != 0;
}

void web_audit(struct web_req *r, const char *action, const char *subject, const char *detail)
{
	char origin[96];

	snprintf(origin, sizeof(origin), "web %s", r->client_ip);
	audit_record(r->db, r->staff.id, origin, action, subject, detail, NULL);
}

int web_send_written(struct web_req *r, const char *suffix, const char *content_type, const char *filename,
		     int (*write)(const char *path, void *arg, struct buf *err), void *arg)
{
	struct buf err = BUF_INIT, data = BUF_INIT, name = BUF_INIT;
	int rc;

	buf_addf(&name, "file%s", suffix);
	rc = tmpfile_bytes(name.buf, write, arg, &data, &err);
	if (rc == 0)
		rc = web_send_bytes(r, content_type, filename, data.buf, data.len);
	else
		fprintf(stderr, "wuye: %s: %s\n", filename, err.buf);
	buf_release(&err);
	buf_release(&data);
	buf_release(&name);
	return rc;
}
