/* payment.h: payments (实收), reversals (冲正), refunds, late-fee charges, receipts. */
#ifndef WUYE_PAYMENT_H
#define WUYE_PAYMENT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

extern const char *const payment_channels[]; /* cash card transfer wechat alipay autodebit */
int payment_channel_valid(const char *channel);
const char *payment_channel_label(const char *channel); /* 现金, 刷卡, ... */

struct pay_request {
	int64_t unit_id;
	int64_t amount;
	const char *channel;
	const char *ref;          /* external id, or NULL */
	const int64_t *bills;     /* pay these (in this order) instead of oldest first */
	size_t nbills;
	int late_fee;             /* take the accrued late fee from the amount first */
	int day;
	int64_t staff_id;
};

struct pay_result {
	int64_t payment_id;
	char receipt[48];         /* "HY-000001" */
	int duplicate;            /* the same --ref posted before: nothing new was posted */
	int64_t latefee;          /* late fee charged and paid with it */
	int64_t applied;          /* to bills (late fee included) */
	int64_t prepaid;          /* what became prepaid */
	int64_t discount;         /* incentives granted */
	/* when refused: */
	int conflict;             /* the ref was used before for another unit or amount */
	const char *field;        /* the input at fault: "amount", "channel", "ref", "unit" or
				   * "bills" (NULL: the database failed) */
};

/* Posts a payment exactly once: one transaction, a receipt number with no gap, the
 * allocation (late fee first when asked, then the bills named or every open bill of
 * the payer on this unit, oldest due date first), the rest prepaid, incentives applied.
 * The same ref again with the same unit and amount returns the first payment
 * (duplicate set); with another unit or amount it is refused (conflict set). */
int pay_post(struct db *db, const struct pay_request *r, struct pay_result *res, struct buf *err);

/* The payment posted with this ref: 1 and its id, unit and amount; 0 when none. */
int payment_find_ref(struct db *db, const char *ref, int64_t *payment_id, int64_t *unit_id, int64_t *amount,
		     struct buf *err);

/* Reverses a payment: what it settled reopens (prepaid included), incentive waivers it
 * earned are withdrawn, the receipt number stays with it.  Prints nothing. */
int payment_reverse(struct db *db, int64_t payment_id, const char *reason, int day, int64_t staff_id,
		    int64_t *reversal_id, struct buf *err);
/* Hands back part of a payment's prepaid remainder. */
int payment_refund(struct db *db, int64_t payment_id, int64_t amount, const char *reason, int day,
		   int64_t staff_id, int64_t *refund_id, struct buf *err);

/* Turns the late fees accrued on the payer's bills of the unit (as of day) and not yet
 * charged into a late-fee bill.  *bill_id 0 and *amount 0 when there is nothing.
 * With pay_amount > 0 the fees are those of a payment of that amount made the same day
 * (the late fee taken first, the rest applied to the bills named, or oldest first):
 * money paid on a day settles from that day, so the fee is the fixed point of "fee =
 * accrual with (amount - fee) applied today".  In the caller's transaction. */
int latefee_charge(struct db *db, int64_t unit_id, int64_t payer_id, int day, int64_t pay_amount,
		   const int64_t *bills, size_t nbills, int64_t *bill_id, int64_t *amount, struct buf *err);

/* "HY-000001" for a project code and number. */
void receipt_format(char *out, size_t n, const char *project_code, int64_t no);
/* Parses "HY-000001" into the project code and number. */
int receipt_parse(const char *s, char *code, size_t ncode, int64_t *no);

#endif
