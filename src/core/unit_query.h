/* unit_query.h: the units of a project found by room, owner or phone (the API's list), a
 * page at a time, and one unit with its owners, in the JSON of `wuye units` (CLI.md). */
#ifndef WUYE_UNIT_QUERY_H
#define WUYE_UNIT_QUERY_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

struct unit_query {
	int64_t project_id;
	const char *building;  /* a building's code, or NULL / "" for every building */
	const char *state;     /* vacant, occupied, ... on the day, or NULL / "" for any */
	const char *text;      /* NULL / "": every unit; else a part of the unit's name
				* ("1201", "3-2-1201", "HY/3-2-1201"), of a present owner's
				* name, or of one of their phone numbers (blanks, '-' and a +86
				* prefix ignored) */
	int limit, offset;     /* the page: at most limit units after the first offset */
};

/* The page of units matching q as of `day`, in the order `wuye units` lists them, each
 * as unit_json() writes it; *total gets how many match in all.  mask_phones hides the
 * middle digits of phone numbers (a masked number is still found by its digits). */
int unit_query_page(struct db *db, const struct unit_query *q, int day, int mask_phones, json_t **units, int64_t *total,
		struct buf *err);

/* One unit as of `day` with its owners then: id, unit, building, entrance, room, floor,
 * area_m2, inner_area_m2, type, state, handover, movein, owners[{name, phones, kind,
 * email, workplace, wechat, address, tags}].  -1 with "unknown unit" when there is none. */
int unit_json(struct db *db, int64_t unit_id, int day, int mask_phones, json_t **out, struct buf *err);

#endif
