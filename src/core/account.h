/* account.h: one unit's account as of a day (wuye account), and a payer's arrears. */
#ifndef WUYE_ACCOUNT_H
#define WUYE_ACCOUNT_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "core/bills.h"
#include "store/db.h"

/* A unit's account as of a day: its bills (all payers) with what was paid, waived and
 * accrued by then, its payments up to then, and the totals. */
struct account_payment {
	int64_t id, amount;
	char receipt[48];
	char channel[16];
	int paid;                 /* the day */
	int reversed;
};

struct account {
	char unit[160];           /* "HY/3-2-1201" */
	int64_t prepaid, open, late_fee; /* late_fee: accrued, neither charged nor waived */
	struct bill_state *bills;
	size_t nbills;
	struct account_payment *payments;
	size_t npayments;
};

int account_load(struct db *db, int64_t unit_id, int day, struct account *a, struct buf *err);
void account_free(struct account *a);

/* The JSON of CLI.md: unit, prepaid_fen, open_fen, late_fee_fen, bills[], payments[]. */
int account_json(struct db *db, int64_t unit_id, int day, json_t **out, struct buf *err);
/* The same JSON as compact text, written straight from the account (no tree built):
 * the same members in the same order as account_json(). */
void account_write_json(struct buf *out, const struct account *a);

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
