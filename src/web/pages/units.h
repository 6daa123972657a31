/* units.h: what the 房屋与业主 (units.c) and 收银 (cashier.c) pages share. */
#ifndef WUYE_PAGES_UNITS_H
#define WUYE_PAGES_UNITS_H

#include <jansson.h>

#include "web/fields.h"
#include "web/web.h"

#define UNITS_LIST_MAX 50

/* The search page: the project switch, the search box and the units found, each linking
 * to link_base + id ("/units/", "/cashier/").  nav and title as layout_begin() takes
 * them.  An htmx request gets the list alone. */
int units_search_page(struct web_req *r, const char *nav, const char *title, const char *link_base);

/* A text field of a form: the trimmed value, or NULL with its error in fe (not valid
 * UTF-8, a control character, more than max_chars characters, or missing when
 * required).  shown gets what to put back into the field: the value as typed, with
 * bytes that are not UTF-8 replaced by U+FFFD. */
const char *units_text_field(struct form *f, const char *name, size_t max_chars, int required,
			     struct field_errors *fe, struct buf *shown);

/* Owners or contacts (the JSON of unit_card_json) as a list: names, phones (tel: links
 * when they are not masked), tags. */
void units_people(struct web_req *r, struct buf *b, json_t *people, int contacts);

/* Labels of stored codes, translated. */
const char *units_channel_label(const char *channel); /* payment channels */

/* JSON helpers: a string ("" when absent) and an integer. */
const char *units_jstr(json_t *o, const char *key);
int64_t units_jint(json_t *o, const char *key);

#endif
