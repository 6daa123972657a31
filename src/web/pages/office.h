/* office.h: what the office pages (工作台, 账单, 导入, 导出, 设置) share: the projects a
 * staff member works on and the picker for them, text fields checked at the edge, and
 * work that runs inline when it is small and on the job thread when it is not.
 */
#ifndef WUYE_OFFICE_H
#define WUYE_OFFICE_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "web/fields.h"
#include "web/jobs.h"
#include "web/web.h"

struct office_project {
	int64_t id;
	char code[32];
	char name[128];
};

/* A page of the office: its buffer, the projects the staff member works on, and the one
 * the page is about (r->project_id; NULL when they work on none). */
struct office_page {
	struct buf b;
	struct office_project *projects;
	size_t n;
	const struct office_project *cur;
};
/* Opens the page: the frame (layout_begin with nav), the heading, and a notice when the
 * staff member works on no project.  -1 when the database does not answer. */
int office_page_begin(struct web_req *r, struct office_page *p, const char *title, const char *heading,
		      const char *nav);
/* Closes it, answers with status and frees it. */
int office_page_end(struct web_req *r, struct office_page *p, int status);

/* The projects the asking staff member works on (admin: every one), by code.  *out is
 * the caller's (free it); -1 when the database does not answer. */
int office_projects(struct web_req *r, struct office_project **out, size_t *n);
/* Whether the request names one project (?project=CODE, which the router checked is
 * theirs: r->project_id), rather than all of them. */
int office_one_project(const struct web_req *r);
/* The project r->project_id among the list (NULL when none). */
const struct office_project *office_current(const struct web_req *r, const struct office_project *p, size_t n);
/* <select name="project"> over the list; with_all adds "all my projects" (value ""). */
void office_project_select(struct buf *b, const struct office_project *p, size_t n, int64_t selected, int with_all);
/* A small form that shows the page (action) for another project, when there are several. */
void office_project_switch(struct buf *b, const char *action, const struct office_project *p, size_t n,
			   int64_t selected, int with_all);

/* A text field of the request checked at the edge (form.h form_text: valid UTF-8, no
 * control characters, at most max characters), trimmed.  On a problem the error goes
 * next to the field (fe) and NULL comes back; an absent field is "" (required: an
 * error "give …" with the label). */
const char *office_text(struct web_req *r, struct field_errors *fe, const char *name, const char *label, size_t max,
			int required);
/* A whole number field within [min, max] (dflt when empty and not required); the error
 * goes next to the field.  0, or -1. */
int office_int(struct web_req *r, struct field_errors *fe, const char *name, const char *label, int64_t min,
	       int64_t max, int64_t dflt, int required, int64_t *out);
/* What to show back in a field after a failed submit: the value as typed when it is
 * text, else "" (invalid UTF-8 is never written into a page). */
const char *office_echo(const struct web_req *r, const char *name);
/* Every line of a multi-line message (core errors: one problem per line) as a list. */
void office_problem_list(struct buf *b, const char *lines);

/* Work that is done inline for small inputs and on the job thread for large ones: it
 * writes what the page shows into html (escaped) and returns 0, or -1 with err.  j is
 * NULL inline; office_progress() ignores it then. */
typedef int (*office_work_fn)(struct db *db, void *arg, struct job *j, struct buf *html, struct buf *err);
/* Queues fn(arg) on the job thread in the asker's language; the job's result is the
 * html it writes.  free_arg (may be NULL) frees arg after. */
int64_t office_queue(struct web_req *r, const char *kind, office_work_fn fn, void *arg, void (*free_arg)(void *));
void office_progress(struct job *j, long done, long total, const char *what);
/* The block that follows a job's progress until it is done (htmx), with a link to the
 * job's page for browsers without scripts. */
void office_job_block(struct buf *b, int64_t job_id);
/* The block of the job a page was sent back with (?job=ID), if any. */
void office_job_of_query(const struct web_req *r, struct buf *b);

/* The code of project id into code ("" and -1 when there is none). */
int office_project_code(struct db *db, int64_t id, char code[32]);
/* How many units a project has (to choose between inline work and the job thread). */
int64_t office_unit_count(struct db *db, int64_t project_id);

/* An audit record from the job thread, in the form web_audit() writes. */
void office_audit(struct db *db, int64_t staff_id, const char *client_ip, const char *action, const char *subject,
		  const char *detail);

#endif
