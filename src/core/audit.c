/* audit.c: appending to the audit trail. */
#include "core/audit.h"

#include <time.h>

int audit_record(struct db *db, int64_t staff_id, const char *origin, const char *action,
		 const char *subject, const char *detail, struct buf *err)
{
	int rc;

	if (staff_id)
		rc = db_run(db, NULL, err, "INSERT INTO audit_log (at, staff_id, origin, action, subject, detail) "
			    "VALUES (?, ?, ?, ?, ?, ?)", "iitttt", (int64_t)time(NULL), staff_id, origin, action,
			    subject ? subject : "", detail ? detail : "");
	else
		rc = db_run(db, NULL, err, "INSERT INTO audit_log (at, staff_id, origin, action, subject, detail) "
			    "VALUES (?, NULL, ?, ?, ?, ?)", "itttt", (int64_t)time(NULL), origin, action,
			    subject ? subject : "", detail ? detail : "");
	return rc < 0 ? -1 : 0;
}
