/* fields.c: form fields with their errors. */
#include "web/fields.h"

#include <stdio.h>
#include <string.h>

#include "web/html.h"

void field_error(struct field_errors *fe, const char *name, const char *message)
{
	if (fe->n >= FIELD_MAX_ERRORS)
		return;
	snprintf(fe->e[fe->n].name, sizeof(fe->e[0].name), "%s", name);
	snprintf(fe->e[fe->n].message, sizeof(fe->e[0].message), "%s", message);
	if (strlen(message) >= sizeof(fe->e[0].message)) {
		/* cut at a character's start, never inside one (the page stays UTF-8) */
		char *m = fe->e[fe->n].message;
		size_t n = strlen(m);
		while (n && ((unsigned char)message[n] & 0xC0) == 0x80)
			n--;
		m[n] = '\0';
	}
	fe->n++;
}

const char *field_error_of(const struct field_errors *fe, const char *name)
{
	for (int i = 0; fe && i < fe->n; i++)
		if (!strcmp(fe->e[i].name, name))
			return fe->e[i].message;
	return NULL;
}

static void open_label(struct buf *b, const char *label)
{
	html(b, "<label>");
	html_text(b, label);
}

static void close_label(struct buf *b, const struct field_errors *fe, const char *name)
{
	const char *e = field_error_of(fe, name);

	html(b, "</label>");
	if (e)
		htmlf(b, "<p class=\"field-error\" id=\"err-%s\" role=\"alert\">%s</p>", name, e);
}

static void invalid(struct buf *b, const struct field_errors *fe, const char *name)
{
	if (field_error_of(fe, name))
		htmlf(b, " aria-invalid=\"true\" aria-describedby=\"err-%s\"", name);
}

void field_input(struct buf *b, const struct field_errors *fe, const char *name, const char *label, const char *type,
		 const char *value, const char *attrs)
{
	open_label(b, label);
	htmlf(b, "<input name=\"%s\" type=\"%s\" value=\"%s\"", name, type, value ? value : "");
	invalid(b, fe, name);
	if (attrs) {
		html(b, " ");
		html(b, attrs);
	}
	html(b, ">");
	close_label(b, fe, name);
}

void field_textarea(struct buf *b, const struct field_errors *fe, const char *name, const char *label,
		    const char *value, const char *attrs)
{
	open_label(b, label);
	htmlf(b, "<textarea name=\"%s\"", name);
	invalid(b, fe, name);
	if (attrs) {
		html(b, " ");
		html(b, attrs);
	}
	htmlf(b, ">%s</textarea>", value ? value : "");
	close_label(b, fe, name);
}

void field_select(struct buf *b, const struct field_errors *fe, const char *name, const char *label,
		  const char *const *options, const char *value)
{
	open_label(b, label);
	htmlf(b, "<select name=\"%s\"", name);
	invalid(b, fe, name);
	html(b, ">");
	for (int i = 0; options[i]; i += 2)
		htmlf(b, "<option value=\"%s\"%s>%s</option>", options[i], value && !strcmp(value, options[i]) ? " selected" : "",
		      options[i + 1]);
	html(b, "</select>");
	close_label(b, fe, name);
}
