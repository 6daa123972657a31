/* demo.h: the demo company of `wuye demo` and `make run`. */
#ifndef WUYE_DEMO_H
#define WUYE_DEMO_H

#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

struct demo_result {
	int projects, units, owners, staff;
};

/* Creates projects, buildings, units, owners and staff in an empty, migrated database:
 * the seed's A区 (1,000 units, 943 occupied) and, for more units, further projects of
 * up to 25,000 units.  The same seed gives the same company. */
int demo_create(struct db *db, int units, uint64_t seed, struct demo_result *res, struct buf *err);

#endif
