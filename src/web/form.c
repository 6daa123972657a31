/* form.c: urlencoded and multipart form parsing. */
#include "web/form.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/str.h"
#include "base/xalloc.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int url_decode(struct buf *out, const char *s, size_t len, int plus_space)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%') {
			int hi, lo;
			if (i + 2 >= len || (hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
				return -1;
			buf_addch(out, hi * 16 + lo);
			i += 2;
		} else if (s[i] == '+' && plus_space)
			buf_addch(out, ' ');
		else
			buf_addch(out, s[i]);
	}
	return 0;
}

static struct form_field *add(struct form *f, struct buf *err)
{
	struct form_field *x;

	if (f->n >= FORM_MAX_FIELDS) {
		error(err, _("the form has more than %d fields"), FORM_MAX_FIELDS);
		return NULL;
	}
	XGROW(f->f, f->alloc, f->n + 1);
	x = &f->f[f->n++];
	memset(x, 0, sizeof(*x));
	return x;
}

int form_parse_urlencoded(struct form *f, const char *s, size_t len, struct buf *err)
{
	size_t i = 0;
	struct buf name = BUF_INIT, value = BUF_INIT;
	int rc = 0;

	while (i < len && rc == 0) {
		size_t amp = i, eq;
		struct form_field *x;
		while (amp < len && s[amp] != '&')
			amp++;
		for (eq = i; eq < amp && s[eq] != '='; eq++)
			;
		if (amp > i) {
			buf_reset(&name);
			buf_reset(&value);
			if (url_decode(&name, s + i, eq - i, 1) < 0 ||
			    (eq < amp && url_decode(&value, s + eq + 1, amp - eq - 1, 1) < 0)) {
				rc = error(err, _("a form field is not properly encoded (a bad %%-escape)"));
				break;
			}
			if (!(x = add(f, err))) {
				rc = -1;
				break;
			}
			x->name = xstrndup(name.buf ? name.buf : "", name.len);
			x->value = xmalloc(value.len + 1);
			if (value.len)
				memcpy(x->value, value.buf, value.len);
			x->value[value.len] = '\0';
			x->len = value.len;
		}
		i = amp + 1;
	}
	buf_release(&name);
	buf_release(&value);
	return rc;
}

/* The value of a parameter in a header value: boundary=xyz, name="a b". */
static char *header_param(const char *h, size_t hlen, const char *key)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i + klen < hlen; i++) {
		if ((i == 0 || h[i - 1] == ';' || h[i - 1] == ' ' || h[i - 1] == '\t') && !strncasecmp(h + i, key, klen) &&
		    h[i + klen] == '=') {
			const char *v = h + i + klen + 1, *end = h + hlen;
			if (v < end && *v == '"') {
				const char *q = memchr(v + 1, '"', (size_t)(end - v - 1));
				return q ? xstrndup(v + 1, (size_t)(q - v - 1)) : NULL;
			}
			{
				const char *e = v;
				while (e < end && *e != ';' && *e != ' ' && *e != '\t' && *e != '\r')
					e++;
				return xstrndup(v, (size_t)(e - v));
			}
		}
	}
	return NULL;
}

static const char *find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0 || hlen < nlen)
		return NULL;
	for (const char *p = hay; (p = memchr(p, needle[0], hlen - (size_t)(p - hay) - nlen + 1)) != NULL; p++)
		if (!memcmp(p, needle, nlen))
			return p;
	return NULL;
}

