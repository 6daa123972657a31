/* casework.h: what people do on a case: log a contact (催收台账), make an installment
 * plan, open a complaint's work order, pause, escalate, record legal steps, ask for a
 * write-off.  Each is one transaction and refuses what is incomplete. */
#ifndef WUYE_CASEWORK_H
#define WUYE_CASEWORK_H

#include <stdint.h>

#include "base/buf.h"
#include "core/staff.h"
#include "store/db.h"

struct contact_new {
	int64_t unit_id;
	const char *channel, *result, *reason, *note, *phone;
	int promise_day;          /* DATE_MIN: none */
	int64_t promise_fen;      /* 0: none */
	const char *proof_path;   /* a file to keep as proof, or NULL */
	int64_t staff_id;
	int day;
};

struct contact_effects {
	int tasks_done;
	int64_t promise_id, work_order_id, trace_task_id;
	int restarted;            /* the limitation period of the open bills restarted */
};

/* What contact_log() refuses before it writes anything: an unknown channel, result or
 * reason, a promise without date and amount (or with a date in the past), a visit or
 * letter without a note, a notice delivery without proof.  On refusal *field (when not
 * NULL) names the option at fault without its dashes: "channel", "result", "reason",
 * "promise-date", "promise-amount", "note", "proof". */
int contact_check(const struct contact_new *c, const char **field, struct buf *err);

/* Logs a contact.  Refused when incomplete: a promised result without date and amount,
 * a visit or letter without a note, a notice delivery without proof.  Completes the open
 * tasks it answers; a promise holds the ladder; a reason is filed (refusal: the written
 * notice next; unreachable: tracing; service or quality: a work order); a notice with
 * proof starts its deadline and restarts the limitation period; failed calls on every
 * known number give a tracing task. */
int contact_log(struct db *db, const struct contact_new *c, int64_t *contact_id, struct contact_effects *fx,
		struct buf *err);

/* An installment plan over all open bills of the payer's case: n equal parts (the
 * remainder on the last), the first on `first`, then every `every_months` months. */
int plan_make(struct db *db, int64_t unit_id, int n, int first, int every_months, int64_t staff_id, int day,
	      int64_t *plan_id, struct buf *err);

extern const char *const complaint_categories[];
/* A complaint: a work order to the team, and the case paused until the owner verifies. */
int complaint_open(struct db *db, int64_t unit_id, const char *category, const char *note, int64_t staff_id, int day,
		   int64_t *work_order_id, struct buf *err);
/* A work order fixed, or verified on site with the owner (then the ladder resumes). */
int workorder_update(struct db *db, int64_t work_order_id, int verified, int64_t staff_id, int day, struct buf *err);

/* A pause with a reason until a day (inclusive); resume ends it early. */
int case_pause_until(struct db *db, int64_t unit_id, int until, const char *reason, int64_t staff_id, int day,
		     struct buf *err);
int case_resume(struct db *db, int64_t unit_id, int64_t staff_id, int day, struct buf *err);

/* A manual jump to a step; the legal steps (lawyer, lawsuit) become a request that a
 * manager approves, and then fire. */
int case_escalate(struct db *db, int64_t unit_id, const char *step, const char *reason, int64_t staff_id, int day,
		  int64_t *request_id, struct buf *err);

extern const char *const legal_stages[];
/* A legal step on the case (mediation, payment order, arbitration, lawsuit, judgment,
 * enforcement).  Filing (payment order, arbitration, lawsuit) needs a written notice
 * delivered with proof whose deadline has passed, and an approved lawsuit request. */
int legal_record(struct db *db, int64_t unit_id, const char *stage, int day, int64_t cost_fen, const char *outcome,
		 const char *note, int64_t staff_id, int64_t *matter_id, struct buf *err);

/* Asks for a write-off of what the payer owes in the project (approved with wuye approve). */
int writeoff_request(struct db *db, int64_t unit_id, const char *reason, int64_t staff_id, int day,
		     int64_t *request_id, struct buf *err);

/* What approving a request of the collection kinds does (called by request_decide):
 * a write-off waives the open bills and closes the case; an escalation fires its step. */
int casework_approved(struct db *db, int64_t request_id, const struct staff *by, int day, struct buf *err);

#endif
