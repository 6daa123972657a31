/* waiver.h: requests that need a second person, and waivers (减免).
 *
 * A waiver is asked for with a reason (waiver_request) and takes effect only when a
 * manager or an administrator other than the requester approves it (request_decide).
 * Incentive rules grant waivers at payment time, recorded as requests approved by the
 * rule.  All functions work in the caller's transaction unless said otherwise.
 */
#ifndef WUYE_WAIVER_H
#define WUYE_WAIVER_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "core/ledger.h"
#include "core/staff.h"
#include "store/db.h"

/* Asks for a waiver of `amount` of a bill; refused when it exceeds what is open.  Own
 * transaction. */
int waiver_request(struct db *db, int64_t bill_id, int64_t amount, const char *reason, int day,
		   int64_t staff_id, int64_t *request_id, struct buf *err);

/* Approves (approve = 1) or rejects a pending request.  The decider must be a manager
 * or admin of the project and not the requester.  An approved waiver is applied on `day`.
 * Own transaction.  On failure err says why and the result tells the refusals apart:
 * REQUEST_UNKNOWN, REQUEST_REFUSED (not the decider's to decide: the role, the project,
 * their own request), REQUEST_DECIDED (decided already), else -1. */
#define REQUEST_REFUSED (-2)
#define REQUEST_DECIDED (-3)
#define REQUEST_UNKNOWN (-4)
int request_decide(struct db *db, int64_t request_id, int approve, const struct staff *by, const char *note,
		   int day, struct buf *err);

/* The project's requests, optionally in one state (pending, approved, rejected), oldest
 * first: [{id, kind, unit, bill_id, amount_fen, reason, requested_by (login),
 * requested_by_id, requested_by_name, day (asked on), state, decided_by, decided_day,
 * note, step (an escalation's step, else ""), project_id, project (its code)}].  The
 * caller owns *out. */
int requests_json(struct db *db, int64_t project_id, const char *state, json_t **out, struct buf *err);
/* One request in that shape; -1 with err when there is none. */
int request_get_json(struct db *db, int64_t request_id, json_t **out, struct buf *err);

/* Applies an approved waiver: the waiver record, its posting, the open cache. */
int waiver_apply(struct ledger *l, int64_t request_id, int64_t bill_id, int64_t amount, int64_t payment_id,
		 int64_t *waiver_id, struct buf *err);
/* Records a request already approved by an incentive rule (no staff). */
int request_granted(struct db *db, int64_t project_id, const char *kind, int64_t unit_id, int64_t bill_id,
		    int64_t amount, const char *reason, int64_t incentive_id, int day, int64_t *request_id,
		    struct buf *err);

#endif
