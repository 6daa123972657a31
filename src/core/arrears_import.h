/* arrears_import.h: opening arrears (期初欠费) from .xlsx/.csv, all or nothing. */
#ifndef WUYE_ARREARS_IMPORT_H
#define WUYE_ARREARS_IMPORT_H

#include <stdint.h>

#include "base/buf.h"
#include "io/sheet.h"
#include "store/db.h"

struct arrears_result {
	int64_t run_id;
	int bills;
	int64_t amount;
};

/* Reads the headers of CLI.md (楼栋, 单元, 房号, 收费项目, 所属期间, 金额, 应缴日期);
 * each row becomes an ordinary bill (kind 'opening') of the owner of the period, posted
 * to the journal.  Any bad row (an unknown unit, a bad period or amount, arrears the
 * unit already has) means nothing is written; every problem is listed as
 * "row R, column NAME: …". */
int arrears_import(struct db *db, int64_t project_id, const struct sheet *sheet, int day, int64_t staff_id,
		   int dry_run, struct arrears_result *res, struct buf *err);

#endif
