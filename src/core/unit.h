/* unit.h: units (房屋), their names, states and owners. */
#ifndef WUYE_UNIT_H
#define WUYE_UNIT_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

/* A unit's full name: PROJECT/BUILDING-ENTRANCE-ROOM ("HY/3-2-1201", "HY/12--0301"). */
struct unit_name {
	char project[32];
	char building[64];
	char entrance[32];
	char room[32];
};

int unit_name_parse(const char *s, struct unit_name *out);
void unit_name_format(struct buf *out, const char *project, const char *building,
		      const char *entrance, const char *room);

/* Finds a unit by its full name.  -1 with a clear message when the name is malformed
 * or no such unit exists. */
int unit_find(struct db *db, const char *name, int64_t *unit_id, int64_t *project_id, struct buf *err);

/* Appends the full name of the unit with this id. */
int unit_name_of(struct db *db, int64_t unit_id, struct buf *out, struct buf *err);
/* States and types: stored codes and their Chinese labels. */
extern const char *const unit_states[];  /* undelivered vacant decorating occupied */
const char *unit_state_label(const char *state);        /* 未交付 空置 装修中 已入住 */
const char *unit_state_from_label(const char *label);   /* NULL when unknown */
const char *unit_type_label(const char *type);          /* 住宅 商铺 车位 */
const char *unit_type_from_label(const char *label);
int unit_state_valid(const char *state);
/* An owner's tag as people say it: key 重点户, care 关怀, attention 重点关注. */
const char *party_tag_label(const char *tag);

/* The unit's state on day `day`; writes "" when it has no state then. */
int unit_state_on(struct db *db, int64_t unit_id, int day, char out[16], struct buf *err);
/* Records a state change from day `from` (undelivered → vacant → decorating → occupied;
 * any state may follow any other, as real life goes). */
int unit_set_state(struct db *db, int64_t unit_id, const char *state, int from, struct buf *err);
/* The payer (the first-named owner, or the developer's account) on day `day`. */
int unit_payer_on(struct db *db, int64_t unit_id, int day, int64_t *party_id, struct buf *err);
/* A sale: from day `from` on, party_id owns the unit (the previous owner's arrears
 * stay with the previous owner). */
int unit_transfer(struct db *db, int64_t unit_id, int64_t party_id, int from, struct buf *err);

/* Lists a project's units as of `day`, optionally one building and/or one state, as a
 * JSON array in the shape of CLI.md (caller owns the result).  mask_phones hides the
 * middle digits of phone numbers. */
int unit_list(struct db *db, int64_t project_id, const char *building, const char *state,
	      int day, int mask_phones, json_t **out, struct buf *err);

#endif
