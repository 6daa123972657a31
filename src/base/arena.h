/* arena.h: a bump allocator for batches (an import, a request): many small
 * allocations freed at once with arena_release(). */
#ifndef WUYE_ARENA_H
#define WUYE_ARENA_H

#include <stddef.h>

struct arena_block;
struct arena {
	struct arena_block *head;
	size_t used, size;
};
#define ARENA_INIT { NULL, 0, 0 }

void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
void arena_release(struct arena *a);

#endif
