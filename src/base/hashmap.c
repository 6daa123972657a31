/* hashmap.c: open addressing with linear probing; FNV-1a hashing. */
#include "hashmap.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define BLOCK_SIZE 65536

uint64_t hash_bytes(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static struct hashmap_slot *find(const struct hashmap *m, const char *key, size_t keylen, uint64_t h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;

	for (;;) {
		struct hashmap_slot *s = &m->slots[i];
		if (!s->key)
			return s;
		if (s->hash == h && s->keylen == keylen && !memcmp(s->key, key, keylen))
			return s;
		i = (i + 1) & mask;
	}
}

int hashmap_get(const struct hashmap *m, const char *key, size_t keylen, int64_t *value)
{
	struct hashmap_slot *s;

	if (!m->cap)
		return 0;
	s = find(m, key, keylen, hash_bytes(key, keylen));
	if (!s->key)
		return 0;
	*value = s->value;
	return 1;
}

static const char *store_key(struct hashmap *m, const char *key, size_t keylen)
{
	char *p;

	if (keylen + 1 > BLOCK_SIZE / 4) {
		/* a big key gets a block of its own; small keys then start a fresh block */
		XGROW(m->blocks, m->blocks_alloc, m->nblocks + 1);
		p = m->blocks[m->nblocks++] = xstrndup(key, keylen);
		m->block_used = BLOCK_SIZE;
		return p;
	}
	if (!m->nblocks || m->block_used + keylen + 1 > BLOCK_SIZE) {
		XGROW(m->blocks, m->blocks_alloc, m->nblocks + 1);
		m->blocks[m->nblocks++] = xmalloc(BLOCK_SIZE);
		m->block_used = 0;
	}
	p = m->blocks[m->nblocks - 1] + m->block_used;
	memcpy(p, key, keylen);
	p[keylen] = '\0';
	m->block_used += keylen + 1;
	return p;
}

static void rehash(struct hashmap *m, size_t cap)
{
	struct hashmap_slot *old = m->slots;
	size_t oldcap = m->cap;

	m->slots = xcalloc(cap, sizeof(*m->slots));
	m->cap = cap;
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].key)
			*find(m, old[i].key, old[i].keylen, old[i].hash) = old[i];
	}
	free(old);
}

void hashmap_put(struct hashmap *m, const char *key, size_t keylen, int64_t value)
{
	struct hashmap_slot *s;
	uint64_t h = hash_bytes(key, keylen);

	if ((m->nr + 1) * 4 > m->cap * 3)
		rehash(m, m->cap ? m->cap * 2 : 64);
	s = find(m, key, keylen, h);
	if (!s->key) {
		s->key = store_key(m, key, keylen);
		s->keylen = keylen;
		s->hash = h;
		m->nr++;
	}
	s->value = value;
}

void hashmap_clear(struct hashmap *m)
{
	for (size_t i = 0; i < m->nblocks; i++)
		free(m->blocks[i]);
	free(m->blocks);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
