/* documents.h: what the printed documents say, gathered from the database as JSON.
 *
 * Each function builds the content of one kind of document (src/doc renders it as PDF)
 * as a JSON object with English keys and amounts as integer fen in keys ending _fen,
 * dates as "YYYY-MM-DD".  Every object carries "issuer": {code, project, issuer,
 * address, phone}, the letterhead.  The caller owns *out.  None of them writes, except
 * doc_public_notice_request() and doc_record_printed(), which work in the caller's
 * transaction.
 *
 * A demand (催缴通知书, 律师函) is addressed to a payer and covers all of the payer's
 * overdue bills in the project, on every unit ("one owner, one conversation"):
 *   {issuer, day, case_id (0: none), payer, payer_id, units[], unit_labels[],
 *    bills[{unit, unit_label, item, period, due, amount_fen, open_fen, overdue_days,
 *           late_fee_fen}],
 *    overdue_fen, late_fee_fen, oldest_due, overdue_days,
 *    late_terms {daily_ppm, grace_days, cap_pct} or null (no late fee in the contract),
 *    deadline, deadline_days, notice_delivered (or null), law_firm, pay_link}
 */
#ifndef WUYE_DOCUMENTS_H
#define WUYE_DOCUMENTS_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

/* "3栋2单元1201室" for the parts of a unit's name. */
/* The letterhead of a project's documents: {code, project, issuer, phone, address}. */
int doc_issuer_json(struct db *db, int64_t project_id, json_t **out, struct buf *err);
void doc_unit_label(struct buf *out, const char *building, const char *entrance, const char *room);

/* 缴费通知单: the unit's open bills of its payer on `day`:
 * {issuer, day, unit, unit_label, area_m2, payer, bills[{item, period, due, explain,
 *  amount_fen, paid_fen, open_fen, overdue_days}], total_fen, late_fee_fen, prepaid_fen,
 *  pay_by (the first due date not yet passed, or null), pay_link}.
 * -1 with err when the payer has nothing open on the unit. */
int doc_payment_notice_json(struct db *db, int64_t unit_id, int day, json_t **out, struct buf *err);

/* 催缴通知书 to the payer of the unit on `day` (see above); -1 with err when the payer
 * has no overdue bills or is the developer's account (units not handed over: settled
 * with the developer, never by a demand; the batches below leave it out too). */
int doc_demand_json(struct db *db, int64_t unit_id, int day, json_t **out, struct buf *err);
/* One demand per payer of the project whose case is open and who has overdue bills on
 * `day` (building: only payers with a unit in arrears there; limit > 0: at most that
 * many), in the order of their first unit (building, entrance, room). */
int doc_demands_json(struct db *db, int64_t project_id, const char *building, int day, int limit, json_t **out,
		     struct buf *err);
/* Lawyer letters go to the lawyer in files of at most this many. */
#define DOC_LAWYER_BATCH 30
/* One lawyer letter's content (a demand) per payer whose case is at the lawyer step and
 * not closed, in the order of their first unit. */
int doc_lawyer_letters_json(struct db *db, int64_t project_id, int day, json_t **out, struct buf *err);

/* 对账单 of a unit for its payer from `from` (DATE_MIN: all) to `day`:
 * {issuer, day, from, unit, unit_label, area_m2, payer, bills[…], payments[{day, receipt,
 *  channel, amount_fen, reversed, allocations[{item, period, amount_fen, day}]}],
 *  billed_fen, paid_fen, waived_fen, open_fen, prepaid_fen, late_fee_fen, balance_fen,
 *  pay_link}.  Bills due before `from` are listed only while still open. */
int doc_statement_json(struct db *db, int64_t unit_id, int from, int day, json_t **out, struct buf *err);

/* 收据: receipt_json() with the issuer. */
int doc_receipt_json(struct db *db, const char *receipt_no, json_t **out, struct buf *err);

/* 公示: the units (never their owners) with bills at least min_days overdue on `day`:
 * {issuer, day, min_days, units[{building, entrance, room, unit_label, overdue_fen,
 *  oldest_due, overdue_days}], count, total_fen}.  Developers' accounts are left out;
 * amounts below the project's threshold are not listed. */
int doc_public_notice_json(struct db *db, int64_t project_id, int min_days, int day, json_t **out, struct buf *err);
/* The approval a public notice needs (个人信息保护: a manager decides what is posted):
 * finds a request of kind public_notice for the project and these terms, approved
 * within the last 30 days (*approved 1) or pending (*approved 0); else files one
 * (*created 1).  *request_id is the request's id. */
int doc_public_notice_request(struct db *db, int64_t project_id, int min_days, int64_t staff_id, int day,
			      int64_t *request_id, int *approved, int *created, struct buf *err);

/* Records in each demand's case history that it was printed (a case event 'printed'
 * with the step: notice for a 催缴通知书, lawyer for a 律师函).  Printing is not
 * delivery: delivery is a contact with --channel notice --proof. */
int doc_record_printed(struct db *db, json_t *demands, const char *step, int64_t staff_id, int day, struct buf *err);

#endif
