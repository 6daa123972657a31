/* payment_import.h: payments from a file: a bank's auto-debit results (银行代扣回盘),
 * a day's takings entered elsewhere. */
#ifndef WUYE_PAYMENT_IMPORT_H
#define WUYE_PAYMENT_IMPORT_H

#include <stdint.h>

#include "base/buf.h"
#include "io/sheet.h"
#include "store/db.h"

struct payment_import_result {
	int posted, duplicates;
	int64_t amount;
};

/* Headers: 楼栋, 单元, 房号, 金额, and optionally 收款方式 (else default_channel),
 * 流水号 (the external id: a row whose id was posted before posts nothing), 缴费日期
 * (else today).  Every row is checked first: any bad row and nothing is posted, each
 * problem listed as "row R, column NAME: …".  Then each payment is posted through the
 * payment path in its own durable transaction.  With dry_run nothing is posted: res
 * counts what would be (a row whose 流水号 was posted before counts as a duplicate). */
int payment_import(struct db *db, int64_t project_id, const struct sheet *sheet, const char *default_channel,
		   int today, int64_t staff_id, int dry_run, struct payment_import_result *res, struct buf *err);

#endif
