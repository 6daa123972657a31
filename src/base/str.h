/* str.h: small string helpers (UTF-8 aware where it matters). */
#ifndef WUYE_STR_H
#define WUYE_STR_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* 1 if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t len);
/* Columns a UTF-8 string takes in a terminal: CJK and fullwidth characters count 2. */
size_t utf8_width(const char *s);
/* Trim ASCII blanks and the ideographic space U+3000 and NBSP from both ends, in place. */
char *str_trim(char *s);
int str_starts_with(const char *s, const char *prefix);
int str_ends_with(const char *s, const char *suffix);
/* strtonum in OpenBSD's spirit: the whole string a decimal integer within [min, max]. */
int str_to_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* A list of owned strings. */
struct strlist {
	char **items;
	size_t nr, alloc;
};
#define STRLIST_INIT { NULL, 0, 0 }
void strlist_add(struct strlist *l, const char *s);
void strlist_add_n(struct strlist *l, const char *s, size_t n);
void strlist_clear(struct strlist *l);
/* Splits s at any of the separators (each a UTF-8 string, NULL-terminated array);
 * pieces are trimmed and empty ones dropped. */
void str_split_any(struct strlist *out, const char *s, const char *const *seps);

#endif
