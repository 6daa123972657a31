/* check.h: prove the books balance (wuye check). */
#ifndef WUYE_CHECK_H
#define WUYE_CHECK_H

#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

struct check_result {
	int64_t postings, bills, payments, allocations, waivers, units;
	int problems;
};

/* Reads every posted record once, in id order and in chunks (so memory stays bounded
 * by arrays indexed by id, on either backend), and proves:
 *   - every posting has an amount above 0, two different existing accounts, and a
 *     source record that exists, with the source's amount (bill, late fee, payment,
 *     allocation, waiver, reversal, refund, undone allocation or waiver);
 *   - no bill has more applied (payments not reversed, waivers not withdrawn) than its
 *     amount, no payment more applied or refunded than it brought;
 *   - the open caches (bill_open, prepaid_open) equal what the records say, bill by bill
 *     and payment by payment;
 *   - each unit's accounts in the journal (receivable, late fee, prepaid per payer) equal
 *     what its bills and payments say; no prepaid balance is negative;
 *   - each project's receipt numbers run 1..N without a gap, and its counter is at N.
 * Every problem is one line in err ("bill 17: …").  Returns 0 when the books balance,
 * 1 when there are problems, -1 when the check could not run. */
int books_check(struct db *db, struct check_result *res, struct buf *err);

#endif
