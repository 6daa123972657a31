/* form.h: form bodies and query strings: application/x-www-form-urlencoded and
 * multipart/form-data (h2o parses neither), under limits.
 *
 * A parsed form owns copies of its names and values (NUL-terminated; a file's data may
 * hold NULs, its length is `len`).  Parsing refuses what is malformed or over a limit
 * with an error that says which, and never reads past the input.  Values are not
 * checked for UTF-8 here: form_text() does that for the fields a handler reads as text.
 */
#ifndef WUYE_FORM_H
#define WUYE_FORM_H

#include <stddef.h>

#include "base/buf.h"

#define FORM_MAX_FIELDS 256

struct form_field {
	char *name;
	char *value;          /* the value, or a file's contents */
	size_t len;
	char *filename;       /* multipart file parts: the name the browser gave, else NULL */
	char *content_type;   /* multipart parts: as sent, else NULL */
};

struct form {
	struct form_field *f;
	size_t n, alloc;
};

#define FORM_INIT { NULL, 0, 0 }

/* a=1&b=%E4%B8%AD&c (also for query strings); '+' is a space. */
int form_parse_urlencoded(struct form *f, const char *s, size_t len, struct buf *err);
/* The body of a multipart/form-data request whose Content-Type header is ctype. */
int form_parse_multipart(struct form *f, const char *ctype, const char *body, size_t len, struct buf *err);
void form_free(struct form *f);

/* The first field of that name, or NULL. */
const struct form_field *form_field(const struct form *f, const char *name);
/* Its value, or NULL when absent. */
const char *form_get(const struct form *f, const char *name);
/* A text field: trimmed, valid UTF-8 with no control characters but newline and tab, at
 * most max_chars characters.  Returns the value (or "" when absent), or NULL with err
 * naming the problem. */
const char *form_text(struct form *f, const char *name, size_t max_chars, struct buf *err);

/* Percent-decodes s[0..len) into out ('+' as space when plus_space). -1 on a bad escape. */
int url_decode(struct buf *out, const char *s, size_t len, int plus_space);

#endif
