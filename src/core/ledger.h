/* ledger.h: applying money to bills, the operation the books share.
 *
 * Payments, bill runs, approvals and reversals all end in the same few moves: record an
 * allocation (with its posting), change what a bill still has open, change what a
 * payment still has as prepaid.  The open caches (bill_open, prepaid_open) change only
 * here, in the caller's transaction.
 */
#ifndef WUYE_LEDGER_H
#define WUYE_LEDGER_H

#include <stdint.h>

#include "base/buf.h"
#include "core/journal.h"
#include "store/db.h"

struct ledger {
	struct db *db;
	struct journal j;
	int64_t project_id;
	int day;
	struct db_stmt *open_get, *open_set, *open_ins, *open_del;
	struct db_stmt *pre_get, *pre_set, *pre_ins, *pre_del;
	struct db_stmt *alloc_ins, *bill_info;
	struct db_stmt *open_bills, *prepaids;
};

int ledger_open(struct ledger *l, struct db *db, int64_t project_id, int day, struct buf *err);
void ledger_close(struct ledger *l);

/* The open amount of a bill now (0 when settled). */
int ledger_bill_open(struct ledger *l, int64_t bill_id, int64_t *open, struct buf *err);
/* Changes a bill's open amount by delta (a new bill: its amount; an allocation or a
 * waiver: minus it; an undone one: plus it). */
int ledger_bill_open_add(struct ledger *l, int64_t bill_id, int64_t unit_id, int64_t payer_id, int due,
			 int64_t delta, struct buf *err);
int ledger_prepaid_add(struct ledger *l, int64_t payment_id, int64_t unit_id, int64_t payer_id, int64_t delta,
		       struct buf *err);

/* Which account a bill's money is owed on: receivable, or latefee for a late-fee bill. */
int ledger_bill_account(struct ledger *l, int64_t bill_id, int64_t *account_id, int64_t *item_id,
			int64_t *unit_id, int64_t *payer_id, int *due, struct buf *err);

/* Applies the prepaid remainders of (unit, payer), oldest payment first, to open bills:
 * the bills listed (in that order) or, with nbills 0, every open bill of the unit owed by
 * the payer, oldest due date first.  current_payment is the payment being posted now
 * (its applications are source 'payment'; older money's are 'prepaid'); run_id the bill
 * run doing it, or 0.  *applied receives the total. */
int ledger_settle(struct ledger *l, int64_t unit_id, int64_t payer_id, const int64_t *bills, size_t nbills,
		  int64_t current_payment, int64_t run_id, int64_t *applied, struct buf *err);

#endif
