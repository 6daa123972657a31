/* office.c: what the office pages share (office.h). */
#include "web/pages/office.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/audit.h"
#include "core/unit.h"
#include "web/html.h"
#include "web/layout.h"

int office_projects(struct web_req *r, struct office_project **out, size_t *n)
{
	struct db_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (db_prepare(r->db, &st, "SELECT p.id, p.code, p.name FROM project p WHERE ? = 1 OR EXISTS (SELECT 1 FROM "
		       "staff_project sp WHERE sp.staff_id = ? AND sp.project_id = p.id) ORDER BY p.code", NULL) < 0)
		return -1;
	db_bind_int64(st, 1, r->staff.all_projects ? 1 : 0);
	db_bind_int64(st, 2, r->staff.id);
	while ((rc = db_step(st, NULL)) == 1) {
		struct office_project *p;
		XGROW(*out, alloc, *n + 1);
		p = &(*out)[(*n)++];
		p->id = db_col_int64(st, 0);
		snprintf(p->code, sizeof(p->code), "%s", db_col_text(st, 1));
		snprintf(p->name, sizeof(p->name), "%s", db_col_text(st, 2));
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

int office_page_begin(struct web_req *r, struct office_page *p, const char *title, const char *heading,
		      const char *nav)
{
	memset(p, 0, sizeof(*p));
	buf_init(&p->b);
	if (office_projects(r, &p->projects, &p->n) < 0)
		return -1;
	p->cur = office_current(r, p->projects, p->n);
	layout_begin(r, &p->b, title, nav);
	htmlf(&p->b, "<h1>%s</h1>", heading);
	if (!p->cur)
		layout_flash(&p->b, "error", _("You do not work on any project yet: an administrator adds you to one."));
	return 0;
}

int office_page_end(struct web_req *r, struct office_page *p, int status)
{
	layout_end(r, &p->b);
	web_html(r, status, &p->b);
	buf_release(&p->b);
	free(p->projects);
	return 0;
}

int office_one_project(const struct web_req *r)
{
	const char *code = web_arg(r, "project");
	return code && *code && r->project_id;
}

const struct office_project *office_current(const struct web_req *r, const struct office_project *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].id == r->project_id)
			return &p[i];
	return NULL;
}

void office_project_select(struct buf *b, const struct office_project *p, size_t n, int64_t selected, int with_all)
{
	htmlf(b, "<label>%s<select name=\"project\">", _("Project"));
	if (with_all)
		htmlf(b, "<option value=\"\"%s>%s</option>", selected ? "" : " selected", _("All my projects"));
	for (size_t i = 0; i < n; i++)
		htmlf(b, "<option value=\"%s\"%s>%s %s</option>", p[i].code, p[i].id == selected ? " selected" : "",
		      p[i].code, p[i].name);
	html(b, "</select></label>");
}

void office_project_switch(struct buf *b, const char *action, const struct office_project *p, size_t n,
			   int64_t selected, int with_all)
{
	if (n < 2)
		return;
	htmlf(b, "<form method=\"get\" action=\"%s\" class=\"filters\">", action);
	office_project_select(b, p, n, selected, with_all);
	htmlf(b, "<button type=\"submit\" class=\"secondary\">%s</button></form>", _("Show"));
}

const char *office_text(struct web_req *r, struct field_errors *fe, const char *name, const char *label, size_t max,
			int required)
{
	struct form *f = form_field(&r->body, name) ? &r->body : &r->query;
	struct buf err = BUF_INIT, msg = BUF_INIT;
	const char *v = form_text(f, name, max, &err);

	if (v && !*v && required) {
		buf_addf(&msg, _("give the %s"), label);
		field_error(fe, name, msg.buf);
		v = NULL;
	} else if (!v) {
		/* form_text says "NAME: what is wrong": the field is already named by its place */
		size_t k = strlen(name);
		const char *m = err.buf;
		if (!strncmp(m, name, k) && m[k] == ':' && m[k + 1] == ' ')
			m += k + 2;
		field_error(fe, name, m);
	}
	buf_release(&err);
	buf_release(&msg);
	return v;
}

