/* dunning.c: the daily collection run: load in bulk, decide (ladder.c), write once. */
#include "core/dunning.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/hashmap.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/xalloc.h"
#include "core/cases.h"
#include "core/ladder.h"
#include "core/messages.h"
#include "core/outbox.h"

struct debt {
	int64_t payer_id, open, first_unit;
	int oldest_due;
};

struct run {
	struct case_ctx c;
	struct dun_result *res;
	struct payer_book *payers;
	struct outbox_writer *writer; /* made when the first message is queued */
	struct buf why, note;
	struct buf *err;
	int dry;
	int lazy_book;      /* load the payer book on first need */
};

static void action(struct run *r, const struct case_row *k, const char *kind, int step, const char *channel,
		   int64_t staff_id, const char *detail)
{
	json_t *a;

	if (!r->res->actions)
		return;
	a = json_pack("{s:I,s:I,s:s,s:s}", "case", (json_int_t)k->id, "payer_id", (json_int_t)k->payer_id, "action",
		      kind, "step", step >= 0 ? step_names[step] : "");
	if (channel)
		json_object_set_new(a, "channel", json_string(channel));
	if (staff_id) {
		char login[64] = "";
		struct db_stmt *st;
		if (db_cached(r->c.db, &st, "SELECT login FROM staff WHERE id = ?", NULL) == 0) {
			db_bind_int64(st, 1, staff_id);
			if (db_step(st, NULL) == 1)
				snprintf(login, sizeof(login), "%s", db_col_text(st, 0));
			db_reset(st);
		}
		json_object_set_new(a, "staff", json_string(login));
	}
	if (detail)
		json_object_set_new(a, "why", json_string(detail));
	json_array_append_new(r->res->actions, a);
}

