/* sender.c: delivering the outbox: claim a batch, call the gateways, record the answers. */
#include "core/sender.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/error.h"
#include "base/hashmap.h"
#include "base/i18n.h"
#include "base/xalloc.h"
#include "core/policy.h"
#include "core/templates.h"
#include "notify/notify.h"

#define LEASE_SECONDS 300     /* a 'sending' row older than this was left by a crash */
/* Tencent lists a message only once its delivery report is back: a "no record" is
 * trusted (and the message sent again) only this long after the interrupted attempt */
#define NO_RECORD_TRUSTED 1800
#define MAX_ATTEMPTS 8
#define BREAKER 3             /* "try again" answers in a row that stop a channel for the batch */
#define UNCONFIGURED_WAIT 3600

enum { CH_SMS, CH_EMAIL, CH_WECHAT, CH_COUNT };
static const char *const channel_names[CH_COUNT] = { "sms", "email", "wechat" };

struct project_run {
	struct db *db;
	int64_t project_id;
	int64_t now;
	struct policy policy;
	struct notify_channel *ch[CH_COUNT];
	int ch_tried[CH_COUNT];
	char ch_error[CH_COUNT][256];
	json_t *vendor_templates[CH_COUNT]; /* settings "templates": step -> the vendor's template code */
	json_t *wechat_data;                /* settings "data": template id -> {field: template text} */
	int streak[CH_COUNT];   /* consecutive "try again" answers in this batch */
	struct send_result *res;
	int calls, limit;
};

struct claimed {
	int64_t id, payer_id, case_id;
	int64_t since;          /* recovery: the claim began (UNIX time) */
	int ch, attempts;
	char *address, *subject, *text, *vendor_template, *params;
	char step[32], kind[16];
	int created_day;
	struct notify_result r;
	int called;             /* the gateway was called */
};

int64_t send_backoff(int attempts)
{
	int64_t s = 60;

	for (int i = 1; i < attempts && s < 6 * 3600; i++)
		s *= 2;
	return s < 6 * 3600 ? s : 6 * 3600;
}

static int channel_index(const char *name)
{
	for (int i = 0; i < CH_COUNT; i++)
		if (!strcmp(channel_names[i], name))
			return i;
	return -1;
}

/* The project's channel, opened on first use; NULL when it is not configured (the
 * reason in ch_error). */
static struct notify_channel *channel(struct project_run *p, int ch)
{
	struct db_stmt *st;
	struct buf err = BUF_INIT;
	int rc;

	if (p->ch_tried[ch])
		return p->ch[ch];
	p->ch_tried[ch] = 1;
	snprintf(p->ch_error[ch], sizeof(p->ch_error[ch]), _("no %s channel is configured (wuye channel set)"),
		 channel_names[ch]);
	if (db_cached(p->db, &st, "SELECT vendor, settings FROM channel_config WHERE project_id = ? AND channel = ?",
		      &err) < 0) {
		buf_release(&err);
		return NULL;
	}
	db_bind_int64(st, 1, p->project_id);
	db_bind_text(st, 2, channel_names[ch]);
	rc = db_step(st, &err);
	if (rc == 1) {
		json_error_t je;
		json_t *settings = json_loads(db_col_text(st, 1), 0, &je);
		if (settings) {
			p->ch[ch] = notify_open(db_col_text(st, 0), settings, &err);
			if (!p->ch[ch])
				snprintf(p->ch_error[ch], sizeof(p->ch_error[ch]), "%s", err.buf);
			p->vendor_templates[ch] = json_incref(json_object_get(settings, "templates"));
			if (ch == CH_WECHAT)
				p->wechat_data = json_incref(json_object_get(settings, "data"));
			json_decref(settings);
		}
	}
	db_reset(st);
	buf_release(&err);
	return p->ch[ch];
}

/* The message as the gateway gets it.  The vendor's template is the one the project's
 * template names, else the one the channel's settings give for the step. */