int form_parse_multipart(struct form *f, const char *ctype, const char *body, size_t len, struct buf *err)
{
	char *boundary = ctype ? header_param(ctype, strlen(ctype), "boundary") : NULL;
	struct buf delim = BUF_INIT, sep = BUF_INIT; /* "--B" and "\r\n--B" */
	const char *p, *end = body + len;
	int rc = -1;

	if (!boundary || !*boundary || strlen(boundary) > 70) {
		error(err, _("the upload has no usable multipart boundary"));
		goto out;
	}
	buf_addf(&delim, "--%s", boundary);
	buf_addf(&sep, "\r\n--%s", boundary);
	p = find(body, len, delim.buf, delim.len);
	if (!p) {
		error(err, _("the upload is not a multipart form"));
		goto out;
	}
	for (;;) {
		const char *headers, *hend, *data, *next;
		char *name = NULL, *filename = NULL, *type = NULL;
		struct form_field *x;

		p += delim.len;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break; /* the closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n') {
			error(err, _("the upload is cut short"));
			goto out;
		}
		headers = p + 2;
		hend = find(headers, (size_t)(end - headers), "\r\n\r\n", 4);
		if (!hend) {
			error(err, _("the upload is cut short"));
			goto out;
		}
		/* the part's headers, one per line; a NUL has no place in them (it would cut a
		 * file's name short unseen) */
		if (memchr(headers, '\0', (size_t)(hend - headers))) {
			error(err, _("an upload part's header holds a NUL byte"));
			goto out;
		}
		for (const char *h = headers; h < hend;) {
			const char *eol = find(h, (size_t)(hend - h) + 2, "\r\n", 2);
			size_t hl = (size_t)((eol ? eol : hend) - h);
			if (hl > 20 && !strncasecmp(h, "Content-Disposition:", 20)) {
				free(name);
				free(filename);
				name = header_param(h + 20, hl - 20, "name");
				filename = header_param(h + 20, hl - 20, "filename");
			} else if (hl > 13 && !strncasecmp(h, "Content-Type:", 13)) {
				const char *v = h + 13;
				while (v < h + hl && (*v == ' ' || *v == '\t'))
					v++;
				free(type);
				type = xstrndup(v, (size_t)(h + hl - v));
			}
			h = (eol ? eol : hend) + 2;
		}
		data = hend + 4;
		next = find(data, (size_t)(end - data), sep.buf, sep.len);
		if (!next || !name) {
			free(name);
			free(filename);
			free(type);
			error(err, next ? _("an upload part has no name") : _("the upload is cut short"));
			goto out;
		}
		if (!(x = add(f, err))) {
			free(name);
			free(filename);
			free(type);
			goto out;
		}
		x->name = name;
		x->filename = filename;
		x->content_type = type;
		x->len = (size_t)(next - data);
		x->value = xmalloc(x->len + 1);
		if (x->len)
			memcpy(x->value, data, x->len);
		x->value[x->len] = '\0';
		p = next + 2; /* at the "--boundary" */
	}
	rc = 0;
out:
	free(boundary);
	buf_release(&delim);
	buf_release(&sep);
	return rc;
}

void form_free(struct form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->f[i].name);
		free(f->f[i].value);
		free(f->f[i].filename);
		free(f->f[i].content_type);
	}
	free(f->f);
	memset(f, 0, sizeof(*f));
}

static struct form_field *lookup(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->f[i].name, name))
			return &f->f[i];
	return NULL;
}

const struct form_field *form_field(const struct form *f, const char *name)
{
	return lookup(f, name);
}

const char *form_get(const struct form *f, const char *name)
{
	const struct form_field *x = form_field(f, name);
	return x ? x->value : NULL;
}

const char *form_text(struct form *f, const char *name, size_t max_chars, struct buf *err)
{
	struct form_field *x = lookup(f, name);
	size_t chars = 0;

	if (!x)
		return "";
	if (strlen(x->value) != x->len || !utf8_valid(x->value, x->len)) {
		error(err, _("%s: not valid text (UTF-8)"), name);
		return NULL;
	}
	for (const unsigned char *p = (const unsigned char *)x->value; *p; p++) {
		if (*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r') {
			error(err, _("%s: contains a control character"), name);
			return NULL;
		}
		chars += (*p & 0xC0) != 0x80;
	}
	if (chars > max_chars) {
		error(err, _("%s: at most %zu characters"), name, max_chars);
		return NULL;
	}
	str_trim(x->value);
	x->len = strlen(x->value);
	return x->value;
}
