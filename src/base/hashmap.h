/* hashmap.h: an open-addressing map from byte-string keys to int64 values.
 *
 * Used where a batch (an import, a bill run) needs fast lookups by a composite text key.
 * Keys are copied into the map's own arena; values are whatever the caller stores
 * (row numbers, ids).  Not thread-safe; one map per batch.
 */
#ifndef WUYE_HASHMAP_H
#define WUYE_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

struct hashmap_slot {
	uint64_t hash;
	const char *key; /* NULL when empty */
	size_t keylen;
	int64_t value;
};

struct hashmap {
	struct hashmap_slot *slots;
	size_t cap, nr;
	char **blocks; /* key storage */
	size_t nblocks, blocks_alloc, block_used;
};
#define HASHMAP_INIT { 0 }

/* Returns 1 and sets *value when found, else 0. */
int hashmap_get(const struct hashmap *m, const char *key, size_t keylen, int64_t *value);
/* Inserts or replaces. */
void hashmap_put(struct hashmap *m, const char *key, size_t keylen, int64_t value);
void hashmap_clear(struct hashmap *m);
uint64_t hash_bytes(const void *data, size_t len);

#endif