static void message_of(const struct project_run *p, const struct claimed *c, struct notify_message *m, json_t **params,
		       json_t **data)
{
	memset(m, 0, sizeof(*m));
	*data = NULL;
	*params = c->params && *c->params ? json_loads(c->params, 0, NULL) : NULL;
	m->id = c->id;
	m->address = c->address;
	m->subject = c->subject;
	m->text = c->text;
	m->vendor_template = c->vendor_template && *c->vendor_template ? c->vendor_template : NULL;
	if (!m->vendor_template && c->ch >= 0)
		m->vendor_template = json_string_value(json_object_get(p->vendor_templates[c->ch], c->step));
	m->params = *params;
	m->url = *params ? json_string_value(json_object_get(*params, "link")) : NULL;
	/* a WeChat template's fields, each a text over the message's variables; the stored
	 * variables stay alive in *params (the link points into them) */
	if (c->ch == CH_WECHAT && *params && m->vendor_template) {
		json_t *fields = json_object_get(p->wechat_data, m->vendor_template), *text;
		const char *key;
		if (json_is_object(fields)) {
			struct template_values v;
			struct buf b = BUF_INIT;
			template_values_from_json(&v, *params);
			*data = json_object();
			json_object_foreach(fields, key, text) {
				buf_reset(&b);
				if (json_is_string(text))
					template_render(&b, json_string_value(text), &v);
				json_object_set_new(*data, key, json_string(b.buf ? b.buf : ""));
			}
			buf_release(&b);
			m->params = *data;
		}
	}
}

/* Frees the strings of rows [from, to). */
static void claimed_free_tail(struct claimed *c, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		free(c[i].address);
		free(c[i].subject);
		free(c[i].text);
		free(c[i].vendor_template);
		free(c[i].params);
	}
}

static void claimed_free(struct claimed *c, size_t n)
{
	claimed_free_tail(c, 0, n);
	free(c);
}

/* Rows a crash left in 'sending': recorded as sent when the gateway has them, queued
 * again when it has not, failed when it cannot be asked. */
static int recover(struct project_run *p, struct buf *err)
{
	struct db_stmt *st;
	struct claimed *rows = NULL;
	size_t n = 0, alloc = 0;
	int rc;

	if (db_prepare(p->db, &st, "SELECT id, channel, address, subject, text, vendor_template, params, sending_at "
		       "FROM outbox WHERE project_id = ? AND state = 'sending' AND sending_at < ? ORDER BY id", err) < 0)
		return -1;
	db_bind_int64(st, 1, p->project_id);
	db_bind_int64(st, 2, p->now - LEASE_SECONDS);
	while ((rc = db_step(st, err)) == 1) {
		struct claimed *c;
		XGROW(rows, alloc, n + 1);
		c = &rows[n++];
		memset(c, 0, sizeof(*c));
		c->id = db_col_int64(st, 0);
		c->ch = channel_index(db_col_text(st, 1));
		c->address = xstrdup(db_col_text(st, 2));
		c->subject = xstrdup(db_col_text(st, 3));
		c->text = xstrdup(db_col_text(st, 4));
		c->vendor_template = xstrdup(db_col_text(st, 5));
		c->params = xstrdup(db_col_text(st, 6));
		c->since = db_col_int64(st, 7) - 60; /* a minute before the claim, for clocks that differ */
	}
	db_finalize(st);
	if (rc < 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		struct claimed *c = &rows[i];
		struct notify_channel *ch = c->ch >= 0 ? channel(p, c->ch) : NULL;
		struct notify_message m;
		struct notify_result r;
		struct buf why = BUF_INIT;
		json_t *params, *data;
		int found;

		if (!ch)
			continue; /* asked again once the channel is configured */
		memset(&r, 0, sizeof(r));
		message_of(p, c, &m, &params, &data);
		found = notify_lookup(ch, &m, c->since, &r, &why);
		json_decref(params);
		json_decref(data);
		if (found == 1)
			rc = db_run(p->db, NULL, err, "UPDATE outbox SET state = 'sent', sent_at = sending_at, gateway_id = ?, "
				    "answer = ? WHERE id = ? AND state = 'sending'", "tti", r.gateway_id,
				    _("the gateway has it (the run that sent it stopped before recording)"), c->id);
		else if (found == 0 && p->now - c->since < NO_RECORD_TRUSTED)
			rc = 0; /* some gateways list a message only once its report is back: ask later */
		else if (found == 0)
			rc = db_run(p->db, NULL, err, "UPDATE outbox SET state = 'queued', next_at = 0, answer = ? "
				    "WHERE id = ? AND state = 'sending'", "ti",
				    _("interrupted before the gateway took it: queued again"), c->id);
		else if (found == -1)
			rc = db_run(p->db, NULL, err, "UPDATE outbox SET state = 'failed', answer = ? WHERE id = ? "
				    "AND state = 'sending'", "ti",
				    _("interrupted while sending, and this channel cannot be asked whether it arrived: "
				      "not sent again (send it by hand if it did not arrive)"), c->id);
		else
			rc = 0; /* the gateway did not answer: ask next time */
		buf_release(&why);
		if (rc < 0)
			goto fail;
		if (found == 1 || found == -1 || (found == 0 && p->now - c->since >= NO_RECORD_TRUSTED))
			p->res->recovered++;
	}
	claimed_free(rows, n);
	return 0;
fail:
	claimed_free(rows, n);
	return -1;
}

