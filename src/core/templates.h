/* templates.h: the wording of automatic messages, per step and channel, with variables.
 *
 * A template is text with {variables}: {name} (the owner's name with the honorific, "王伟业主";
 * a developer's account by its name), {units}, {months}, {amount}, {due}, {deadline},
 * {link}, {office_phone}, {project}, {today}.  "{{" and "}}" are literal braces.  The
 * built-in templates are neutral bill notices (SMS providers reject 催款 wording); a
 * project may store its own (`wuye template set`), checked when saved.  SMS and WeChat
 * templates also name the template the vendor approved (vendor_template): the gateway
 * gets the variables, in the order the text uses them, and renders the same words.
 */
#ifndef WUYE_TEMPLATES_H
#define WUYE_TEMPLATES_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

enum template_var {
	TV_NAME, TV_UNITS, TV_MONTHS, TV_AMOUNT, TV_DUE, TV_DEADLINE, TV_LINK, TV_OFFICE_PHONE, TV_PROJECT,
	TV_TODAY, TV_COUNT
};

extern const char *const template_var_names[TV_COUNT];
/* What a variable stands for, in words (for `wuye template vars`). */
const char *template_var_help(int var);

/* The values of one message's variables (NULL or "" where a value is not known). */
struct template_values {
	const char *v[TV_COUNT];
};

struct template {
	char step[32], channel[16];
	char *subject, *body, *vendor_template; /* owned */
	int builtin;                            /* 1: not stored by the project */
};

/* Checks a template's text: every {variable} known, braces balanced.  The error names
 * the variable and its position. */
int template_check(const char *text, struct buf *err);
/* The variables a text uses, in order of first use (at most TV_COUNT; returns the count). */
int template_vars_used(const char *text, int out[TV_COUNT]);
/* Renders a checked text. */
void template_render(struct buf *out, const char *text, const struct template_values *v);
/* {"name":"王伟业主",…} appended to out: the variables the text uses, in its order, for
 * the gateway; text NULL: every variable, in template_var_names order. */
void template_params_text(struct buf *out, const char *text, const struct template_values *v);
/* The values named in a params object (pointers into it). */
void template_values_from_json(struct template_values *v, const json_t *params);

/* The template in force for a project, step and channel (the project's, else built-in);
 * 0, or -1 when the step has no message on that channel. */
int template_get(struct db *db, int64_t project_id, const char *step, const char *channel, struct template *out,
		 struct buf *err);
void template_free(struct template *t);
/* Stores a project's template after checking it. */
int template_store(struct db *db, int64_t project_id, const char *step, const char *channel, const char *subject,
		   const char *body, const char *vendor_template, int64_t staff_id, struct buf *err);
/* Drops a project's own template: the built-in one is used again. */
int template_reset(struct db *db, int64_t project_id, const char *step, const char *channel, struct buf *err);
/* The steps that have messages ("prenotice", "reminder", "greeting", …) and channels. */
extern const char *const template_steps[];
extern const char *const template_channels[];

#endif
