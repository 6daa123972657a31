/* arena.c: bump allocation in 64 KiB blocks (bigger requests get their own block). */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct arena_block {
	struct arena_block *next;
	max_align_t data[];
};

#define BLOCK_BYTES (64 * 1024)

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b;
	size_t align = sizeof(max_align_t);
	void *p;

	n = (n + align - 1) / align * align;
	if (!n)
		n = align;
	if (!a->head || a->used + n > a->size) {
		size_t size = n > BLOCK_BYTES / 4 ? n : BLOCK_BYTES;
		b = xmalloc(sizeof(*b) + size);
		if (size == n && a->head) {
			/* a big block goes behind the current one so the current keeps filling */
			b->next = a->head->next;
			a->head->next = b;
			return b->data;
		}
		b->next = a->head;
		a->head = b;
		a->used = 0;
		a->size = size;
	}
	p = (char *)a->head->data + a->used;
	a->used += n;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_release(struct arena *a)
{
	while (a->head) {
		struct arena_block *next = a->head->next;
		free(a->head);
		a->head = next;
	}
	a->used = a->size = 0;
}
