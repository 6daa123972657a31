/* settings.h: the frame the settings pages share (settings*.c): the section menu, the
 * project they are about, and the answer after a save.
 *
 * Each section is a GET page that renders its forms, and POST handlers that either
 * save, audit and come back to the page (303, "saved"), or render the page again with
 * the errors next to the fields and what was typed kept (400).
 */
#ifndef WUYE_SETTINGS_H
#define WUYE_SETTINGS_H

#include "base/buf.h"
#include "web/fields.h"
#include "web/pages/office.h"
#include "web/web.h"

#define settings_page office_page

/* Opens the page of a section ("project", "buildings", "fees", "policy", "templates",
 * "staff", "channels"): the frame, the section menu, the project picker, the notice of
 * a save.  -1 when the database does not answer. */
int settings_begin(struct web_req *r, struct settings_page *p, const char *section, const char *title);
/* Closes it and answers with status. */
int settings_end(struct web_req *r, struct settings_page *p, int status);
/* After a save: back to the section's page of the project, with the notice. */
int settings_saved(struct web_req *r, const char *path);
/* The current project's code (for audits and links), "" when none. */
const char *settings_code(const struct settings_page *p);

/* The section pages, which the POST handlers render again after a failed save (posted:
 * show what was typed, not what is stored). */
int settings_project_render(struct web_req *r, int status, const struct field_errors *fe, int posted);
int settings_buildings_render(struct web_req *r, int status, const struct field_errors *fe);
int settings_fees_render(struct web_req *r, int status, const struct field_errors *fe);
int settings_policy_render(struct web_req *r, int status, const char *problems, int posted);
int settings_templates_render(struct web_req *r, int status, const struct field_errors *fe, int posted);
int settings_staff_render(struct web_req *r, int status, const struct field_errors *fe);
int settings_channels_render(struct web_req *r, int status, const struct field_errors *fe, int posted);

#endif
