/* audit.h: the audit trail (who, when, what, from where) of writes and exports of
 * personal data. */
#ifndef WUYE_AUDIT_H
#define WUYE_AUDIT_H

#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

/* Appends a record; staff_id 0 means the system itself (a scheduled job). */
int audit_record(struct db *db, int64_t staff_id, const char *origin, const char *action,
		 const char *subject, const char *detail, struct buf *err);

#endif