/* One message to an owner is one step on one day, whatever its channels. */
static int64_t message_key(const struct claimed *c)
{
	int step = !strcmp(c->step, "prenotice") ? 0 : !strcmp(c->step, "reminder") ? 1 : !strcmp(c->step, "greeting") ? 2 : 3;
	return (int64_t)c->created_day * 4 + step;
}

static int hold(struct project_run *p, const struct claimed *c, int64_t until, const char *why, struct buf *err)
{
	return db_run(p->db, NULL, err, "UPDATE outbox SET next_at = ?, answer = ? WHERE id = ?", "iti", until, why, c->id);
}

/* Whether a message may go now (1); else it is cancelled or held (0). */
static int decide(struct project_run *p, struct claimed *c, struct hashmap *batch_payers, struct buf *err)
{
	int64_t v = 0, last = 0, other;
	int rc;

	if (!strcmp(c->kind, "dun")) {
		/* paid in the meantime (or the case closed): the message has nothing to say */
		rc = db_run(p->db, &v, err, "SELECT COALESCE(SUM(open_fen), 0) FROM bill_open WHERE project_id = ? "
			    "AND payer_id = ?", "ii", p->project_id, c->payer_id);
		if (rc < 0)
			return -1;
		if (v < p->policy.min_arrears_fen ||
		    (c->case_id && db_run(p->db, &v, err, "SELECT 1 FROM dun_case WHERE id = ? AND state = 'closed'", "i",
					  c->case_id) == 1)) {
			if (db_run(p->db, NULL, err, "UPDATE outbox SET state = 'cancelled', answer = ? WHERE id = ?", "ti",
				   _("paid before it was sent"), c->id) < 0)
				return -1;
			p->res->cancelled++;
			return 0;
		}
	}
	/* a later step's message on the same channel says it better: an older one still
	 * waiting (a channel was missing, a gateway was down) is not sent after it */
	if (!strcmp(c->kind, "dun")) {
		int64_t later = 0;
		rc = db_run(p->db, &later, err, "SELECT 1 FROM outbox WHERE payer_id = ? AND project_id = ? AND kind = 'dun' "
			    "AND channel = (SELECT channel FROM outbox WHERE id = ?) AND created_day > ? "
			    "AND state IN ('queued', 'sending', 'sent', 'delivered') LIMIT 1", "iiii", c->payer_id,
			    p->project_id, c->id, (int64_t)c->created_day);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			if (db_run(p->db, NULL, err, "UPDATE outbox SET state = 'cancelled', answer = ? WHERE id = ?", "ti",
				   _("superseded by a later message"), c->id) < 0)
				return -1;
			p->res->superseded++;
			return 0;
		}
	}
	/* at least the policy's days between automatic messages to one owner; the channels of
	 * one message are one message */
	rc = db_run(p->db, &last, err, "SELECT COALESCE(MAX(sent_at), 0) FROM outbox WHERE payer_id = ? AND project_id = ? "
		    "AND sent_at > ? AND NOT (step = ? AND created_day = ?)", "iiiti", c->payer_id, p->project_id,
		    p->now - (int64_t)p->policy.message_gap_days * 86400, c->step, (int64_t)c->created_day);
	if (rc < 0)
		return -1;
	if (hashmap_get(batch_payers, (const char *)&c->payer_id, 8, &other) && other != message_key(c))
		last = p->now; /* another message to this owner goes out in this very batch */
	if (last) {
		if (hold(p, c, last + (int64_t)p->policy.message_gap_days * 86400,
			 _("held: too soon after the last message to this owner"), err) < 0)
			return -1;
		p->res->postponed++;
		return 0;
	}
	if (c->ch < 0 || !channel(p, c->ch)) {
		if (hold(p, c, p->now + UNCONFIGURED_WAIT, c->ch < 0 ? "?" : p->ch_error[c->ch], err) < 0)
			return -1;
		p->res->unconfigured++;
		return 0;
	}
	if (p->streak[c->ch] >= BREAKER) {
		/* the gateway stopped answering in this run: left queued for the next */
		if (hold(p, c, p->now + send_backoff(1), _("the gateway did not answer: queued for the next run"), err) < 0)
			return -1;
		return 0;
	}
	return 1;
}

/* Claims up to `batch` due messages: each either marked 'sending' (in *out) or settled
 * (cancelled, held), in one transaction.  *looked counts both. */
