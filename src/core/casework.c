/* casework.c: contacts, plans, complaints, pauses, escalations, legal steps, write-offs. */
#include "core/casework.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/xalloc.h"
#include "core/cases.h"
#include "core/dunning.h"
#include "core/ledger.h"
#include "core/phone.h"
#include "core/reasons.h"
#include "core/unit.h"
#include "core/waiver.h"

static const char *const channels[] = { "phone", "visit", "sms", "wechat", "email", "letter", "notice", "interview", NULL };
static const char *const results[] = { "reached", "no-answer", "refused", "promised", "paid", "wrong-number", NULL };
const char *const complaint_categories[] = { "cleaning", "security", "repair", "greening", "parking", "noise", "quality",
					     "other", NULL };
const char *const legal_stages[] = { "mediation", "payment-order", "arbitration", "lawsuit", "judgment", "enforcement",
				     NULL };
static const char *const teams[] = { "保洁", "秩序维护", "工程维修", "绿化", "秩序维护", "客服", "工程维修", "客服" };

#define PROOF_MAX (20L * 1024 * 1024)

static int in_list(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(s, list[i]))
			return i;
	return -1;
}

/* The case of the unit's payer: the open one, or a new one when `open_new`. */
static int unit_case(struct db *db, int64_t unit_id, int day, int open_new, struct case_ctx *c, struct case_row *k,
		     struct buf *err)
{
	int64_t project_id, payer_id;
	int rc;

	if (db_run(db, &project_id, err, "SELECT project_id FROM unit WHERE id = ?", "i", unit_id) != 1 ||
	    unit_payer_on(db, unit_id, day, &payer_id, err) < 0 || case_ctx_open(c, db, project_id, day, err) < 0)
		return -1;
	rc = case_find_open(db, project_id, payer_id, k, err);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		if (!open_new) {
			memset(k, 0, sizeof(*k));
			k->project_id = project_id;
			k->payer_id = payer_id;
			k->step = k->jump = -1;
			k->step_day = k->last_auto_day = k->notice_day = DATE_MIN;
			return 0;
		}
		return case_open(c, payer_id, k, err);
	}
	return 1;
}

static int store_proof(struct db *db, const char *path, int64_t *proof_id, struct buf *err)
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1], *b64;
	struct buf data = BUF_INIT;
	char chunk[65536];
	const char *base;
	size_t n, b64len;
	FILE *f = fopen(path, "rb");
	int rc;

	if (!f)
		return error(err, _("cannot open the proof '%s': %s"), path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_add(&data, chunk, n);
		if (data.len > PROOF_MAX) {
			fclose(f);
			buf_release(&data);
			return error(err, _("the proof '%s' is larger than 20 MiB"), path);
		}
	}
	fclose(f);
	if (!data.len) {
		buf_release(&data);
		return error(err, _("the proof '%s' is empty"), path);
	}
	crypto_hash_sha256(hash, (const unsigned char *)data.buf, data.len);
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	rc = db_run(db, proof_id, err, "SELECT id FROM proof WHERE sha256 = ?", "t", hex);
	if (rc != 0) {
		buf_release(&data);
		return rc < 0 ? -1 : 0;
	}
	b64len = sodium_base64_encoded_len(data.len, sodium_base64_VARIANT_ORIGINAL);
	b64 = xmalloc(b64len);
	sodium_bin2base64(b64, b64len, (const unsigned char *)data.buf, data.len, sodium_base64_VARIANT_ORIGINAL);
	base = strrchr(path, '/');
	rc = db_run(db, proof_id, err, "INSERT INTO proof (sha256, name, size, data_b64, created_at) VALUES (?, ?, ?, ?, ?) "
		    "RETURNING id", "ttiti", hex, base ? base + 1 : path, (int64_t)data.len, b64, (int64_t)time(NULL));
	free(b64);
	buf_release(&data);
	return rc == 1 ? 0 : -1;
}

static int complaint_in_tx(struct case_ctx *ctx, struct case_row *k, int has_case, int64_t unit_id, int cat,
			   const char *note, int64_t staff_id, int day, int64_t *work_order_id, struct buf *err);

/* Which open tasks a contact answers (CLI.md: a task is completed by a contact on its
 * channel; notice needs proof, review a reason; follow-ups take any contact). */
static int answers(const char *step, const struct contact_new *c)
{
	if (!strcmp(step, "notice") || !strcmp(step, "limitation"))
		return !strcmp(c->channel, "notice") && c->proof_path;
	if (!strcmp(step, "phone") || !strcmp(step, "visit") || !strcmp(step, "interview"))
		return !strcmp(c->channel, step);
	if (!strcmp(step, "lawyer"))
		return !strcmp(c->channel, "letter");
	if (!strcmp(step, "review"))
		return c->reason && *c->reason;
	if (!strcmp(step, "lawsuit"))
		return 0; /* a legal filing answers it */
	return 1;
}

