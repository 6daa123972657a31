/* receipt.h: the receipt of a payment (收据), as text (a PDF comes with the documents). */
#ifndef WUYE_RECEIPT_H
#define WUYE_RECEIPT_H

#include <jansson.h>

#include "base/buf.h"
#include "store/db.h"

/* The receipt's data: project, receipt, day, unit, payer, channel, ref (the external
 * payment id, or null), cashier, amount, lines (what it paid), prepaid, discounts, and
 * the reversal when there is one. */
int receipt_json(struct db *db, const char *receipt_no, json_t **out, struct buf *err);
/* The receipt as printable text. */
void receipt_text(struct buf *out, json_t *r);

#endif
