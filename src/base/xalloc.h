/* xalloc.h: allocation wrappers that abort loudly when memory runs out.
 *
 * Every allocation in wuye goes through these, so an out-of-memory condition is one
 * clear message instead of a NULL dereference somewhere far away, and so tests can
 * count allocations.  None of them ever returns NULL.
 */
#ifndef WUYE_XALLOC_H
#define WUYE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow *p (an array of *alloc elements of elem bytes) to hold at least need elements. */
void xgrow(void **p, size_t *alloc, size_t need, size_t elem);

#define XGROW(arr, alloc, need) xgrow((void **)&(arr), &(alloc), (need), sizeof(*(arr)))

#endif
