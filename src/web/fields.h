/* fields.h: form fields with their errors next to them, and the values kept on a failed
 * submit (nothing a user typed is lost).
 *
 *   struct field_errors fe = FIELD_ERRORS_INIT;
 *   if (!*amount) field_error(&fe, "amount", _("give the amount"));
 *   ...
 *   field_input(&b, &fe, "amount", _("Amount (yuan)"), "text", web_arg(r, "amount"), "inputmode=\"decimal\"");
 * A field with an error is marked aria-invalid and followed by its message.
 */
#ifndef WUYE_FIELDS_H
#define WUYE_FIELDS_H

#include "base/buf.h"

#define FIELD_MAX_ERRORS 16

struct field_errors {
	int n;
	struct {
		char name[48];
		char message[300];
	} e[FIELD_MAX_ERRORS];
};

#define FIELD_ERRORS_INIT { 0 }

void field_error(struct field_errors *fe, const char *name, const char *message);
const char *field_error_of(const struct field_errors *fe, const char *name);

/* <label>LABEL<input name=NAME type=TYPE value=VALUE ATTRS></label> (+ its error).  attrs is
 * trusted markup (a literal: required, maxlength=…). */
void field_input(struct buf *b, const struct field_errors *fe, const char *name, const char *label, const char *type,
		 const char *value, const char *attrs);
void field_textarea(struct buf *b, const struct field_errors *fe, const char *name, const char *label,
		    const char *value, const char *attrs);
/* options: value/label pairs ending with NULL; the one equal to value is selected. */
void field_select(struct buf *b, const struct field_errors *fe, const char *name, const char *label,
		  const char *const *options, const char *value);

#endif
