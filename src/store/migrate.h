/* migrate.h: numbered schema migrations, embedded in the binary, applied in order. */
#ifndef WUYE_MIGRATE_H
#define WUYE_MIGRATE_H

#include "store/db.h"

/* Applies every migration not yet applied, each in its own transaction.  Sets
 * *applied to how many ran (may be NULL).  Idempotent. */
int migrate_up(struct db *db, int *applied, struct buf *err);
/* 0 when the schema is current, 1 when migrations are pending or the database is
 * empty, <0 on error. */
int migrate_pending(struct db *db, struct buf *err);
/* Rewrites a migration's text for a backend (exposed for tests). */
void migrate_translate(struct buf *out, const char *sql, enum db_kind kind);

#endif
