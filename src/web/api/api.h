/* api.h: what the JSON API's handlers (one file per resource in src/web/api/) share:
 * the request body read as a JSON object under a size cap with its fields declared,
 * typed field readers, query parameters, the unit a body names, and errors that name
 * the field at fault.
 *
 * Every reader that finds something wrong answers the request itself (400 with
 * {"error": "FIELD: what is wrong", "status": 400, "field": "FIELD"}, or 403, 413) and
 * returns -1; the handler then returns 0 at once.  A reader returns 0 when an optional
 * field is absent (leaving *out alone) and 1 when it read a value.
 */
#ifndef WUYE_WEB_API_H
#define WUYE_WEB_API_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "web/web.h"

/* Largest body an API route reads unless it says otherwise (a payment, a contact). */
#define API_BODY_MAX (16 * 1024)

/* 400 naming the field: "FIELD: message". */
int api_bad(struct web_req *r, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The body as a JSON object (Content-Type application/json) of at most max bytes whose
 * keys are all among `fields` (NULL-terminated): 413 when larger, 400 when it is not
 * JSON, not an object, or has a field not listed. */
int api_body(struct web_req *r, size_t max, const char *const *fields, json_t **out);

/* An integer within [min, max]. */
int api_int(struct web_req *r, json_t *o, const char *name, int required, int64_t min, int64_t max, int64_t *out);
/* A string of at most max_chars characters, trimmed, without control characters
 * (multiline allows newlines and tabs); required means present and not blank. */
int api_text(struct web_req *r, json_t *o, const char *name, int required, size_t max_chars, int multiline,
	     const char **out);
int api_bool(struct web_req *r, json_t *o, const char *name, int *out);
/* A day written YYYY-MM-DD. */
int api_day(struct web_req *r, json_t *o, const char *name, int *out);
/* An amount: `fen_name` as integer fen, or `yuan_name` as "165.70" (a string, or a
 * number with at most two decimals); one of the two, not both.  More than 0, at most
 * ¥100,000,000. */
int api_amount(struct web_req *r, json_t *o, const char *fen_name, const char *yuan_name, int required, int64_t *fen);
/* The unit a body names by id (an integer) or by name ("HY/3-2-1201"): 400 when there
 * is no such unit, 403 when it is in a project the staff member does not work on.
 * Sets r->unit_id and r->project_id; unit_name gets its full name. */
int api_body_unit(struct web_req *r, json_t *o, const char *name, int64_t *unit_id, struct buf *unit_name);

/* The query string's parameters are all among `names` (else 400 naming the stranger). */
int api_query_known(struct web_req *r, const char *const *names);
/* A query parameter as an integer within [min, max], def when absent. */
int api_query_int(struct web_req *r, const char *name, int64_t def, int64_t min, int64_t max, int64_t *out);
/* A query parameter as text of at most max_chars characters ("" when absent). */
int api_query_text(struct web_req *r, const char *name, size_t max_chars, const char **out);

/* Answers with v (taking the reference) and the status. */
int api_send(struct web_req *r, int status, json_t *v);
/* Answers 500 (the error's text, when err holds one, goes to the server's log, not to
 * the client) and releases err (which may be NULL). */
int api_fail(struct web_req *r, struct buf *err);

#endif
