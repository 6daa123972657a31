/* cases.c: cases, their history, tasks, assignees. */
#include "core/cases.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/xalloc.h"

const char *const case_state_names[] = { "open", "paused", "promised", "plan", "legal", "closed", NULL };

static const char *const case_state_labels[] = { "催缴中", "暂停", "已约定缴费", "分期中", "法律程序", "已结案" };

const char *case_state_label(const char *state)
{
	for (int i = 0; case_state_names[i]; i++)
		if (!strcmp(state, case_state_names[i]))
			return case_state_labels[i];
	return state;
}

static enum case_state parse_state(const char *s)
{
	for (int i = 0; case_state_names[i]; i++)
		if (!strcmp(s, case_state_names[i]))
			return (enum case_state)i;
	return CASE_OPEN;
}

static int64_t first_staff(struct db *db, int64_t project_id, const char *role)
{
	int64_t id = 0;

	db_run(db, &id, NULL, "SELECT s.id FROM staff s JOIN staff_project sp ON sp.staff_id = s.id "
	       "WHERE sp.project_id = ? AND s.role = ? AND s.active = 1 ORDER BY s.id LIMIT 1", "it", project_id, role);
	return id;
}

int case_ctx_open(struct case_ctx *c, struct db *db, int64_t project_id, int today, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	memset(c, 0, sizeof(*c));
	c->db = db;
	c->project_id = project_id;
	c->today = today;
	if (policy_get(db, project_id, &c->policy, err) < 0)
		return -1;
	if (db_cached(db, &st, "SELECT name, code, office_phone, pay_url, pay_secret FROM project WHERE id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	rc = db_step(st, err);
	if (rc == 1) {
		snprintf(c->project_name, sizeof(c->project_name), "%s", db_col_text(st, 0));
		snprintf(c->project_code, sizeof(c->project_code), "%s", db_col_text(st, 1));
		snprintf(c->office_phone, sizeof(c->office_phone), "%s", db_col_text(st, 2));
		snprintf(c->pay_url, sizeof(c->pay_url), "%s", db_col_text(st, 3));
		snprintf(c->pay_secret, sizeof(c->pay_secret), "%s", db_col_text(st, 4));
	}
	db_reset(st);
	if (rc != 1)
		return rc < 0 ? -1 : error(err, "unknown project %lld", (long long)project_id);
	c->manager_id = first_staff(db, project_id, "manager");
	c->legal_id = first_staff(db, project_id, "legal");
	c->service_id = first_staff(db, project_id, "service");
	db_run(db, &c->admin_id, NULL, "SELECT id FROM staff WHERE role = 'admin' AND active = 1 ORDER BY id LIMIT 1", "");
	/* each building's steward on the day: the latest assignment wins, the first-added
	 * steward among equals */
	if (db_cached(db, &st, "SELECT sb.building_id, sb.staff_id FROM staff_building sb JOIN staff s ON s.id = sb.staff_id "
		      "JOIN building b ON b.id = sb.building_id WHERE b.project_id = ? AND s.role = 'steward' "
		      "AND s.active = 1 AND sb.from_day <= ? ORDER BY sb.building_id, sb.from_day, sb.staff_id DESC", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, today);
	while ((rc = db_step(st, err)) == 1) {
		int64_t b = db_col_int64(st, 0);
		hashmap_put(&c->stewards, (const char *)&b, 8, db_col_int64(st, 1));
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

void case_ctx_close(struct case_ctx *c)
{
	hashmap_clear(&c->stewards);
}

static void read_case(struct db_stmt *st, struct case_row *k)
{
	memset(k, 0, sizeof(*k));
	k->id = db_col_int64(st, 0);
	k->project_id = db_col_int64(st, 1);
	k->payer_id = db_col_int64(st, 2);
	k->state = parse_state(db_col_text(st, 3));
	k->step = *db_col_text(st, 4) ? step_parse(db_col_text(st, 4)) : -1;
	k->step_day = db_col_is_null(st, 5) ? DATE_MIN : (int)db_col_int64(st, 5);
	k->paused_days = (int)db_col_int64(st, 6);
	k->jump = *db_col_text(st, 7) ? step_parse(db_col_text(st, 7)) : -1;
	k->last_auto_day = db_col_is_null(st, 8) ? DATE_MIN : (int)db_col_int64(st, 8);
	k->notice_day = db_col_is_null(st, 9) ? DATE_MIN : (int)db_col_int64(st, 9);
	k->opened_day = (int)db_col_int64(st, 10);
	snprintf(k->reason, sizeof(k->reason), "%s", db_col_text(st, 11));
}

#define CASE_COLUMNS "id, project_id, payer_id, state, step, step_day, paused_days, jump, last_auto_day, " \
		     "notice_day, opened_day, reason"

int case_find_open(struct db *db, int64_t project_id, int64_t payer_id, struct case_row *out, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	if (db_cached(db, &st, "SELECT " CASE_COLUMNS " FROM dun_case WHERE project_id = ? AND payer_id = ? "
		      "AND state <> 'closed' ORDER BY id DESC LIMIT 1", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, payer_id);
	rc = db_step(st, err);
	if (rc == 1)
		read_case(st, out);
	db_reset(st);
	return rc;
}

int case_list_open(struct db *db, int64_t project_id, struct case_row **out, size_t *n, struct buf *err)
{
	struct db_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (db_cached(db, &st, "SELECT " CASE_COLUMNS " FROM dun_case WHERE project_id = ? AND state <> 'closed' ORDER BY id",
		      err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	while ((rc = db_step(st, err)) == 1) {
		XGROW(*out, alloc, *n + 1);
		read_case(st, &(*out)[(*n)++]);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int case_get(struct db *db, int64_t case_id, struct case_row *out, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	if (db_cached(db, &st, "SELECT " CASE_COLUMNS " FROM dun_case WHERE id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, case_id);
	rc = db_step(st, err);
	if (rc == 1)
		read_case(st, out);
	db_reset(st);
	return rc == 1 ? 0 : rc < 0 ? -1 : error(err, "unknown case %lld", (long long)case_id);
}

int case_event(struct case_ctx *c, int64_t case_id, const char *kind, int step, const char *detail, int64_t staff_id,
	       struct buf *err)
{
	return db_run(c->db, NULL, err, "INSERT INTO case_event (case_id, day, kind, step, detail, staff_id, created_at) "
		      "VALUES (?, ?, ?, ?, ?, ?, ?)", "iitttni", case_id, (int64_t)c->today, kind,
		      step >= 0 ? step_names[step] : "", detail ? detail : "", staff_id, (int64_t)time(NULL)) < 0 ? -1 : 0;
}

static void bind_day_or_null(struct db_stmt *st, int idx, int day)
{
	if (day == DATE_MIN)
		db_bind_null(st, idx);
	else
		db_bind_int64(st, idx, day);
}

int case_open_at(struct case_ctx *c, int64_t payer_id, int step, struct case_row *out, struct buf *err)
{
	int auto_step = step >= 0 && step_is_auto(&c->policy, step);
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	out->project_id = c->project_id;
	out->payer_id = payer_id;
	out->state = CASE_OPEN;
	out->step = step;
	out->step_day = step >= 0 ? c->today : DATE_MIN;
	out->jump = -1;
	out->last_auto_day = auto_step ? c->today : DATE_MIN;
	out->notice_day = DATE_MIN;
	out->opened_day = c->today;
	if (db_cached(c->db, &st, "INSERT INTO dun_case (project_id, payer_id, opened_day, state, step, step_day, last_auto_day) "
		      "VALUES (?, ?, ?, 'open', ?, ?, ?) RETURNING id", err) < 0)
		return -1;
	db_bind_int64(st, 1, c->project_id);
	db_bind_int64(st, 2, payer_id);
	db_bind_int64(st, 3, c->today);
	db_bind_text(st, 4, step >= 0 ? step_names[step] : "");
	bind_day_or_null(st, 5, out->step_day);
	bind_day_or_null(st, 6, out->last_auto_day);
	rc = db_step(st, err);
	if (rc == 1)
		out->id = db_col_int64(st, 0);
	db_reset(st);
	if (rc != 1)
		return -1;
	/* a case opened at a step has that step's event as its first: it says both */
	return step >= 0 ? 0 : case_event(c, out->id, "opened", -1, NULL, 0, err);
}

int case_open(struct case_ctx *c, int64_t payer_id, struct case_row *out, struct buf *err)
{
	return case_open_at(c, payer_id, -1, out, err);
}

int case_save(struct case_ctx *c, const struct case_row *k, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	if (db_cached(c->db, &st, "UPDATE dun_case SET state = ?, step = ?, step_day = ?, paused_days = ?, jump = ?, "
		      "last_auto_day = ?, notice_day = ?, reason = ? WHERE id = ?", err) < 0)
		return -1;
	db_bind_text(st, 1, case_state_names[k->state]);
	db_bind_text(st, 2, k->step >= 0 ? step_names[k->step] : "");
	bind_day_or_null(st, 3, k->step_day);
	db_bind_int64(st, 4, k->paused_days);
	db_bind_text(st, 5, k->jump >= 0 ? step_names[k->jump] : "");
	bind_day_or_null(st, 6, k->last_auto_day);
	bind_day_or_null(st, 7, k->notice_day);
	db_bind_text(st, 8, k->reason);
	db_bind_int64(st, 9, k->id);
	rc = db_step(st, err);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int case_close(struct case_ctx *c, struct case_row *k, const char *outcome, const char *why, int64_t staff_id,
	       struct buf *err)
{
	if (db_run(c->db, NULL, err, "UPDATE dun_case SET state = 'closed', closed_day = ?, outcome = ? WHERE id = ?",
		   "iti", (int64_t)c->today, outcome, k->id) < 0 ||
	    db_run(c->db, NULL, err, "UPDATE task SET state = 'cancelled', done_day = ? WHERE case_id = ? AND state = 'open'",
		   "ii", (int64_t)c->today, k->id) < 0 ||
	    db_run(c->db, NULL, err, "UPDATE outbox SET state = 'cancelled' WHERE case_id = ? AND state = 'queued'", "i",
		   k->id) < 0)
		return -1;
	k->state = CASE_CLOSED;
	return case_event(c, k->id, "closed", -1, why, staff_id, err);
}

int64_t case_assignee(struct case_ctx *c, int step, int64_t unit_id, int key_household, int64_t staff_hint)
{
	int64_t id = 0;
	enum doer who = step < LADDER_STEPS ? c->policy.steps[step].who : DOER_STEWARD;

	if (staff_hint)
		return staff_hint;
	switch (step) {
	case STEP_LIMITATION:
		who = DOER_LEGAL;
		break;
	case STEP_SERVICE_FAILURE:
		who = DOER_MANAGER;
		break;
	case STEP_CARE:
		who = DOER_SERVICE;
		break;
	case STEP_VISIT:
		/* the manager visits key households himself (重点户主管骨干上门) */
		if (key_household)
			who = DOER_MANAGER;
		break;
	default:
		break;
	}
	switch (who) {
	case DOER_STEWARD: {
		int64_t building = 0;
		db_run(c->db, &building, NULL, "SELECT building_id FROM unit WHERE id = ?", "i", unit_id);
		hashmap_get(&c->stewards, (const char *)&building, 8, &id);
		break;
	}
	case DOER_LEGAL:
		id = c->legal_id;
		break;
	case DOER_SERVICE:
		id = c->service_id;
		break;
	default:
		break;
	}
	if (!id)
		id = c->manager_id;
	if (!id)
		id = c->admin_id;
	return id;
}

int case_task(struct case_ctx *c, const struct case_row *k, int step, int64_t staff_id, const char *note,
	      int64_t *task_id, struct buf *err)
{
	int rc;

	*task_id = 0;
	if (!staff_id)
		return error(err, _("nobody to give the task to: add a manager or an administrator"));
	rc = db_run(c->db, task_id, err, "INSERT INTO task (case_id, step, channel, staff_id, due_day, state, note, created_at) "
		    "VALUES (?, ?, ?, ?, ?, 'open', ?, ?) ON CONFLICT DO NOTHING RETURNING id", "ittiiti", k->id,
		    step_names[step], step_channel(step), staff_id, (int64_t)c->today, note ? note : "", (int64_t)time(NULL));
	return rc < 0 ? -1 : 0;
}

int case_first_unit(struct db *db, const struct case_row *k, int64_t *unit_id, struct buf *err)
{
	int rc = db_run(db, unit_id, err, "SELECT MIN(unit_id) FROM bill_open WHERE project_id = ? AND payer_id = ?", "ii",
			k->project_id, k->payer_id);

	if (rc == 1 && *unit_id)
		return 0;
	/* nothing open: a unit the payer owns (or was billed for) in the project */
	rc = db_run(db, unit_id, err, "SELECT MIN(unit_id) FROM bill WHERE project_id = ? AND payer_id = ?", "ii",
		    k->project_id, k->payer_id);
	return rc == 1 && *unit_id ? 0 : error(err, "the case has no unit");
}

int case_paid_between(struct db *db, int64_t project_id, int64_t payer_id, int from, int to, int64_t *fen,
		      struct buf *err)
{
	int rc = db_run(db, fen, err, "SELECT COALESCE(SUM(y.amount_fen), 0) FROM payment y WHERE y.project_id = ? "
			"AND y.payer_id = ? AND y.paid_day >= ? AND y.paid_day <= ? "
			"AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.payment_id = y.id)", "iiii", project_id, payer_id,
			(int64_t)from, (int64_t)to);
	return rc < 0 ? -1 : 0;
}

int case_restart_limitation(struct db *db, int64_t project_id, int64_t payer_id, const char *kind, int day,
			    int64_t source_id, struct buf *err)
{
	return db_run(db, NULL, err, "INSERT INTO limitation_event (bill_id, day, kind, source_id, created_at) "
		      "SELECT bill_id, ?, ?, ?, ? FROM bill_open WHERE project_id = ? AND payer_id = ?", "itiiii",
		      (int64_t)day, kind, source_id, (int64_t)time(NULL), project_id, payer_id) < 0 ? -1 : 0;
}

void case_pay_link(const struct case_ctx *c, int64_t payer_id, struct buf *out)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char msg[32], hex[2 * crypto_auth_hmacsha256_BYTES + 1];
	crypto_auth_hmacsha256_state st;

	snprintf(msg, sizeof(msg), "payer:%lld", (long long)payer_id);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)c->pay_secret, strlen(c->pay_secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	buf_addf(out, "%s%lld.%.16s", c->pay_url, (long long)payer_id, hex);
}