static int claim(struct project_run *p, int batch, struct claimed **out, size_t *n, size_t *looked, struct buf *err)
{
	struct db_stmt *st;
	struct claimed *rows = NULL;
	size_t alloc = 0, kept = 0, seen = 0;
	struct hashmap payers = HASHMAP_INIT;
	int rc;

	*out = NULL;
	*n = *looked = 0;
	if (db_begin_immediate(p->db, err) < 0)
		return -1;
	if (db_prepare(p->db, &st, "SELECT id, payer_id, channel, attempts, address, subject, text, vendor_template, "
		       "params, step, created_day, COALESCE(case_id, 0), kind FROM outbox WHERE project_id = ? "
		       "AND state = 'queued' AND channel IN ('sms', 'email', 'wechat') AND send_after <= ? AND next_at <= ? "
		       "ORDER BY id LIMIT ?", err) < 0)
		goto fail;
	db_bind_int64(st, 1, p->project_id);
	db_bind_int64(st, 2, p->now);
	db_bind_int64(st, 3, p->now);
	db_bind_int64(st, 4, batch);
	while ((rc = db_step(st, err)) == 1) {
		struct claimed *c;
		XGROW(rows, alloc, seen + 1);
		c = &rows[seen++];
		memset(c, 0, sizeof(*c));
		c->id = db_col_int64(st, 0);
		c->payer_id = db_col_int64(st, 1);
		c->ch = channel_index(db_col_text(st, 2));
		c->attempts = (int)db_col_int64(st, 3);
		c->address = xstrdup(db_col_text(st, 4));
		c->subject = xstrdup(db_col_text(st, 5));
		c->text = xstrdup(db_col_text(st, 6));
		c->vendor_template = xstrdup(db_col_text(st, 7));
		c->params = xstrdup(db_col_text(st, 8));
		snprintf(c->step, sizeof(c->step), "%s", db_col_text(st, 9));
		c->created_day = (int)db_col_int64(st, 10);
		c->case_id = db_col_int64(st, 11);
		snprintf(c->kind, sizeof(c->kind), "%s", db_col_text(st, 12));
	}
	db_finalize(st);
	if (rc < 0)
		goto fail;
	for (size_t i = 0; i < seen; i++) {
		int ok = decide(p, &rows[i], &payers, err);
		if (ok < 0)
			goto fail;
		if (!ok)
			continue;
		if (db_run(p->db, NULL, err, "UPDATE outbox SET state = 'sending', sending_at = ?, attempts = attempts + 1 "
			   "WHERE id = ?", "ii", p->now, rows[i].id) < 0)
			goto fail;
		rows[i].attempts++;
		hashmap_put(&payers, (const char *)&rows[i].payer_id, 8, message_key(&rows[i]));
		if (kept != i) { /* the claimed ones first */
			struct claimed t = rows[kept];
			rows[kept] = rows[i];
			rows[i] = t;
		}
		kept++;
	}
	if (db_commit(p->db, err) < 0)
		goto fail;
	hashmap_clear(&payers);
	claimed_free_tail(rows, kept, seen);
	*out = rows;
	*n = kept;
	*looked = seen;
	return 0;
fail:
	if (db_in_transaction(p->db))
		db_rollback(p->db);
	hashmap_clear(&payers);
	claimed_free(rows, seen);
	return -1;
}

/* A testing hook: WUYE_TEST_CRASH_AFTER_SENDS=N stops the process (as a crash would) right
 * after the N-th gateway call, before its answer is recorded. */
static void maybe_crash(int calls)
{
	const char *s = getenv("WUYE_TEST_CRASH_AFTER_SENDS");

	if (s && atoi(s) > 0 && calls >= atoi(s))
		_exit(137);
}

static int deliver(struct project_run *p, struct claimed *rows, size_t n, struct buf *err)
{
	for (size_t i = 0; i < n; i++) {
		struct claimed *c = &rows[i];
		struct notify_message m;
		json_t *params, *data;

		if (p->streak[c->ch] >= BREAKER || (p->limit && p->calls >= p->limit))
			continue; /* put back below, untouched */
		message_of(p, c, &m, &params, &data);
		buf_reset(err);
		if (notify_send(channel(p, c->ch), &m, &c->r, err) < 0) {
			/* a message the channel cannot take (no address, a bad template): it fails
			 * alone, the run goes on */
			c->r.outcome = NOTIFY_REJECTED;
			snprintf(c->r.answer, sizeof(c->r.answer), "%s", err->buf ? err->buf : "");
			buf_reset(err);
		}
		json_decref(params);
		json_decref(data);
		c->called = 1;
		p->calls++;
		maybe_crash(p->calls);
		p->streak[c->ch] = c->r.outcome == NOTIFY_RETRY ? p->streak[c->ch] + 1 : 0;
	}
	return 0;
}

