/* collection.h: what the collection pages (tasks.c, contact.c, cases.c, case_actions.c,
 * approvals.c) share; their handlers are declared in web/pages.h. */
#ifndef WUYE_PAGES_COLLECTION_H
#define WUYE_PAGES_COLLECTION_H

#include <jansson.h>
#include <stdint.h>

#include "web/fields.h"
#include "web/web.h"

#define UI_NOTE_MAX 1000
#define UI_NOTE_MAX_S "1000"
/* A form that failed: which one, its fields' errors, and a problem with no one field. */
struct form_state {
	const char *form;
	struct field_errors fe;
	char flash[600];
};
struct contact_form {
	int64_t unit_id, case_id;  /* the unit it is logged on; the case page it came from (0: none) */
	const char *task;          /* a task's key ("12", "care-5"): posted with htmx into #task-KEY */
	const char *back;          /* where to go when it is logged (a path of this site) */
	const char *channel;       /* preset */
	const char *reason;        /* preset: the reason on file */
	json_t *phones;            /* the payer's numbers (offered to callers) */
	const struct form_state *state; /* a failed submit (values come back from the request) */
};
const char *jstr(json_t *o, const char *key);   /* "" when missing */
int64_t jint(json_t *o, const char *key);
int ui_may(const struct web_req *r, const char *method, const char *pattern);
/* A text field of the POST body (form_text): "" and its error in fe when it is not valid. */
const char *ui_text(struct web_req *r, struct field_errors *fe, const char *name, size_t max_chars);
/* Optional date and amount fields: DATE_MIN / 0 when empty; -1 and the error in fe when bad. */
int ui_date(struct field_errors *fe, const char *name, const char *value, int *day);
int ui_amount(struct field_errors *fe, const char *name, const char *value, int64_t *fen);
const char *ui_channel_label(const char *channel);
const char *ui_result_label(const char *result);
const char *ui_task_channel(const char *step, const char *channel);
/* Complaint categories and legal stages (casework.h) in words, and as a select's options. */
const char *ui_category_label(const char *category);
const char *ui_stage_label(const char *stage);
void ui_category_options(const char *opts[2 * 16 + 1]);
void ui_stage_options(const char *opts[2 * 16 + 1]);
void ui_reason_options(const char *opts[2 * 16 + 1], const char *none);
void ui_phone(const struct web_req *r, struct buf *b, const char *phone);
void ui_history(struct buf *b, json_t *contacts, int64_t case_id);
void ui_form_flash(struct buf *b, const struct form_state *fs, const char *form);
void ui_contact_form(struct web_req *r, struct buf *b, const struct contact_form *f);
/* A task as a card with its contact form (pages/tasks.c); staff: show whose it is. */
void task_card(struct web_req *r, struct buf *b, json_t *t, const char *back, int staff, const struct form_state *fs,
	       const char *notice);
/* The list of cases, with a failed batch form (pages/cases.c). */
int cases_page_render(struct web_req *r, int status, const struct form_state *fs);
/* The case page, with a failed form open (pages/cases.c). */
int case_page_render(struct web_req *r, int64_t case_id, int status, const struct form_state *fs);

#endif
