/* system.c: /healthz, /metrics, the embedded assets, job progress. */
#include <stdio.h>
#include <string.h>

#include "base/embed.h"
#include "base/i18n.h"
#include "web/html.h"
#include "web/jobs.h"
#include "web/layout.h"
#include "web/metrics.h"
#include "web/pages.h"

int page_healthz(struct web_req *r)
{
	struct buf b = BUF_INIT;
	int64_t one = 0;
	int ok = db_run(r->db, &one, NULL, "SELECT 1", "") == 1;

	buf_adds(&b, ok ? "ok\n" : "database unavailable\n");
	web_html(r, ok ? 200 : 503, &b);
	r->content_type = "text/plain; charset=utf-8";
	buf_release(&b);
	return 0;
}

int page_metrics(struct web_req *r)
{
	struct buf b = BUF_INIT;

	metrics_render(&b);
	web_html(r, 200, &b);
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	buf_release(&b);
	return 0;
}

static const char *mime(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && !strcmp(dot, ".js"))
		return "text/javascript; charset=utf-8";
	if (dot && !strcmp(dot, ".css"))
		return "text/css; charset=utf-8";
	if (dot && !strcmp(dot, ".svg"))
		return "image/svg+xml";
	return "application/octet-stream";
}

int page_asset(struct web_req *r)
{
	const char *name = r->nparams ? r->params[0] : "";

	for (const struct embedded_file *f = embedded_assets; f->name; f++)
		if (!strcmp(f->name, name)) {
			web_send_bytes(r, mime(name), NULL, f->data, f->size);
			web_add_header(r, "cache-control", "public, max-age=3600");
			return 0;
		}
	return web_error(r, 404, _("not found"));
}

/* A job's progress, as a fragment htmx polls until it is done. */
int page_job(struct web_req *r)
{
	struct job_status s;
	struct buf b = BUF_INIT;
	int64_t id = web_param_id(r, 0);

	if (!jobs_status(id, &s))
		return web_error(r, 404, _("no such job"));
	if (s.staff_id != r->staff.id && !(r->role_bit & (R_ADMIN | R_MANAGER))) {
		job_status_free(&s);
		return web_error(r, 404, _("no such job"));
	}
	layout_begin(r, &b, _("Progress"), NULL);
	if (s.state == JOB_QUEUED || s.state == JOB_RUNNING) {
		/* polled every second until done */
		htmlf(&b, "<div class=\"job\" hx-get=\"/jobs/%lld\" hx-trigger=\"load delay:1s\" hx-swap=\"outerHTML\">",
		      (long long)id);
		if (s.total > 0)
			htmlf(&b, "<progress value=\"%ld\" max=\"%ld\"></progress> %ld / %ld", s.done, s.total, s.done, s.total);
		else
			html(&b, "<progress></progress>");
		htmlf(&b, " <span>%s</span></div>", s.what[0] ? s.what : (s.state == JOB_QUEUED ? _("waiting") : _("working")));
	} else if (s.state == JOB_FAILED) {
		html(&b, "<div class=\"job\">");
		layout_flash(&b, "error", s.error);
		html(&b, "</div>");
	} else {
		html(&b, "<div class=\"job done\">");
		if (s.html)
			html(&b, s.html); /* written escaped by the job */
		if (s.file)
			htmlf(&b, "<a class=\"button\" href=\"/jobs/%lld/file\">%s %s</a>", (long long)id, _("Download"), s.file_name);
		html(&b, "</div>");
	}
	layout_end(r, &b);
	web_html(r, 200, &b);
	buf_release(&b);
	job_status_free(&s);
	return 0;
}

/* The answer's type must outlive the job's status copy (r->content_type is a pointer):
 * the types jobs make, as literals. */
static const char *download_type(const char *type)
{
	static const char *const types[] = {
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/pdf",
		"application/zip", "text/csv; charset=utf-8", NULL,
	};
	for (int i = 0; types[i]; i++)
		if (!strcmp(types[i], type))
			return types[i];
	return "application/octet-stream";
}

int page_job_download(struct web_req *r)
{
	struct job_status s;
	int64_t id = web_param_id(r, 0);

	if (!jobs_status(id, &s) || (s.staff_id != r->staff.id && !(r->role_bit & (R_ADMIN | R_MANAGER))) || !s.file) {
		if (s.id)
			job_status_free(&s);
		return web_error(r, 404, _("no such file"));
	}
	web_send_bytes(r, download_type(s.file_type), s.file_name, s.file, s.file_len);
	job_status_free(&s);
	return 0;
}