static int record(struct project_run *p, struct claimed *rows, size_t n, struct buf *err)
{
	if (db_begin_immediate(p->db, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct claimed *c = &rows[i];
		int rc;
		if (!c->called)
			/* not tried (the gateway stopped answering, or the run's limit): queued as it
			 * was, not before the next attempt would be */
			rc = db_run(p->db, NULL, err, "UPDATE outbox SET state = 'queued', attempts = attempts - 1, "
				    "sending_at = NULL, next_at = ? WHERE id = ?", "ii",
				    p->streak[c->ch] >= BREAKER ? p->now + send_backoff(1) : 0, c->id);
		else if (c->r.outcome == NOTIFY_SENT) {
			rc = db_run(p->db, NULL, err, "UPDATE outbox SET state = 'sent', sent_at = ?, gateway_id = ?, answer = ? "
				    "WHERE id = ?", "itti", p->now, c->r.gateway_id, c->r.answer, c->id);
			p->res->sent++;
		} else if (c->r.outcome == NOTIFY_RETRY && c->attempts < MAX_ATTEMPTS) {
			rc = db_run(p->db, NULL, err, "UPDATE outbox SET state = 'queued', next_at = ?, answer = ? WHERE id = ?",
				    "iti", p->now + send_backoff(c->attempts), c->r.answer, c->id);
			p->res->retry++;
		} else {
			rc = db_run(p->db, NULL, err, "UPDATE outbox SET state = 'failed', answer = ? WHERE id = ?", "ti",
				    c->r.answer, c->id);
			p->res->failed++;
		}
		if (rc < 0) {
			db_rollback(p->db);
			return -1;
		}
	}
	return db_commit(p->db, err);
}

static int quiet_now(const struct policy *pol, int64_t now)
{
	int minute = (int)(((now + 8 * 3600) % 86400 + 86400) % 86400 / 60);

	if (pol->quiet_from > pol->quiet_to) /* 21:00–08:00 wraps midnight */
		return minute >= pol->quiet_from || minute < pol->quiet_to;
	return minute >= pol->quiet_from && minute < pol->quiet_to;
}

static int send_project(struct db *db, int64_t project_id, const struct send_options *o, struct send_result *res,
			int *calls, struct buf *err)
{
	struct project_run p;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	p.db = db;
	p.project_id = project_id;
	p.now = o->now;
	p.res = res;
	p.limit = o->limit;
	p.calls = *calls;
	if (policy_get(db, project_id, &p.policy, err) < 0)
		return -1;
	if (quiet_now(&p.policy, o->now)) {
		res->quiet_projects++;
		return 0;
	}
	if (recover(&p, err) < 0)
		goto out;
	/* each pass sends its batch or settles it (cancelled, held), so none is looked at
	 * twice in a run */
	for (;;) {
		struct claimed *rows;
		size_t n, looked;
		if (p.limit && p.calls >= p.limit)
			break;
		if (claim(&p, o->batch > 0 ? o->batch : 200, &rows, &n, &looked, err) < 0)
			goto out;
		if (deliver(&p, rows, n, err) < 0 || record(&p, rows, n, err) < 0) {
			claimed_free(rows, n);
			goto out;
		}
		claimed_free(rows, n);
		if (looked == 0)
			break;
	}
	rc = 0;
out:
	*calls = p.calls;
	for (int ch = 0; ch < CH_COUNT; ch++) {
		notify_close(p.ch[ch]);
		json_decref(p.vendor_templates[ch]);
	}
	json_decref(p.wechat_data);
	return rc;
}

int send_run(struct db *db, const struct send_options *o, struct send_result *res, struct buf *err)
{
	struct db_stmt *st;
	int64_t *projects = NULL;
	size_t n = 0, alloc = 0;
	int rc, calls = 0;

	memset(res, 0, sizeof(*res));
	if (db_prepare(db, &st, "SELECT id FROM project WHERE ? = 0 OR id = ? ORDER BY id", err) < 0)
		return -1;
	db_bind_int64(st, 1, o->project_id);
	db_bind_int64(st, 2, o->project_id);
	while ((rc = db_step(st, err)) == 1) {
		XGROW(projects, alloc, n + 1);
		projects[n++] = db_col_int64(st, 0);
	}
	db_finalize(st);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (send_project(db, projects[i], o, res, &calls, err) < 0)
			rc = -1;
	free(projects);
	return rc;
}
