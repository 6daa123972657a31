/* embed.h: files compiled into the binary by tools/embed.c (SQL migrations,
 * message catalogs, web assets).  Each table ends with a zeroed entry. */
#ifndef WUYE_EMBED_H
#define WUYE_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const unsigned char *data; /* NUL-terminated for convenience */
	size_t size;
};

extern const struct embedded_file embedded_sql[];
extern const struct embedded_file embedded_mo[];
extern const struct embedded_file embedded_assets[];

#endif
