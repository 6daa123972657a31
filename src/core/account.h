/* account.h: one unit's account as of a day (wuye account), and a payer's arrears. */
#ifndef WUYE_ACCOUNT_H
#define WUYE_ACCOUNT_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

/* The JSON of CLI.md: unit, prepaid_fen, open_fen, late_fee_fen, bills[], payments[]. */
int account_json(struct db *db, int64_t unit_id, int day, json_t **out, struct buf *err);

/* Aging buckets of CLI.md by overdue days: 1–30, 31–90, 91–180, 181–365, 366–730,
 * 731–1095, over 1095. */
#define AGING_BUCKETS 7
extern const char *const aging_names[AGING_BUCKETS]; /* "1-30" ... "1096+" */
int aging_bucket(int overdue_days);

/* Payers of the project with bills overdue at least min_days on `day`: JSON array of
 * {payer, payer_id, units[], open_fen, overdue_fen, oldest_due, overdue_days, buckets{}}. */
int arrears_json(struct db *db, int64_t project_id, int day, int min_days, json_t **out, struct buf *err);

/* The arrears of arrears_json(min_days 1) as a sheet for .xlsx: payer, units, overdue,
 * oldest due date, days overdue, then one column per aging bucket (amounts in yuan). */
struct sheet;
int arrears_sheet(struct db *db, int64_t project_id, int day, struct sheet *out, struct buf *err);

#endif