static int complete_tasks(struct db *db, int64_t case_id, const struct contact_new *c, int64_t contact_id,
			  int *done, struct buf *err)
{
	struct db_stmt *st;
	int64_t ids[64];
	int n = 0, rc;

	if (db_prepare(db, &st, "SELECT id, step FROM task WHERE case_id = ? AND state = 'open' ORDER BY id", err) < 0)
		return -1;
	db_bind_int64(st, 1, case_id);
	while ((rc = db_step(st, err)) == 1 && n < 64)
		if (answers(db_col_text(st, 1), c))
			ids[n++] = db_col_int64(st, 0);
	db_finalize(st);
	if (rc < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (db_run(db, NULL, err, "UPDATE task SET state = 'done', done_day = ?, contact_id = ? WHERE id = ?", "iii",
			   (int64_t)c->day, contact_id, ids[i]) < 0)
			return -1;
	*done = n;
	return 0;
}

/* Failed calls on every number the payer has: time to find another way to reach them. */
static int unreachable(struct db *db, const struct case_row *k, int attempts, int *yes, struct buf *err)
{
	int64_t phones = 0, failed = 0, last_ok = 0;

	*yes = 0;
	if (db_run(db, &phones, err, "SELECT COUNT(*) FROM party_phone WHERE party_id = ?", "i", k->payer_id) < 0 ||
	    db_run(db, &last_ok, err, "SELECT COALESCE(MAX(id), 0) FROM contact WHERE payer_id = ? "
		   "AND result IN ('reached', 'promised', 'paid', 'refused')", "i", k->payer_id) < 0 ||
	    db_run(db, &failed, err, "SELECT COUNT(*) FROM contact WHERE payer_id = ? AND id > ? AND channel = 'phone' "
		   "AND result IN ('no-answer', 'wrong-number')", "ii", k->payer_id, last_ok) < 0)
		return -1;
	*yes = failed >= (int64_t)attempts * (phones > 0 ? phones : 1);
	return 0;
}

/* Each refusal names the field (the option without its dashes) that caused it. */
#define REFUSE(name, ...)                          \
	do {                                       \
		if (field)                         \
			*field = (name);           \
		return error(err, __VA_ARGS__);    \
	} while (0)

int contact_check(const struct contact_new *c, const char **field, struct buf *err)
{
	if (in_list(c->channel, channels) < 0)
		REFUSE("channel", _("unknown channel '%s' (expected phone, visit, sms, wechat, email, letter, notice or interview)"),
		       c->channel);
	if (in_list(c->result, results) < 0)
		REFUSE("result", _("unknown result '%s' (expected reached, no-answer, refused, promised, paid or wrong-number)"),
		       c->result);
	if (c->reason && *c->reason && !reason_valid(c->reason))
		REFUSE("reason", _("unknown reason '%s' (see wuye reasons)"), c->reason);
	if (!strcmp(c->result, "promised") && c->promise_day == DATE_MIN)
		REFUSE("promise-date", _("a promise needs --promise-date and --promise-amount"));
	if (!strcmp(c->result, "promised") && c->promise_fen <= 0)
		REFUSE("promise-amount", _("a promise needs --promise-date and --promise-amount"));
	if (strcmp(c->result, "promised") && (c->promise_day != DATE_MIN || c->promise_fen))
		REFUSE(c->promise_day != DATE_MIN ? "promise-date" : "promise-amount",
		       _("--promise-date and --promise-amount go with --result promised"));
	if (c->promise_day != DATE_MIN && c->promise_day < c->day)
		REFUSE("promise-date", _("the promised date is in the past"));
	if ((!strcmp(c->channel, "visit") || !strcmp(c->channel, "letter")) && (!c->note || !*c->note))
		REFUSE("note", _("a %s needs --note: what was done and said"),
		       !strcmp(c->channel, "visit") ? _("visit") : _("letter"));
	if (!strcmp(c->channel, "notice") && !c->proof_path)
		REFUSE("proof", _("a notice delivery needs --proof (the signed receipt or a photo of the posted notice)"));
	return 0;
}
#undef REFUSE

int contact_log(struct db *db, const struct contact_new *c, int64_t *contact_id, struct contact_effects *fx,
		struct buf *err)
{
	struct case_ctx ctx;
	struct case_row k, before;
	int64_t proof_id = 0, unit;
	int rc, has_case, ctx_ready = 0;

	memset(fx, 0, sizeof(*fx));
	if (contact_check(c, NULL, err) < 0)
		return -1;
	if (db_begin_immediate(db, err) < 0)
		return -1;
	has_case = unit_case(db, c->unit_id, c->day, 0, &ctx, &k, err);
	if (has_case < 0)
		goto fail;
	ctx_ready = 1;
	before = k;
	if (c->proof_path && store_proof(db, c->proof_path, &proof_id, err) < 0)
		goto fail;
	rc = db_run(db, contact_id, err, "INSERT INTO contact (case_id, unit_id, payer_id, channel, result, reason, note, phone, "
		    "promise_day, promise_fen, proof_id, staff_id, day, created_at) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "niittttt" "nnnnii",
		    has_case ? k.id : (int64_t)0, c->unit_id, k.payer_id, c->channel, c->result, c->reason ? c->reason : "",
		    c->note ? c->note : "", c->phone ? c->phone : "",
		    (int64_t)(c->promise_day == DATE_MIN ? 0 : c->promise_day), c->promise_fen, proof_id, c->staff_id,
		    (int64_t)c->day, (int64_t)time(NULL));
	if (rc != 1)
		goto fail;
	/* a call or a visit is this month's care call to a 关怀 household */
	if ((!strcmp(c->channel, "phone") || !strcmp(c->channel, "visit")) && strcmp(c->result, "no-answer") &&
	    strcmp(c->result, "wrong-number") &&
	    db_run(db, NULL, err, "UPDATE care_task SET state = 'done', done_day = ?, contact_id = ? WHERE payer_id = ? "
		   "AND state = 'open' AND due_day <= ?", "iiii", (int64_t)c->day, *contact_id, k.payer_id,
		   (int64_t)c->day) < 0)
		goto fail;
	if (!has_case) {
		/* a contact outside a case (a care call, a payer who owes nothing now) */
		case_ctx_close(&ctx);
		return db_commit(db, err);
	}
	if (complete_tasks(db, k.id, c, *contact_id, &fx->tasks_done, err) < 0)
		goto fail;
	{
		struct buf detail = BUF_INIT;
		buf_addf(&detail, "%s/%s%s%s", c->channel, c->result, c->reason && *c->reason ? " " : "",
			 c->reason && *c->reason ? c->reason : "");
		rc = case_event(&ctx, k.id, "contact", -1, detail.buf, c->staff_id, err);
		buf_release(&detail);
		if (rc < 0)
			goto fail;
	}
	if (case_first_unit(db, &k, &unit, err) < 0)
		goto fail;
	if (c->reason && *c->reason) {
		snprintf(k.reason, sizeof(k.reason), "%s", c->reason);
		if (!strcmp(c->reason, "refusal") && ctx.policy.steps[STEP_NOTICE].enabled && k.step < STEP_NOTICE)
			k.jump = STEP_NOTICE; /* straight to the written notice */
		if (!strcmp(c->reason, "service") || !strcmp(c->reason, "quality")) {
			/* the seed's answer to "service is poor": fix it, then verify it with the owner */
			if (complaint_in_tx(&ctx, &k, 1, c->unit_id,
					    in_list(!strcmp(c->reason, "quality") ? "quality" : "other", complaint_categories),
					    c->note && *c->note ? c->note : reason_label(c->reason), c->staff_id, c->day,
					    &fx->work_order_id, err) < 0)
				goto fail;
		}
	}
	if (!strcmp(c->result, "promised")) {
		if (db_run(db, &fx->promise_id, err, "INSERT INTO promise (case_id, contact_id, made_day, due_day, amount_fen) "
			   "VALUES (?, ?, ?, ?, ?) RETURNING id", "iiiii", k.id, *contact_id, (int64_t)c->day,
			   (int64_t)c->promise_day, c->promise_fen) != 1 ||
		    case_restart_limitation(db, k.project_id, k.payer_id, "promise", c->day, *contact_id, err) < 0)
			goto fail;
		k.state = CASE_PROMISED;
		fx->restarted = 1;
	}
	if (!strcmp(c->channel, "notice") || (!strcmp(c->channel, "letter") && c->proof_path)) {
		/* a written demand delivered with proof: its deadline runs, the limitation restarts */
		if (!strcmp(c->channel, "notice"))
			k.notice_day = c->day;
		if (case_restart_limitation(db, k.project_id, k.payer_id, !strcmp(c->channel, "notice") ? "notice" : "lawyer",
					    c->day, *contact_id, err) < 0)
			goto fail;
		fx->restarted = 1;
	}
	{
		int trace = !strcmp(c->reason ? c->reason : "", "unreachable");
		if (!trace && !strcmp(c->channel, "phone") &&
		    (!strcmp(c->result, "no-answer") || !strcmp(c->result, "wrong-number")) &&
		    unreachable(db, &k, ctx.policy.unreachable_attempts, &trace, err) < 0)
			goto fail;
		if (trace) {
			int64_t open = 0;
			if (db_run(db, &open, err, "SELECT id FROM task WHERE case_id = ? AND step = 'trace' AND state = 'open'",
				   "i", k.id) < 0)
				goto fail;
			if (!open && case_task(&ctx, &k, STEP_TRACE, case_assignee(&ctx, STEP_TRACE, unit, 0, 0),
					       "通过同事、邻居、工作单位取得联系方式（只问联系方式，不提欠费）",
					       &fx->trace_task_id, err) < 0)
				goto fail;
		}
	}
	if (memcmp(&before, &k, sizeof(k)) && case_save(&ctx, &k, err) < 0)
		goto fail;
	case_ctx_close(&ctx);
	return db_commit(db, err);
fail:
	if (ctx_ready)
		case_ctx_close(&ctx);
	db_rollback(db);
	return -1;
}

int plan_make(struct db *db, int64_t unit_id, int n, int first, int every_months, int64_t staff_id, int day,
	      int64_t *plan_id, struct buf *err)
{
	struct case_ctx ctx;
	struct case_row k;
	int64_t total = 0, base;

	if (n < 1 || n > 60)
		return error(err, _("--installments must be between 1 and 60"));
	if (every_months < 1 || every_months > 12)
		return error(err, _("installments come every 1 to 12 months"));
	if (first < day)
		return error(err, _("the first installment cannot be in the past"));
	if (db_begin_immediate(db, err) < 0)
		return -1;
	if (unit_case(db, unit_id, day, 1, &ctx, &k, err) < 0)
		goto fail;
	if (db_run(db, &total, err, "SELECT COALESCE(SUM(open_fen), 0) FROM bill_open WHERE project_id = ? AND payer_id = ?",
		   "ii", k.project_id, k.payer_id) < 0)
		goto fail_ctx;
	if (!total) {
		error(err, _("nothing is owed: there is nothing to pay in installments"));
		goto fail_ctx;
	}
	if (db_run(db, NULL, err, "UPDATE plan SET state = 'broken', ended_day = ? WHERE case_id = ? AND state = 'active'",
		   "ii", (int64_t)day, k.id) < 0 ||
	    db_run(db, plan_id, err, "INSERT INTO plan (case_id, made_day, total_fen, installments, state, staff_id, created_at) "
		   "VALUES (?, ?, ?, ?, 'active', ?, ?) RETURNING id", "iiiini", k.id, (int64_t)day, total, (int64_t)n,
		   staff_id, (int64_t)time(NULL)) != 1)
		goto fail_ctx;
	base = total / n;
	for (int i = 0; i < n; i++) {
		int64_t amount = i == n - 1 ? total - base * (n - 1) : base;
		if (db_run(db, NULL, err, "INSERT INTO plan_installment (plan_id, seq, due_day, amount_fen) VALUES (?, ?, ?, ?)",
			   "iiii", *plan_id, (int64_t)(i + 1), (int64_t)date_add_months(first, i * every_months), amount) < 0)
			goto fail_ctx;
	}
	/* a plan is the payer's agreement to pay: the limitation restarts */
	if (case_restart_limitation(db, k.project_id, k.payer_id, "plan", day, *plan_id, err) < 0)
		goto fail_ctx;
	k.state = CASE_PLAN;
	{
		struct buf d = BUF_INIT;
		buf_addf(&d, "%d 期，共 ", n);
		buf_add_yuan(&d, total);
		if (case_save(&ctx, &k, err) < 0 || case_event(&ctx, k.id, "plan", -1, d.buf, staff_id, err) < 0) {
			buf_release(&d);
			goto fail_ctx;
		}
		buf_release(&d);
	}
	case_ctx_close(&ctx);
	return db_commit(db, err);
fail_ctx:
	case_ctx_close(&ctx);
fail:
	db_rollback(db);
	return -1;
}

/* The work order and the pause, in the caller's transaction. */
static int complaint_in_tx(struct case_ctx *ctx, struct case_row *k, int has_case, int64_t unit_id, int cat,
			   const char *note, int64_t staff_id, int day, int64_t *work_order_id, struct buf *err)
{
	struct buf d = BUF_INIT;
	int rc = -1;

	if (db_run(ctx->db, work_order_id, err, "INSERT INTO work_order (case_id, unit_id, category, team, note, opened_day, "
		   "staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "nitttini",
		   has_case ? k->id : (int64_t)0, unit_id, complaint_categories[cat], teams[cat], note, (int64_t)day,
		   staff_id, (int64_t)time(NULL)) != 1)
		return -1;
	if (!has_case)
		return 0;
	/* service complaints stop the clock until the fix is verified with the owner */
	buf_addf(&d, "工单 %lld（%s）：%s", (long long)*work_order_id, teams[cat], note);
	if (db_run(ctx->db, NULL, err, "UPDATE pause SET ended_day = ? WHERE case_id = ? AND ended_day IS NULL", "ii",
		   (int64_t)day, k->id) < 0 ||
	    db_run(ctx->db, NULL, err, "INSERT INTO pause (case_id, from_day, reason, work_order_id, staff_id, created_at) "
		   "VALUES (?, ?, ?, ?, ?, ?)", "iitini", k->id, (int64_t)day, d.buf, *work_order_id, staff_id,
		   (int64_t)time(NULL)) < 0 ||
	    case_event(ctx, k->id, "paused", -1, d.buf, staff_id, err) < 0)
		goto out;
	k->state = CASE_PAUSED;
	rc = 0;
out:
	buf_release(&d);
	return rc;
}

int complaint_open(struct db *db, int64_t unit_id, const char *category, const char *note, int64_t staff_id, int day,
		   int64_t *work_order_id, struct buf *err)
{
	struct case_ctx ctx;
	struct case_row k;
	int cat = in_list(category, complaint_categories), has_case;

	if (cat < 0)
		return error(err, _("unknown category '%s' (expected cleaning, security, repair, greening, parking, noise, quality or other)"),
			     category);
	if (!note || !*note)
		return error(err, _("a complaint needs --note: what is wrong"));
	if (db_begin_immediate(db, err) < 0)
		return -1;
	if ((has_case = unit_case(db, unit_id, day, 0, &ctx, &k, err)) < 0)
		goto fail;
	if (complaint_in_tx(&ctx, &k, has_case, unit_id, cat, note, staff_id, day, work_order_id, err) < 0 ||
	    (has_case && case_save(&ctx, &k, err) < 0)) {
		case_ctx_close(&ctx);
		goto fail;
	}
	case_ctx_close(&ctx);
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

/* Ends the open pause of a case on `day`: its days join the paused total. */
static int end_pause(struct case_ctx *ctx, struct case_row *k, int day, const char *why, int64_t staff_id,
		     struct buf *err)
{
	int64_t pause_id = 0, from = 0;
	struct db_stmt *st;
	int rc;

	if (db_cached(ctx->db, &st, "SELECT id, from_day FROM pause WHERE case_id = ? AND ended_day IS NULL "
		      "ORDER BY id LIMIT 1", err) < 0)
		return -1;
	db_bind_int64(st, 1, k->id);
	rc = db_step(st, err);
	if (rc == 1) {
		pause_id = db_col_int64(st, 0);
		from = db_col_int64(st, 1);
	}
	db_reset(st);
	if (rc <= 0)
		return rc;
	if (day > from)
		k->paused_days += (int)(day - from);
	k->state = CASE_OPEN;
	if (db_run(ctx->db, NULL, err, "UPDATE pause SET ended_day = ? WHERE id = ?", "ii", (int64_t)day, pause_id) < 0 ||
	    case_event(ctx, k->id, "resumed", -1, why, staff_id, err) < 0 || case_save(ctx, k, err) < 0)
		return -1;
	return 1;
}

int workorder_update(struct db *db, int64_t work_order_id, int verified, int64_t staff_id, int day, struct buf *err)
{
	struct case_ctx ctx;
	struct case_row k;
	struct db_stmt *st;
	int64_t case_id = 0, unit_id = 0, project_id = 0;
	int fixed = 0, done = 0, rc, ctx_ready = 0;

	if (db_begin_immediate(db, err) < 0)
		return -1;
	if (db_prepare(db, &st, "SELECT COALESCE(w.case_id, 0), w.unit_id, u.project_id, w.fixed_day IS NOT NULL, "
		       "w.verified_day IS NOT NULL FROM work_order w JOIN unit u ON u.id = w.unit_id WHERE w.id = ?", err) < 0)
		goto fail;
	db_bind_int64(st, 1, work_order_id);
	rc = db_step(st, err);
	if (rc == 1) {
		case_id = db_col_int64(st, 0);
		unit_id = db_col_int64(st, 1);
		project_id = db_col_int64(st, 2);
		fixed = (int)db_col_int64(st, 3);
		done = (int)db_col_int64(st, 4);
	}
	db_finalize(st);
	if (rc != 1) {
		if (rc == 0)
			error(err, _("unknown work order %lld"), (long long)work_order_id);
		goto fail;
	}
	(void)unit_id;
	if (done) {
		error(err, _("work order %lld is already verified"), (long long)work_order_id);
		goto fail;
	}
	if (!verified) {
		if (fixed) {
			error(err, _("work order %lld is already fixed"), (long long)work_order_id);
			goto fail;
		}
		if (db_run(db, NULL, err, "UPDATE work_order SET fixed_day = ? WHERE id = ?", "ii", (int64_t)day,
			   work_order_id) < 0)
			goto fail;
		return db_commit(db, err);
	}
	if (db_run(db, NULL, err, "UPDATE work_order SET verified_day = ?, fixed_day = COALESCE(fixed_day, ?) WHERE id = ?",
		   "iii", (int64_t)day, (int64_t)day, work_order_id) < 0)
		goto fail;
	if (case_id) {
		if (case_ctx_open(&ctx, db, project_id, day, err) < 0)
			goto fail;
		ctx_ready = 1;
		if (case_get(db, case_id, &k, err) < 0)
			goto fail;
		/* verified on site with the owner: the ladder resumes where it stopped */
		if (k.state != CASE_CLOSED && end_pause(&ctx, &k, day, "工单已经业主现场验收", staff_id, err) < 0)
			goto fail;
		case_ctx_close(&ctx);
		ctx_ready = 0;
	}
	return db_commit(db, err);
fail:
	if (ctx_ready)
		case_ctx_close(&ctx);
	db_rollback(db);
	return -1;
}

int case_pause_until(struct db *db, int64_t unit_id, int until, const char *reason, int64_t staff_id, int day,
		     struct buf *err)
{
	struct case_ctx ctx;
	struct case_row k;
	struct buf d = BUF_INIT;
	int rc;

	if (!reason || !*reason)
		return error(err, _("a pause needs --reason"));
	if (until < day)
		return error(err, _("--until is in the past"));
	if (db_begin_immediate(db, err) < 0)
		return -1;
	rc = unit_case(db, unit_id, day, 0, &ctx, &k, err);
	if (rc <= 0) {
		if (rc == 0)
			error(err, _("the unit's payer has no open case"));
		goto fail;
	}
	{
		char u[11];
		date_format(until, u);
		buf_addf(&d, "暂停至 %s：%s", u, reason);
	}
	if (end_pause(&ctx, &k, day, "replaced by a new pause", staff_id, err) < 0 ||
	    db_run(db, NULL, err, "INSERT INTO pause (case_id, from_day, to_day, reason, staff_id, created_at) "
		   "VALUES (?, ?, ?, ?, ?, ?)", "iiitni", k.id, (int64_t)day, (int64_t)until, reason, staff_id,
		   (int64_t)time(NULL)) < 0 ||
	    case_event(&ctx, k.id, "paused", -1, d.buf, staff_id, err) < 0)
		goto fail_ctx;
	k.state = CASE_PAUSED;
	if (case_save(&ctx, &k, err) < 0)
		goto fail_ctx;
	buf_release(&d);
	case_ctx_close(&ctx);
	return db_commit(db, err);
fail_ctx:
	case_ctx_close(&ctx);
fail:
	buf_release(&d);
	db_rollback(db);
	return -1;
}

int case_resume(struct db *db, int64_t unit_id, int64_t staff_id, int day, struct buf *err)
{
	struct case_ctx ctx;
	struct case_row k;
	int rc;

	if (db_begin_immediate(db, err) < 0)
		return -1;
	rc = unit_case(db, unit_id, day, 0, &ctx, &k, err);
	if (rc <= 0) {
		if (rc == 0)
			error(err, _("the unit's payer has no open case"));
		goto fail;
	}
	rc = end_pause(&ctx, &k, day, "resumed by hand", staff_id, err);
	case_ctx_close(&ctx);
	if (rc == 0)
		error(err, _("the case is not paused"));
	if (rc <= 0)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

/* 民法典 第944条: a lawsuit or arbitration only after a written demand, delivered with
 * proof, whose deadline has passed. */
static int demand_given(struct case_ctx *ctx, const struct case_row *k, int day, struct buf *err)
{
	if (k->notice_day == DATE_MIN)
		return error(err, _("no written notice (催缴通知书) was delivered with proof: the law asks for a demand "
				    "with a deadline before suing"));
	if (day <= k->notice_day + ctx->policy.notice_deadline_days) {
		char d[11];
		date_format(k->notice_day + ctx->policy.notice_deadline_days, d);
		return error(err, _("the written notice's deadline runs until %s: legal steps come after it"), d);
	}
	return 0;
}

int case_escalate(struct db *db, int64_t unit_id, const char *step_name, const char *reason, int64_t staff_id, int day,
		  int64_t *request_id, struct buf *err)
{
	struct case_ctx ctx;
	struct case_row k;
	int step = step_parse(step_name), rc;

	*request_id = 0;
	if (step < 0 || step >= LADDER_STEPS)
		return error(err, _("'%s' is not a ladder step"), step_name);
	if (!reason || !*reason)
		return error(err, _("an escalation needs --reason"));
	if (db_begin_immediate(db, err) < 0)
		return -1;
	rc = unit_case(db, unit_id, day, 0, &ctx, &k, err);
	if (rc <= 0) {
		if (rc == 0)
			error(err, _("the unit's payer has no open case"));
		goto fail;
	}
	if (!ctx.policy.steps[step].enabled) {
		error(err, _("this project's ladder has no step '%s'"), step_name);
		goto fail_ctx;
	}
	if (step <= k.step) {
		error(err, _("the case is at '%s' already"), step_names[k.step]);
		goto fail_ctx;
	}
	if (step == STEP_LAWSUIT && demand_given(&ctx, &k, day, err) < 0)
		goto fail_ctx;
	if (step >= STEP_LAWYER) {
		/* legal steps need a manager's approval, then fire */
		int64_t open = 0;
		if (db_run(db, &open, err, "SELECT COALESCE(SUM(open_fen), 0) FROM bill_open WHERE project_id = ? AND payer_id = ?",
			   "ii", k.project_id, k.payer_id) < 0 ||
		    db_run(db, request_id, err, "INSERT INTO request (project_id, kind, unit_id, amount_fen, reason, requested_by, "
			   "business_day, created_at) VALUES (?, 'lawsuit', ?, ?, ?, ?, ?, ?) RETURNING id", "iiitnii",
			   k.project_id, unit_id, open, reason, staff_id, (int64_t)day, (int64_t)time(NULL)) != 1 ||
		    db_run(db, NULL, err, "INSERT INTO escalation (request_id, case_id, step) VALUES (?, ?, ?)", "iit",
			   *request_id, k.id, step_names[step]) < 0 ||
		    case_event(&ctx, k.id, "escalation-asked", step, reason, staff_id, err) < 0)
			goto fail_ctx;
	} else if (dun_fire(&ctx, &k, step, reason, staff_id, err) < 0) {
		goto fail_ctx;
	}
	case_ctx_close(&ctx);
	return db_commit(db, err);
fail_ctx:
	case_ctx_close(&ctx);
fail:
	db_rollback(db);
	return -1;
}

int legal_record(struct db *db, int64_t unit_id, const char *stage, int day, int64_t cost_fen, const char *outcome,
		 const char *note, int64_t staff_id, int64_t *matter_id, struct buf *err)
{
	struct case_ctx ctx;
	struct case_row k;
	int s = in_list(stage, legal_stages), filing, rc;
	int64_t approved = 0;

	if (s < 0)
		return error(err, _("unknown stage '%s' (expected mediation, payment-order, arbitration, lawsuit, judgment or enforcement)"),
			     stage);
	if (cost_fen < 0)
		return error(err, _("--cost must not be negative"));
	filing = !strcmp(stage, "payment-order") || !strcmp(stage, "arbitration") || !strcmp(stage, "lawsuit");
	if (db_begin_immediate(db, err) < 0)
		return -1;
	rc = unit_case(db, unit_id, day, 0, &ctx, &k, err);
	if (rc <= 0) {
		if (rc == 0)
			error(err, _("the unit's payer has no open case"));
		goto fail;
	}
	if (filing) {
		if (demand_given(&ctx, &k, day, err) < 0)
			goto fail_ctx;
		if (db_run(db, &approved, err, "SELECT r.id FROM request r JOIN decision d ON d.request_id = r.id "
			   "WHERE r.kind = 'lawsuit' AND d.approved = 1 AND r.project_id = ? AND r.unit_id IN "
			   "(SELECT DISTINCT unit_id FROM bill WHERE project_id = ? AND payer_id = ?) LIMIT 1", "iii",
			   k.project_id, k.project_id, k.payer_id) < 0)
			goto fail_ctx;
		if (!approved) {
			error(err, _("going to court needs an approved decision: ask with wuye case escalate --to lawsuit"));
			goto fail_ctx;
		}
	}
	if (db_run(db, matter_id, err, "INSERT INTO legal_matter (case_id, stage, day, cost_fen, outcome, note, staff_id, "
		   "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "itiittni", k.id, stage, (int64_t)day, cost_fen,
		   outcome ? outcome : "", note ? note : "", staff_id, (int64_t)time(NULL)) != 1)
		goto fail_ctx;
	if (filing) {
		/* a filed suit restarts the limitation of the bills in it, and answers the task */
		if (case_restart_limitation(db, k.project_id, k.payer_id, "lawsuit", day, *matter_id, err) < 0 ||
		    db_run(db, NULL, err, "UPDATE task SET state = 'done', done_day = ? WHERE case_id = ? AND state = 'open' "
			   "AND step IN ('lawsuit', 'limitation')", "ii", (int64_t)day, k.id) < 0)
			goto fail_ctx;
	}
	k.state = CASE_LEGAL;
	if (case_save(&ctx, &k, err) < 0 || case_event(&ctx, k.id, "legal", -1, stage, staff_id, err) < 0)
		goto fail_ctx;
	case_ctx_close(&ctx);
	return db_commit(db, err);
fail_ctx:
	case_ctx_close(&ctx);
fail:
	db_rollback(db);
	return -1;
}

int writeoff_request(struct db *db, int64_t unit_id, const char *reason, int64_t staff_id, int day,
		     int64_t *request_id, struct buf *err)
{
	int64_t project_id, payer_id, open = 0;

	if (!reason || !*reason)
		return error(err, _("a write-off needs --reason"));
	if (db_begin_immediate(db, err) < 0)
		return -1;
	if (db_run(db, &project_id, err, "SELECT project_id FROM unit WHERE id = ?", "i", unit_id) != 1 ||
	    unit_payer_on(db, unit_id, day, &payer_id, err) < 0 ||
	    db_run(db, &open, err, "SELECT COALESCE(SUM(open_fen), 0) FROM bill_open WHERE project_id = ? AND payer_id = ?",
		   "ii", project_id, payer_id) < 0)
		goto fail;
	if (!open) {
		error(err, _("nothing is owed: there is nothing to write off"));
		goto fail;
	}
	if (db_run(db, request_id, err, "INSERT INTO request (project_id, kind, unit_id, amount_fen, reason, requested_by, "
		   "business_day, created_at) VALUES (?, 'writeoff', ?, ?, ?, ?, ?, ?) RETURNING id", "iiitnii", project_id,
		   unit_id, open, reason, staff_id, (int64_t)day, (int64_t)time(NULL)) != 1)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

int casework_approved(struct db *db, int64_t request_id, const struct staff *by, int day, struct buf *err)
{
	struct db_stmt *st;
	char kind[24] = "", reason[256] = "", step[24] = "";
	int64_t project_id = 0, unit_id = 0, case_id = 0;
	int rc;

	if (db_prepare(db, &st, "SELECT r.kind, r.project_id, COALESCE(r.unit_id, 0), r.reason, COALESCE(e.case_id, 0), "
		       "COALESCE(e.step, '') FROM request r LEFT JOIN escalation e ON e.request_id = r.id WHERE r.id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, request_id);
	rc = db_step(st, err);
	if (rc == 1) {
		snprintf(kind, sizeof(kind), "%s", db_col_text(st, 0));
		project_id = db_col_int64(st, 1);
		unit_id = db_col_int64(st, 2);
		snprintf(reason, sizeof(reason), "%s", db_col_text(st, 3));
		case_id = db_col_int64(st, 4);
		snprintf(step, sizeof(step), "%s", db_col_text(st, 5));
	}
	db_finalize(st);
	if (rc != 1)
		return rc < 0 ? -1 : 0;
	if (!strcmp(kind, "writeoff")) {
		/* each open bill of the payer is waived, and the case closes as uncollectible */
		struct case_ctx ctx;
		struct case_row k;
		struct ledger l;
		int64_t payer_id;
		int64_t (*bills)[2] = NULL;
		size_t n = 0, alloc = 0;

		if (unit_payer_on(db, unit_id, day, &payer_id, err) < 0 ||
		    db_prepare(db, &st, "SELECT bill_id, open_fen FROM bill_open WHERE project_id = ? AND payer_id = ? "
			       "ORDER BY due_day, bill_id", err) < 0)
			return -1;
		db_bind_int64(st, 1, project_id);
		db_bind_int64(st, 2, payer_id);
		while ((rc = db_step(st, err)) == 1) {
			XGROW(bills, alloc, n + 1);
			bills[n][0] = db_col_int64(st, 0);
			bills[n][1] = db_col_int64(st, 1);
			n++;
		}
		db_finalize(st);
		if (rc < 0 || ledger_open(&l, db, project_id, day, err) < 0) {
			free(bills);
			return -1;
		}
		for (size_t i = 0; rc == 0 && i < n; i++)
			if (waiver_apply(&l, request_id, bills[i][0], bills[i][1], 0, NULL, err) < 0)
				rc = -1;
		ledger_close(&l);
		free(bills);
		if (rc < 0 || case_ctx_open(&ctx, db, project_id, day, err) < 0)
			return -1;
		rc = case_find_open(db, project_id, payer_id, &k, err);
		if (rc == 1)
			rc = case_close(&ctx, &k, "writeoff", reason, by->id, err);
		case_ctx_close(&ctx);
		return rc < 0 ? -1 : 0;
	}
	if (!strcmp(kind, "lawsuit") && case_id) {
		/* an approved escalation fires its step */
		struct case_ctx ctx;
		struct case_row k;
		if (case_ctx_open(&ctx, db, project_id, day, err) < 0)
			return -1;
		rc = case_get(db, case_id, &k, err);
		if (rc == 0 && k.state != CASE_CLOSED && step_parse(step) > k.step)
			rc = dun_fire(&ctx, &k, step_parse(step), reason, by->id, err);
		case_ctx_close(&ctx);
		return rc < 0 ? -1 : 0;
	}
	return 0;
}