int office_int(struct web_req *r, struct field_errors *fe, const char *name, const char *label, int64_t min,
	       int64_t max, int64_t dflt, int required, int64_t *out)
{
	const char *s = office_text(r, fe, name, label, 12, required);
	struct buf msg = BUF_INIT;

	*out = dflt;
	if (!s || !*s)
		return s ? 0 : -1;
	if (str_to_int64(s, min, max, out) < 0) {
		buf_addf(&msg, _("give a whole number from %lld to %lld"), (long long)min, (long long)max);
		field_error(fe, name, msg.buf);
		buf_release(&msg);
		return -1;
	}
	return 0;
}

const char *office_echo(const struct web_req *r, const char *name)
{
	const struct form_field *x = form_field(&r->body, name);

	if (!x)
		x = form_field(&r->query, name);
	if (!x || strlen(x->value) != x->len || !utf8_valid(x->value, x->len))
		return "";
	return x->value;
}

void office_problem_list(struct buf *b, const char *lines)
{
	const char *p = lines ? lines : "";

	html(b, "<ul class=\"problems\">");
	while (*p) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n) {
			html(b, "<li>");
			html_text_n(b, p, n);
			html(b, "</li>");
		}
		p += n + (end ? 1 : 0);
	}
	html(b, "</ul>");
}

/* A queued piece of office work, with the language of the page that queued it. */
struct queued {
	office_work_fn fn;
	void *arg;
	void (*free_arg)(void *);
	int lang;
};

static int run_queued(struct db *db, void *arg, struct job *j, struct buf *err)
{
	struct queued *q = arg;
	struct buf out = BUF_INIT;
	int rc;

	i18n_set_lang(q->lang);
	rc = q->fn(db, q->arg, j, &out, err);
	if (rc == 0)
		job_result_html(j, out.buf);
	buf_release(&out);
	return rc;
}

static void free_queued(void *arg)
{
	struct queued *q = arg;

	if (q->free_arg)
		q->free_arg(q->arg);
	free(q);
}

int64_t office_queue(struct web_req *r, const char *kind, office_work_fn fn, void *arg, void (*free_arg)(void *))
{
	struct queued *q = xcalloc(1, sizeof(*q));

	q->fn = fn;
	q->arg = arg;
	q->free_arg = free_arg;
	q->lang = r->lang;
	return jobs_submit(kind, r->staff.id, run_queued, q, free_queued);
}

void office_progress(struct job *j, long done, long total, const char *what)
{
	if (j)
		job_progress(j, done, total, what);
}

void office_job_block(struct buf *b, int64_t job_id)
{
	htmlf(b, "<div class=\"job\" hx-get=\"/jobs/%lld\" hx-trigger=\"load\" hx-swap=\"outerHTML\">"
		 "<progress></progress> <a href=\"/jobs/%lld\">%s</a></div>",
	      (long long)job_id, (long long)job_id, _("working: follow the progress"));
}

int office_project_code(struct db *db, int64_t id, char code[32])
{
	struct db_stmt *st;
	int rc;

	code[0] = '\0';
	if (db_cached(db, &st, "SELECT code FROM project WHERE id = ?", NULL) < 0)
		return -1;
	db_bind_int64(st, 1, id);
	if ((rc = db_step(st, NULL)) == 1)
		snprintf(code, 32, "%s", db_col_text(st, 0));
	db_reset(st);
	return rc == 1 ? 0 : -1;
}

int64_t office_unit_count(struct db *db, int64_t project_id)
{
	int64_t n = 0;

	db_run(db, &n, NULL, "SELECT COUNT(*) FROM unit WHERE project_id = ?", "i", project_id);
	return n;
}

void office_job_of_query(const struct web_req *r, struct buf *b)
{
	const char *job = web_arg(r, "job");
	int64_t id;

	if (job && str_to_int64(job, 1, INT64_MAX, &id) == 0)
		office_job_block(b, id);
}

void office_audit(struct db *db, int64_t staff_id, const char *client_ip, const char *action, const char *subject,
		  const char *detail)
{
	char origin[96];

	snprintf(origin, sizeof(origin), "web %s", client_ip);
	audit_record(db, staff_id, origin, action, subject, detail, NULL);
}
