/* figures_internal.h: what the figures_*.c files share (not for other modules). */
#ifndef WUYE_FIGURES_INTERNAL_H
#define WUYE_FIGURES_INTERNAL_H

#include "base/hashmap.h"
#include "core/figures.h"

struct fig_building {
	int64_t id, project_id, steward_id;
	char code[32], name[96], project_code[32];
	struct fig_sums s;
};

struct fig_buildings {
	struct fig_building *v;
	size_t n, alloc;
	struct hashmap index; /* building id -> index */
};

/* collection work per staff member */
struct fig_activity {
	struct {
		int64_t staff_id;
		struct fig_sums s;
	} *v;
	size_t n, alloc;
	struct hashmap index;
};

struct fig_group_member {
	int64_t group_id, project_id, staff_id; /* staff_id 0: a group without members */
	char name[64];
};
struct fig_groups {
	struct fig_group_member *v;
	size_t n, alloc;
};

/* db_prepare with "@P" replaced by the project filter; bind the project id (0: all). */
int fig_prepare(struct db *db, struct db_stmt **st, const char *sql, int64_t project_id, struct buf *err);
int fig_buildings_load(struct db *db, int64_t project_id, int today, struct fig_buildings *b, struct buf *err);
struct fig_building *fig_building_get(struct fig_buildings *b, int64_t id);
void fig_buildings_free(struct fig_buildings *b);
void fig_activity_free(struct fig_activity *a);
int fig_group_members(struct db *db, int64_t project_id, struct fig_groups *g, struct buf *err);

/* Runs sql (one ? for id) and copies its two columns into key and name. */
int fig_label_query(struct db *db, const char *sql, int64_t id, char *key, size_t keylen, char *name,
		    size_t namelen, struct buf *err);

void fig_sums_add_cycle(struct fig_sums *s, int days, int64_t count);
struct fig_row *fig_rows_add(struct fig_rows *rows);

/* The per-building sums of a scope (and with act, the work per staff member). */
int fig_sums_load(struct db *db, const struct fig_scope *sc, struct fig_buildings *bs, struct fig_activity *act,
		  struct buf *err);
/* Rolls per-building sums up into rows by sc->by and derives the rates. */
int fig_rollup(struct db *db, const struct fig_scope *sc, struct fig_buildings *bs, struct fig_activity *act,
	       struct fig_rows *rows, struct buf *err);

#endif
