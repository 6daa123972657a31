/* party.h: people (owners, tenants) and developer accounts. */
#ifndef WUYE_PARTY_H
#define WUYE_PARTY_H

#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

/* Finds the person with this name and phone (owners are never merged by name alone),
 * or adds one.  The phone is validated and normalized. */
int party_find_or_add(struct db *db, const char *name, const char *phone, int64_t *id, struct buf *err);

#endif
