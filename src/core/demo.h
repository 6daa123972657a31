/* demo.h: the demo company of `wuye demo` and `make run`. */
#ifndef WUYE_DEMO_H
#define WUYE_DEMO_H

#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

struct demo_result {
	int projects, units, owners, staff;
	int bills, payments;
};

/* Creates projects, buildings, units, owners and staff in an empty, migrated database:
 * the seed's A区 (1,000 units, 943 occupied) and, for more units, further projects of
 * up to 25,000 units; then `months` months of books up to `today` (0: none).  The same
 * seed gives the same company. */
int demo_create(struct db *db, int units, int months, int today, uint64_t seed, struct demo_result *res,
		struct buf *err);

struct demo_history_result {
	int bills, payments;
};

/* A project's books for the `months` months up to today: contracts (renegotiated half
 * way when asked), a bill run each month, and the owners' payments. */
int demo_history(struct db *db, int64_t project_id, int months, int today, uint64_t seed, int renegotiate,
		 struct demo_history_result *res, struct buf *err);

#endif
