/* bills.h: a unit's bills as of a day: paid, waived, open, overdue, late fee. */
#ifndef WUYE_BILLS_H
#define WUYE_BILLS_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "core/latefee.h"
#include "store/db.h"

struct bill_state {
	int64_t id, unit_id, payer_id, item_id, contract_id;
	char kind[8];             /* fee, opening, latefee */
	char item[64];
	char period[32];
	char payer[128];
	int period_start, period_end, due;
	int64_t amount, paid, waived, open;   /* as of the day */
	int overdue_days;         /* today - due when open and due, else 0 */
	char *explain;
	struct latefee_terms terms;
	struct principal_change *changes;
	size_t nchanges;
	int64_t late_fee;         /* accrued as of the day (also for a bill since settled) */
	int64_t lf_charged, lf_waived; /* of that accrual: charged into a late-fee bill, forgiven */
};

/* Loads every bill of the unit (all payers) with money applied up to `day`; reversed
 * payments and voided waivers never count.  Ordered by due date, then id. */
int bills_load_unit(struct db *db, int64_t unit_id, int day, struct bill_state **out, size_t *n, struct buf *err);
void bills_free(struct bill_state *b, size_t n);
/* The part of a bill's accrued late fee neither charged nor waived. */
int64_t bill_latefee_uncharged(const struct bill_state *b);

#endif
