/* reasons.h: why owners do not pay (欠费原因), with the seed's own answers as editable
 * scripts (话术) and the default next step of each. */
#ifndef WUYE_REASONS_H
#define WUYE_REASONS_H

#include <jansson.h>

#include "base/buf.h"
#include "store/db.h"

extern const char *const reason_codes[]; /* fee-too-high service stalling developer quality vacant
					   * hardship unreachable purpose refusal other */
int reason_valid(const char *code);
const char *reason_label(const char *code); /* 物业费太高 ... */

/* Every reason with its label, script (as edited, or the seed's) and next step. */
int reasons_json(struct db *db, json_t **out, struct buf *err);
/* The script of one reason. */
int reason_script(struct db *db, const char *code, struct buf *out, struct buf *err);
/* Replaces a reason's script. */
int reason_set_script(struct db *db, const char *code, const char *script, int64_t staff_id, struct buf *err);

#endif