static int load_debts(struct run *r, struct debt **out, size_t *n)
{
	struct db_stmt *st;
	size_t alloc = 0;
	int rc;
	int first_day = r->c.policy.steps[STEP_PRENOTICE].enabled ? r->c.policy.steps[STEP_PRENOTICE].day : 1;

	*out = NULL;
	*n = 0;
	/* the payers whose oldest open bill has come within the first step of the ladder:
	 * everything open counts towards what they owe */
	for (int s = 0; s < LADDER_STEPS; s++)
		if (r->c.policy.steps[s].enabled) {
			first_day = r->c.policy.steps[s].day;
			break;
		}
	if (db_cached(r->c.db, &st, "SELECT payer_id, MIN(due_day), SUM(open_fen), MIN(unit_id) FROM bill_open "
		      "WHERE project_id = ? GROUP BY payer_id HAVING MIN(due_day) <= ? ORDER BY payer_id", r->err) < 0)
		return -1;
	db_bind_int64(st, 1, r->c.project_id);
	db_bind_int64(st, 2, r->c.today - first_day);
	while ((rc = db_step(st, r->err)) == 1) {
		struct debt *d;
		XGROW(*out, alloc, *n + 1);
		d = &(*out)[(*n)++];
		d->payer_id = db_col_int64(st, 0);
		d->oldest_due = (int)db_col_int64(st, 1);
		d->open = db_col_int64(st, 2);
		d->first_unit = db_col_int64(st, 3);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int load_cases(struct run *r, struct case_row **out, size_t *n, struct hashmap *by_payer)
{
	if (case_list_open(r->c.db, r->c.project_id, out, n, r->err) < 0)
		return -1;
	for (size_t i = 0; i < *n; i++)
		hashmap_put(by_payer, (const char *)&(*out)[i].payer_id, 8, (int64_t)i);
	return 0;
}

/* A pause: its days count not; a dated one ends by itself; a complaint's lasts until the
 * owner verifies the fix, and past the policy's days it is a service failure. */
static int watch_pause(struct run *r, struct case_row *k, int *paused_now, int *paused_days)
{
	struct db_stmt *st;
	int64_t pause_id = 0, wo = 0;
	int from = 0, to = DATE_MIN, rc, escalated = 0;

	*paused_now = 0;
	*paused_days = k->paused_days;
	if (db_cached(r->c.db, &st, "SELECT p.id, p.from_day, p.to_day, COALESCE(p.work_order_id, 0), "
		      "COALESCE(w.escalated, 0) FROM pause p LEFT JOIN work_order w ON w.id = p.work_order_id "
		      "WHERE p.case_id = ? AND p.ended_day IS NULL ORDER BY p.id LIMIT 1", r->err) < 0)
		return -1;
	db_bind_int64(st, 1, k->id);
	rc = db_step(st, r->err);
	if (rc == 1) {
		pause_id = db_col_int64(st, 0);
		from = (int)db_col_int64(st, 1);
		to = db_col_is_null(st, 2) ? DATE_MAX : (int)db_col_int64(st, 2);
		wo = db_col_int64(st, 3);
		escalated = (int)db_col_int64(st, 4);
	}
	db_reset(st);
	if (rc <= 0) {
		if (k->state == CASE_PAUSED) /* the pause ended elsewhere (a verified work order) */
			k->state = CASE_OPEN;
		return rc;
	}
	if (from > r->c.today)
		return 0;
	if (to < r->c.today) {
		/* the pause ran its course: the ladder resumes where it stopped */
		int days = to + 1 - from;
		k->paused_days += days;
		*paused_days = k->paused_days;
		k->state = CASE_OPEN;
		if (db_run(r->c.db, NULL, r->err, "UPDATE pause SET ended_day = ? WHERE id = ?", "ii", (int64_t)(to + 1),
			   pause_id) < 0 || case_event(&r->c, k->id, "resumed", -1, "the pause ended", 0, r->err) < 0)
			return -1;
		action(r, k, "resumed", -1, NULL, 0, NULL);
		return 0;
	}
	*paused_now = 1;
	*paused_days = k->paused_days + (r->c.today - from);
	k->state = CASE_PAUSED;
	if (wo && !escalated && r->c.today - from > r->c.policy.service_pause_days) {
		int64_t unit = 0, task;
		if (case_first_unit(r->c.db, k, &unit, r->err) < 0)
			return -1;
		r->note.len = 0;
		buf_setf(&r->note, "工单 %lld 已暂停催缴 %d 天仍未经业主验收", (long long)wo, r->c.today - from);
		if (case_task(&r->c, k, STEP_SERVICE_FAILURE, case_assignee(&r->c, STEP_SERVICE_FAILURE, unit, 0, 0),
			      r->note.buf, &task, r->err) < 0 ||
		    db_run(r->c.db, NULL, r->err, "UPDATE work_order SET escalated = 1 WHERE id = ?", "i", wo) < 0 ||
		    case_event(&r->c, k->id, "service-failure", STEP_SERVICE_FAILURE, r->note.buf, 0, r->err) < 0)
			return -1;
		r->res->tasks++;
		action(r, k, "task", STEP_SERVICE_FAILURE, step_channel(STEP_SERVICE_FAILURE),
		       case_assignee(&r->c, STEP_SERVICE_FAILURE, unit, 0, 0), r->note.buf);
	}
	return 0;
}

/* A promise: holds the ladder until its day; kept, or broken the day after. */
static int watch_promise(struct run *r, struct case_row *k, int *until)
{
	struct db_stmt *st;
	int64_t id = 0, amount = 0, contact_staff = 0, paid;
	int made = 0, due = 0, rc;

	*until = DATE_MIN;
	if (db_cached(r->c.db, &st, "SELECT p.id, p.made_day, p.due_day, p.amount_fen, COALESCE(c.staff_id, 0) "
		      "FROM promise p JOIN contact c ON c.id = p.contact_id WHERE p.case_id = ? AND p.outcome = '' "
		      "ORDER BY p.id DESC LIMIT 1", r->err) < 0)
		return -1;
	db_bind_int64(st, 1, k->id);
	rc = db_step(st, r->err);
	if (rc == 1) {
		id = db_col_int64(st, 0);
		made = (int)db_col_int64(st, 1);
		due = (int)db_col_int64(st, 2);
		amount = db_col_int64(st, 3);
		contact_staff = db_col_int64(st, 4);
	}
	db_reset(st);
	if (rc <= 0)
		return rc;
	if (r->c.today <= due) {
		*until = due;
		k->state = CASE_PROMISED;
		return 0;
	}
	if (case_paid_between(r->c.db, r->c.project_id, k->payer_id, made, due, &paid, r->err) < 0)
		return -1;
	if (paid >= amount) {
		k->state = CASE_OPEN;
		return db_run(r->c.db, NULL, r->err, "UPDATE promise SET outcome = 'kept', outcome_day = ? WHERE id = ?", "ii",
			      (int64_t)r->c.today, id) < 0 ||
			       case_event(&r->c, k->id, "promise-kept", -1, NULL, 0, r->err) < 0 ? -1 : 0;
	}
	/* broken: a follow-up for whoever took the promise, and the next step at once */
	{
		int64_t unit = 0, task, staff;
		struct buf a = BUF_INIT;
		char d[11];
		buf_add_yuan(&a, amount);
		date_format(due, d);
		buf_setf(&r->note, "业主约定 %s 前缴纳 %s，实际缴纳 ", d, a.buf);
		buf_add_yuan(&r->note, paid);
		buf_release(&a);
		if (case_first_unit(r->c.db, k, &unit, r->err) < 0)
			return -1;
		staff = case_assignee(&r->c, STEP_PROMISE_FOLLOWUP, unit, 0, contact_staff);
		if (db_run(r->c.db, NULL, r->err, "UPDATE promise SET outcome = 'broken', outcome_day = ? WHERE id = ?", "ii",
			   (int64_t)r->c.today, id) < 0 ||
		    case_task(&r->c, k, STEP_PROMISE_FOLLOWUP, staff, r->note.buf, &task, r->err) < 0 ||
		    case_event(&r->c, k->id, "promise-broken", STEP_PROMISE_FOLLOWUP, r->note.buf, 0, r->err) < 0)
			return -1;
		r->res->followups++;
		action(r, k, "task", STEP_PROMISE_FOLLOWUP, step_channel(STEP_PROMISE_FOLLOWUP), staff, r->note.buf);
		k->state = CASE_OPEN;
		k->jump = ladder_after(&r->c.policy, k->step);
	}
	return 0;
}

/* A plan: checked the day after each installment; the first miss is followed up, the
 * second breaks the plan and the ladder resumes. */
static int watch_plan(struct run *r, struct case_row *k, int *active)
{
	struct db_stmt *st;
	int64_t plan_id = 0, total = 0;
	int made = 0, misses = 0, n = 0, rc;
	struct inst {
		int seq, due;
		int64_t amount;
		int checked;
	} *inst = NULL;
	size_t ninst = 0, alloc = 0;

	*active = 0;
	if (db_cached(r->c.db, &st, "SELECT id, made_day, total_fen, misses, installments FROM plan WHERE case_id = ? "
		      "AND state = 'active' ORDER BY id DESC LIMIT 1", r->err) < 0)
		return -1;
	db_bind_int64(st, 1, k->id);
	rc = db_step(st, r->err);
	if (rc == 1) {
		plan_id = db_col_int64(st, 0);
		made = (int)db_col_int64(st, 1);
		total = db_col_int64(st, 2);
		misses = (int)db_col_int64(st, 3);
		n = (int)db_col_int64(st, 4);
	}
	db_reset(st);
	if (rc <= 0) {
		if (k->state == CASE_PLAN)
			k->state = CASE_OPEN;
		return rc;
	}
	if (db_cached(r->c.db, &st, "SELECT seq, due_day, amount_fen, checked FROM plan_installment WHERE plan_id = ? "
		      "ORDER BY seq", r->err) < 0)
		return -1;
	db_bind_int64(st, 1, plan_id);
	while ((rc = db_step(st, r->err)) == 1) {
		XGROW(inst, alloc, ninst + 1);
		inst[ninst].seq = (int)db_col_int64(st, 0);
		inst[ninst].due = (int)db_col_int64(st, 1);
		inst[ninst].amount = db_col_int64(st, 2);
		inst[ninst].checked = (int)db_col_int64(st, 3);
		ninst++;
	}
	db_reset(st);
	if (rc < 0)
		goto fail;
	k->state = CASE_PLAN;
	*active = 1;
	{
		int64_t due_by = 0, paid;
		for (size_t i = 0; i < ninst; i++) {
			due_by += inst[i].amount;
			if (inst[i].checked || inst[i].due >= r->c.today)
				continue;
			if (case_paid_between(r->c.db, r->c.project_id, k->payer_id, made, inst[i].due, &paid, r->err) < 0 ||
			    db_run(r->c.db, NULL, r->err, "UPDATE plan_installment SET checked = ? WHERE plan_id = ? AND seq = ?",
				   "iii", (int64_t)r->c.today, plan_id, (int64_t)inst[i].seq) < 0)
				goto fail;
			if (paid >= due_by)
				continue;
			misses++;
			if (db_run(r->c.db, NULL, r->err, "UPDATE plan SET misses = ? WHERE id = ?", "ii", (int64_t)misses,
				   plan_id) < 0)
				goto fail;
			if (misses == 1) {
				int64_t unit = 0, task, staff;
				char d[11];
				date_format(inst[i].due, d);
				buf_setf(&r->note, "第 %d 期（%s）未按时缴纳", inst[i].seq, d);
				if (case_first_unit(r->c.db, k, &unit, r->err) < 0)
					goto fail;
				staff = case_assignee(&r->c, STEP_PLAN_FOLLOWUP, unit, 0, 0);
				if (case_task(&r->c, k, STEP_PLAN_FOLLOWUP, staff, r->note.buf, &task, r->err) < 0 ||
				    case_event(&r->c, k->id, "plan-missed", STEP_PLAN_FOLLOWUP, r->note.buf, 0, r->err) < 0)
					goto fail;
				r->res->followups++;
				action(r, k, "task", STEP_PLAN_FOLLOWUP, step_channel(STEP_PLAN_FOLLOWUP), staff, r->note.buf);
			} else {
				/* the second miss breaks the plan */
				if (db_run(r->c.db, NULL, r->err, "UPDATE plan SET state = 'broken', ended_day = ? WHERE id = ?",
					   "ii", (int64_t)r->c.today, plan_id) < 0 ||
				    case_event(&r->c, k->id, "plan-broken", -1, "two installments missed", 0, r->err) < 0)
					goto fail;
				action(r, k, "plan-broken", -1, NULL, 0, NULL);
				k->state = CASE_OPEN;
				*active = 0;
				break;
			}
		}
		if (*active && ninst && inst[ninst - 1].due < r->c.today) {
			/* every installment's day has passed: kept if all was paid */
			if (case_paid_between(r->c.db, r->c.project_id, k->payer_id, made, r->c.today, &paid, r->err) < 0)
				goto fail;
			if (paid >= total) {
				if (db_run(r->c.db, NULL, r->err, "UPDATE plan SET state = 'kept', ended_day = ? WHERE id = ?",
					   "ii", (int64_t)r->c.today, plan_id) < 0 ||
				    case_event(&r->c, k->id, "plan-kept", -1, NULL, 0, r->err) < 0)
					goto fail;
				k->state = CASE_OPEN;
				*active = 0;
			}
		}
	}
	(void)n;
	free(inst);
	return 0;
fail:
	free(inst);
	return -1;
}

/* Where a vacant unit's owner is visited: at work on weekdays, at home at weekends. */
static void visit_note(struct run *r, const struct payer_info *p, int64_t unit)
{
	char state[16] = "";

	buf_reset(&r->note);
	{
		struct db_stmt *st;
		if (db_cached(r->c.db, &st, "SELECT state FROM unit_state WHERE unit_id = ? AND from_day <= ? "
			      "ORDER BY from_day DESC LIMIT 1", NULL) == 0) {
			db_bind_int64(st, 1, unit);
			db_bind_int64(st, 2, r->c.today);
			if (db_step(st, NULL) == 1)
				snprintf(state, sizeof(state), "%s", db_col_text(st, 0));
			db_reset(st);
		}
	}
	if (strcmp(state, "vacant"))
		return;
	if (date_weekday(r->c.today) < 5)
		buf_addf(&r->note, "空置房：工作日到业主工作单位上门（%s）", p && p->workplace[0] ? p->workplace : "单位待查");
	else
		buf_addf(&r->note, "空置房：周末到业主住处上门（%s）", p && p->address[0] ? p->address : "住址待查");
}

/* Queues the automatic message of a step on every channel the payer has. */
static int send(struct run *r, struct case_row *k, const struct debt *d, const struct payer_info *p, int step)
{
	const char *channels[3];
	int n;
	struct outbox_item it = {
		.case_id = k->id, .payer = p, .unit_id = d->first_unit, .kind = "dun", .step = step_names[step],
		.open_fen = d->open, .oldest_due = d->oldest_due,
		/* the run acts at the start of the contact hours of its day (Asia/Shanghai) */
		.send_after = (int64_t)r->c.today * 86400 + (int64_t)(r->c.policy.quiet_to - 8 * 60) * 60,
	};

	if (!r->writer)
		r->writer = outbox_writer_new(&r->c);
	if (outbox_queue(r->writer, &it, channels, &n, r->err) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		r->res->messages++;
		action(r, k, "message", step, channels[i], 0, NULL);
	}
	k->last_auto_day = r->c.today;
	return 0;
}

static int fire(struct run *r, struct case_row *k, const struct debt *d, int step, const char *why,
		const struct payer_info *p, int64_t by)
{
	struct payer_info none;

	if (!p && r->lazy_book) {
		/* the payers' contact data, read once when the first step of the run fires */
		if (!r->payers && !(r->payers = payer_book_load(r->c.db, r->c.project_id, r->err)))
			return -1;
		p = payer_book_get(r->payers, k->payer_id);
	}

	if (!p) {
		memset(&none, 0, sizeof(none));
		none.id = k->payer_id;
		p = &none;
	}
	if (step_is_auto(&r->c.policy, step)) {
		if (send(r, k, d, p, step) < 0)
			return -1;
	} else {
		int64_t staff, task;
		buf_reset(&r->note);
		if (step == STEP_VISIT)
			visit_note(r, p, d->first_unit);
		else if (step == STEP_NOTICE)
			buf_addf(&r->note, "送达书面催缴通知书（缴费期限 %d 天），留存送达回执或张贴照片",
				 r->c.policy.notice_deadline_days);
		else if (step == STEP_REVIEW)
			buf_adds(&r->note, "与业主沟通并登记欠费原因（--reason）");
		else if (step == STEP_COMMITTEE)
			buf_adds(&r->note, "请业委会协助做业主工作");
		else if (step == STEP_LAWYER)
			buf_adds(&r->note, "发律师函（每批不超过 30 户）");
		else if (step == STEP_LAWSUIT)
			buf_adds(&r->note, "决定是否申请仲裁或起诉（需审批）");
		staff = case_assignee(&r->c, step, d->first_unit, p->key, 0);
		if (case_task(&r->c, k, step, staff, r->note.buf, &task, r->err) < 0)
			return -1;
		if (step == STEP_LAWSUIT) {
			int64_t req;
			/* suing needs a manager's approval */
			if (db_run(r->c.db, &req, r->err, "INSERT INTO request (project_id, kind, unit_id, amount_fen, reason, "
				   "business_day, created_at) VALUES (?, 'lawsuit', ?, ?, ?, ?, ?) RETURNING id", "iiitii",
				   r->c.project_id, d->first_unit, d->open, "催缴阶梯：诉讼/仲裁决定", (int64_t)r->c.today,
				   (int64_t)time(NULL)) != 1)
				return -1;
		}
		r->res->tasks++;
		action(r, k, "task", step, step_channel(step), staff, r->note.len ? r->note.buf : NULL);
	}
	{
		/* the first step of a new case is also its opening */
		int opening = k->opened_day == r->c.today && k->step == step && k->step_day == r->c.today && !by;
		k->step = step;
		k->step_day = r->c.today;
		k->jump = -1;
		r->res->fired++;
		return case_event(&r->c, k->id, by ? "escalated" : opening ? "opened" : "step", step, why, by, r->err);
	}
}

int dun_fire(struct case_ctx *c, struct case_row *k, int step, const char *why, int64_t staff_id, struct buf *err)
{
	struct run r;
	struct debt d;
	struct payer_info p;
	struct dun_result res;
	struct db_stmt *st;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&res, 0, sizeof(res));
	memset(&d, 0, sizeof(d));
	r.c = *c; /* shares the stewards map: not closed here */
	r.res = &res;
	r.err = err;
	buf_init(&r.why);
	buf_init(&r.note);
	if (db_cached(c->db, &st, "SELECT MIN(due_day), COALESCE(SUM(open_fen), 0), COALESCE(MIN(unit_id), 0) FROM bill_open "
		      "WHERE project_id = ? AND payer_id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, c->project_id);
	db_bind_int64(st, 2, k->payer_id);
	rc = db_step(st, err);
	if (rc == 1) {
		d.payer_id = k->payer_id;
		d.oldest_due = db_col_is_null(st, 0) ? c->today : (int)db_col_int64(st, 0);
		d.open = db_col_int64(st, 1);
		d.first_unit = db_col_int64(st, 2);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (!d.first_unit && case_first_unit(c->db, k, &d.first_unit, err) < 0)
		return -1;
	rc = payer_info_load(c->db, c->project_id, k->payer_id, &p, err) < 0 ||
	     fire(&r, k, &d, step, why, &p, staff_id) < 0 || case_save(c, k, err) < 0 ? -1 : 0;
	buf_release(&r.why);
	buf_release(&r.note);
	outbox_writer_free(r.writer);
	return rc;
}

/* 3 years from the due date, restarted by a delivered demand, the payer's agreement, a
 * filed suit: a limitation task comes the policy's days before the end. */
static int warn_limitation(struct run *r, const struct debt *debts, size_t ndebts, struct hashmap *cases_by_payer,
			   struct case_row *cases)
{
	struct db_stmt *st;
	/* a bill can end within the warning only if its start is old enough */
	int horizon = date_add_months(r->c.today + r->c.policy.limitation_warn_days, -36);
	struct lim {
		int64_t bill, payer;
		int ends;
		char period[32], item[64];
	} *rows = NULL;
	size_t n = 0, alloc = 0;
	int rc;

	if (db_cached(r->c.db, &st, "SELECT o.bill_id, o.payer_id, o.due_day, "
		      "COALESCE((SELECT MAX(e.day) FROM limitation_event e WHERE e.bill_id = o.bill_id), o.due_day), "
		      "b.period, i.name FROM bill_open o JOIN bill b ON b.id = o.bill_id JOIN fee_item i ON i.id = b.item_id "
		      "WHERE o.project_id = ? AND o.payer_id = ? AND o.due_day <= ? ORDER BY o.due_day, o.bill_id", r->err) < 0)
		return -1;
	/* only a payer whose oldest open bill is old enough has a bill to look at */
	for (size_t d = 0; d < ndebts; d++) {
		if (debts[d].oldest_due > horizon)
			continue;
		db_bind_int64(st, 1, r->c.project_id);
		db_bind_int64(st, 2, debts[d].payer_id);
		db_bind_int64(st, 3, horizon);
		while ((rc = db_step(st, r->err)) == 1) {
			int start = (int)db_col_int64(st, 3), ends;
			if (start < (int)db_col_int64(st, 2))
				start = (int)db_col_int64(st, 2);
			ends = date_add_months(start, 36);
			if (r->c.today < ends - r->c.policy.limitation_warn_days)
				continue;
			XGROW(rows, alloc, n + 1);
			rows[n].bill = db_col_int64(st, 0);
			rows[n].payer = db_col_int64(st, 1);
			rows[n].ends = ends;
			snprintf(rows[n].period, sizeof(rows[n].period), "%s", db_col_text(st, 4));
			snprintf(rows[n].item, sizeof(rows[n].item), "%s", db_col_text(st, 5));
			n++;
		}
		db_reset(st);
		if (rc < 0)
			goto fail;
	}
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int64_t ci, task = 0, unit = 0;
		struct case_row *k;
		int fresh = 0;
		/* one task per payer, for the bills not warned of yet (for their current end) */
		buf_reset(&r->note);
		for (; j < n && rows[j].payer == rows[i].payer; j++) {
			int64_t seen;
			char d[11];
			if (db_run(r->c.db, &seen, r->err, "SELECT 1 FROM limitation_warning WHERE bill_id = ? AND ends_day = ?",
				   "ii", rows[j].bill, (int64_t)rows[j].ends) != 0)
				continue;
			date_format(rows[j].ends, d);
			buf_addf(&r->note, "%s%s %s 诉讼时效 %s 届满", fresh++ ? "；" : "", rows[j].period, rows[j].item, d);
		}
		if (!fresh || !hashmap_get(cases_by_payer, (const char *)&rows[i].payer, 8, &ci)) {
			i = j;
			continue;
		}
		k = &cases[ci];
		buf_adds(&r->note, "：送达书面催缴通知书（留存回执）可使时效重新计算");
		if (case_first_unit(r->c.db, k, &unit, r->err) < 0 ||
		    case_task(&r->c, k, STEP_LIMITATION, case_assignee(&r->c, STEP_LIMITATION, unit, 0, 0), r->note.buf,
			      &task, r->err) < 0)
			goto fail;
		if (!task) /* given today already */
			db_run(r->c.db, &task, r->err, "SELECT id FROM task WHERE case_id = ? AND step = 'limitation' "
			       "AND due_day = ?", "ii", k->id, (int64_t)r->c.today);
		for (size_t m = i; m < j; m++)
			if (db_run(r->c.db, NULL, r->err, "INSERT INTO limitation_warning (bill_id, ends_day, task_id) "
				   "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", "iii", rows[m].bill, (int64_t)rows[m].ends,
				   task) < 0)
				goto fail;
		if (case_event(&r->c, k->id, "limitation-warning", STEP_LIMITATION, r->note.buf, 0, r->err) < 0)
			goto fail;
		r->res->warnings++;
		action(r, k, "task", STEP_LIMITATION, step_channel(STEP_LIMITATION),
		       case_assignee(&r->c, STEP_LIMITATION, unit, 0, 0), r->note.buf);
		i = j;
	}
	free(rows);
	return 0;
fail:
	free(rows);
	return -1;
}

int dun_run(struct db *db, int64_t project_id, int today, int dry_run, int want_actions, struct dun_result *res,
	    struct buf *err)
{
	struct run r;
	struct debt *debts = NULL;
	struct case_row *cases = NULL;
	size_t ndebts = 0, ncases = 0, alloc;
	struct hashmap by_payer = HASHMAP_INIT, has_debt = HASHMAP_INIT;
	int rc = -1, ctx_ready = 0;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	res->actions = want_actions ? json_array() : NULL;
	r.res = res;
	r.err = err;
	r.dry = dry_run;
	buf_init(&r.why);
	buf_init(&r.note);
	/* a dry run does everything in a transaction it then rolls back */
	if (db_begin_immediate(db, err) < 0)
		goto out;
	if (case_ctx_open(&r.c, db, project_id, today, err) < 0)
		goto out;
	ctx_ready = 1;
	if (load_debts(&r, &debts, &ndebts) < 0 || load_cases(&r, &cases, &ncases, &by_payer) < 0)
		goto out;
	alloc = ncases;
	for (size_t i = 0; i < ndebts; i++)
		hashmap_put(&has_debt, (const char *)&debts[i].payer_id, 8, (int64_t)i);

	/* paid: their cases close */
	for (size_t i = 0; i < ncases; i++) {
		int64_t di;
		if (hashmap_get(&has_debt, (const char *)&cases[i].payer_id, 8, &di))
			continue;
		if (case_close(&r.c, &cases[i], "paid", "nothing owed", 0, err) < 0)
			goto out;
		res->closed++;
		action(&r, &cases[i], "closed", -1, NULL, 0, "paid");
	}
	r.lazy_book = 1;

	for (size_t i = 0; i < ndebts; i++) {
		struct debt *d = &debts[i];
		struct case_facts f;
		struct case_row *k;
		int64_t ci;
		struct case_row before;
		int step, paused_now = 0, paused_days = 0, plan = 0, until = DATE_MIN;

		if (!hashmap_get(&by_payer, (const char *)&d->payer_id, 8, &ci)) {
			if (d->open < r.c.policy.min_arrears_fen)
				continue; /* not chased */
			/* a new case: its first step is known before it is written */
			memset(&f, 0, sizeof(f));
			f.today = today;
			f.oldest_due = d->oldest_due;
			f.promise_until = f.last_auto_day = f.notice_day = f.last_day = DATE_MIN;
			f.last_step = f.jump = -1;
			step = ladder_next(&r.c.policy, &f, &r.why);
			XGROW(cases, alloc, ncases + 1);
			ci = (int64_t)ncases++;
			if (case_open_at(&r.c, d->payer_id, step, &cases[ci], err) < 0)
				goto out;
			hashmap_put(&by_payer, (const char *)&d->payer_id, 8, ci);
			res->opened++;
			action(&r, &cases[ci], "opened", -1, NULL, 0, NULL);
			if (step >= 0 && fire(&r, &cases[ci], d, step, r.why.buf, NULL, 0) < 0)
				goto out;
			continue;
		}
		k = &cases[ci];
		before = *k;
		paused_days = k->paused_days;
		if (k->state == CASE_PAUSED && watch_pause(&r, k, &paused_now, &paused_days) < 0)
			goto out;
		if (!paused_now && k->state == CASE_PROMISED && watch_promise(&r, k, &until) < 0)
			goto out;
		if (!paused_now && k->state == CASE_PLAN && watch_plan(&r, k, &plan) < 0)
			goto out;
		memset(&f, 0, sizeof(f));
		f.today = today;
		f.oldest_due = d->oldest_due;
		f.paused_days = paused_days;
		f.paused = paused_now;
		f.plan = plan;
		f.promise_until = until;
		f.last_step = k->step;
		f.last_day = k->step_day;
		f.jump = k->jump;
		f.last_auto_day = k->last_auto_day;
		f.notice_day = k->notice_day;
		f.below_threshold = d->open < r.c.policy.min_arrears_fen;
		step = ladder_next(&r.c.policy, &f, &r.why);
		if (step >= 0 && fire(&r, k, d, step, r.why.buf, NULL, 0) < 0)
			goto out;
		/* a second run the same day finds nothing to change and writes nothing */
		if (memcmp(&before, k, sizeof(before)) && case_save(&r.c, k, err) < 0)
			goto out;
	}
	if (warn_limitation(&r, debts, ndebts, &by_payer, cases) < 0)
		goto out;
	if (db_run(db, NULL, err, "INSERT INTO dun_run (project_id, day, opened, fired, created_at) VALUES (?, ?, ?, ?, ?) "
		   "ON CONFLICT DO NOTHING", "iiiii", project_id, (int64_t)today, (int64_t)res->opened, (int64_t)res->fired,
		   (int64_t)time(NULL)) < 0)
		goto out;
	if (dry_run)
		db_rollback(db);
	else if (db_commit(db, err) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0 && db_in_transaction(db))
		db_rollback(db);
	if (ctx_ready)
		case_ctx_close(&r.c);
	payer_book_free(r.payers);
	outbox_writer_free(r.writer);
	free(debts);
	free(cases);
	hashmap_clear(&by_payer);
	hashmap_clear(&has_debt);
	buf_release(&r.why);
	buf_release(&r.note);
	if (rc < 0) {
		json_decref(res->actions);
		res->actions = NULL;
	}
	return rc;
}
