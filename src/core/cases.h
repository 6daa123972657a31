/* cases.h: collection cases (催缴案件) and what hangs off them: their history, tasks and
 * who is given them, messages in the outbox.  Used by the daily run and by the commands
 * people run on a case (contact, plan, complaint, pause, escalate, legal, write-off).
 * Every function works in the caller's transaction. */
#ifndef WUYE_CASES_H
#define WUYE_CASES_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/hashmap.h"
#include "core/policy.h"
#include "store/db.h"

enum case_state { CASE_OPEN, CASE_PAUSED, CASE_PROMISED, CASE_PLAN, CASE_LEGAL, CASE_CLOSED };
extern const char *const case_state_names[];
const char *case_state_label(const char *state);

struct case_row {
	int64_t id, project_id, payer_id;
	enum case_state state;
	int step, step_day;          /* last ladder step fired (-1 none) and its day */
	int paused_days;             /* of pauses that ended */
	int jump;                    /* a step to fire at once, -1 none */
	int last_auto_day, notice_day; /* DATE_MIN when none */
	int opened_day;
	char reason[24];
};

/* What a project's case work needs at hand: the policy, who does what. */
struct case_ctx {
	struct db *db;
	int64_t project_id;
	int today;
	struct policy policy;
	int64_t manager_id, legal_id, service_id, admin_id;
	struct hashmap stewards;     /* building id -> steward's staff id */
	char project_name[128], project_code[32], office_phone[32], pay_url[256], pay_secret[80];
};

int case_ctx_open(struct case_ctx *c, struct db *db, int64_t project_id, int today, struct buf *err);
void case_ctx_close(struct case_ctx *c);

/* The payer's case in the project that is not closed (1), or 0 when there is none. */
int case_find_open(struct db *db, int64_t project_id, int64_t payer_id, struct case_row *out, struct buf *err);
int case_get(struct db *db, int64_t case_id, struct case_row *out, struct buf *err);
/* Every case of the project that is not closed (caller frees *out). */
int case_list_open(struct db *db, int64_t project_id, struct case_row **out, size_t *n, struct buf *err);
/* Opens a case for a payer (history: opened). */
int case_open(struct case_ctx *c, int64_t payer_id, struct case_row *out, struct buf *err);
/* Opens a case already at `step` fired today (the daily run knows a new case's first
 * step before it writes the case: one insert, no update). */
int case_open_at(struct case_ctx *c, int64_t payer_id, int step, struct case_row *out, struct buf *err);
/* Writes the cached state of a case back (state, step, jump, ...). */
int case_save(struct case_ctx *c, const struct case_row *k, struct buf *err);
/* Appends to the case's history: kind (opened, step, paused, resumed, promised, ...),
 * the step when there is one, why, and who (0: the daily run). */
int case_event(struct case_ctx *c, int64_t case_id, const char *kind, int step, const char *detail, int64_t staff_id,
	       struct buf *err);
/* Closes a case: the history says why, open tasks are cancelled, queued messages too. */
int case_close(struct case_ctx *c, struct case_row *k, const char *outcome, const char *why, int64_t staff_id,
	       struct buf *err);

/* Who does a step for a unit: the building's steward (the project manager for a key
 * household's visit), the manager, legal, service; falling back to the manager, then
 * admin.  staff_hint, when not 0, is used as it is (promise follow-ups go to whoever
 * took the promise). */
int64_t case_assignee(struct case_ctx *c, int step, int64_t unit_id, int key_household, int64_t staff_hint);
/* A task for a step (once per case, step and day); *task_id 0 when it existed. */
int case_task(struct case_ctx *c, const struct case_row *k, int step, int64_t staff_id, const char *note,
	      int64_t *task_id, struct buf *err);

/* The case's first unit (the lowest id among its open bills' units, else its payer's). */
int case_first_unit(struct db *db, const struct case_row *k, int64_t *unit_id, struct buf *err);
/* The payer's money paid in the project between two days (inclusive), reversals excluded. */
int case_paid_between(struct db *db, int64_t project_id, int64_t payer_id, int from, int to, int64_t *fen,
		      struct buf *err);
/* Records a limitation restart for every open bill of the payer in the project. */
int case_restart_limitation(struct db *db, int64_t project_id, int64_t payer_id, const char *kind, int day,
			    int64_t source_id, struct buf *err);

/* The signed pay link of a payer: pay_url + payer id + '.' + HMAC (hex, 16 chars). */
void case_pay_link(const struct case_ctx *c, int64_t payer_id, struct buf *out);

#endif
