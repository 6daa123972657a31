/* i18n.c: message lookup in embedded GNU .mo catalogs. */
#include "i18n.h"

#include <stdint.h>
#include <string.h>

#include "embed.h"

static _Thread_local enum lang current = LANG_ZH;

void i18n_set_lang(enum lang l) { current = l; }
enum lang i18n_lang(void) { return current; }

int i18n_parse_lang(const char *s)
{
	if (!strncmp(s, "zh", 2))
		return LANG_ZH;
	if (!strncmp(s, "en", 2))
		return LANG_EN;
	return -1;
}

struct catalog {
	const unsigned char *data;
	size_t size;
	uint32_t n, orig, trans;
	int swapped;
};

static uint32_t rd32(const struct catalog *c, size_t off)
{
	uint32_t v;

	memcpy(&v, c->data + off, 4);
	if (c->swapped)
		v = __builtin_bswap32(v);
	return v;
}

static int catalog_load(struct catalog *c, const struct embedded_file *f)
{
	uint32_t magic;

	if (f->size < 28)
		return -1;
	c->data = f->data;
	c->size = f->size;
	memcpy(&magic, f->data, 4);
	if (magic == 0x950412de)
		c->swapped = 0;
	else if (magic == 0xde120495)
		c->swapped = 1;
	else
		return -1;
	c->n = rd32(c, 8);
	c->orig = rd32(c, 12);
	c->trans = rd32(c, 16);
	if ((size_t)c->orig + (size_t)c->n * 8 > c->size || (size_t)c->trans + (size_t)c->n * 8 > c->size)
		return -1;
	return 0;
}

static const char *catalog_find(const struct catalog *c, const char *msgid)
{
	uint32_t lo = 0, hi = c->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		uint32_t len = rd32(c, c->orig + (size_t)mid * 8);
		uint32_t off = rd32(c, c->orig + (size_t)mid * 8 + 4);
		int cmp;

		if ((size_t)off + len >= c->size)
			return NULL;
		cmp = strcmp(msgid, (const char *)c->data + off);
		if (!cmp) {
			uint32_t tlen = rd32(c, c->trans + (size_t)mid * 8);
			uint32_t toff = rd32(c, c->trans + (size_t)mid * 8 + 4);
			if ((size_t)toff + tlen >= c->size || !tlen)
				return NULL;
			return (const char *)c->data + toff;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static const struct catalog *zh_catalog(void)
{
	static struct catalog zh;
	static int state; /* 0 unknown, 1 loaded, -1 none; written once before threads start */

	if (!state) {
		state = -1;
		for (const struct embedded_file *f = embedded_mo; f->name; f++)
			if (!strcmp(f->name, "zh_CN.mo") && !catalog_load(&zh, f))
				state = 1;
	}
	return state == 1 ? &zh : NULL;
}

void i18n_init(void)
{
	zh_catalog();
}

const char *tr_lang(enum lang l, const char *msgid)
{
	const struct catalog *c;
	const char *t;

	if (l != LANG_ZH || !msgid || !*msgid)
		return msgid;
	c = zh_catalog();
	t = c ? catalog_find(c, msgid) : NULL;
	return t ? t : msgid;
}

const char *tr(const char *msgid)
{
	return tr_lang(current, msgid);
}
