/* journal.h: the double-entry journal: accounts and postings.
 *
 * A posting is one movement, debit and credit in the same row, so every entry balances
 * by construction (TigerBeetle's transfer).  Per unit: receivable (fees owed), latefee
 * (charged late fees owed), prepaid (a payer's money not yet applied).  Per project: cash
 * by channel, income by fee item, waiver (减免) by fee item.
 *
 *   bill issued            Dr receivable   Cr income(item)       kind 'bill'
 *   late fee charged       Dr latefee      Cr income(滞纳金)      kind 'latefee'
 *   payment received       Dr cash(channel) Cr prepaid(payer)    kind 'payment'
 *   payment applied        Dr prepaid      Cr receivable|latefee kind 'allocation'
 *   waiver approved        Dr waiver(item) Cr receivable|latefee kind 'waiver'
 *   payment reversed       Dr prepaid      Cr cash               kind 'reversal'
 *     its applications     Dr receivable|latefee Cr prepaid      kind 'unallocation'
 *     its incentive waivers Dr receivable Cr waiver(item)        kind 'unwaiver'
 *   refund of prepaid      Dr prepaid      Cr cash               kind 'refund'
 *
 * A journal handle caches account ids for one project; use one per transaction.
 */
#ifndef WUYE_JOURNAL_H
#define WUYE_JOURNAL_H

#include <stdint.h>

#include "base/buf.h"
#include "base/hashmap.h"
#include "store/db.h"

enum account_kind { ACC_RECEIVABLE, ACC_LATEFEE, ACC_PREPAID, ACC_CASH, ACC_INCOME, ACC_WAIVER };

struct journal {
	struct db *db;
	int64_t project_id;
	struct db_stmt *find, *create, *post;
	struct hashmap cache;
};

int journal_open(struct journal *j, struct db *db, int64_t project_id, struct buf *err);
void journal_close(struct journal *j);
/* The account's id, created when new.  unit_id/party_id 0 and ref "" when absent. */
int journal_account(struct journal *j, enum account_kind kind, int64_t unit_id, int64_t party_id,
		    const char *ref, int64_t *id, struct buf *err);
/* Appends one posting. */
int journal_post(struct journal *j, int64_t debit, int64_t credit, int64_t amount, const char *kind,
		 int64_t source_id, int day, struct buf *err);
/* The item account for income or waivers of an item id. */
int journal_item_account(struct journal *j, enum account_kind kind, int64_t item_id, int64_t *id, struct buf *err);

const char *account_kind_name(enum account_kind k);

#endif
