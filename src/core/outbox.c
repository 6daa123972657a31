/* outbox.c: queueing messages (rendered from the templates in force), listing them, and
 * applying the gateways' delivery reports. */
#include "core/outbox.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/xalloc.h"
#include "core/phone.h"
#include "core/templates.h"
#include "notify/notify.h"

enum { CH_SMS, CH_WECHAT, CH_EMAIL, CH_LETTER, CH_COUNT };
enum { ST_PRENOTICE, ST_REMINDER, ST_GREETING, ST_COUNT };

struct outbox_writer {
	const struct case_ctx *c;
	struct template t[ST_COUNT][CH_COUNT];
	int loaded[ST_COUNT][CH_COUNT]; /* 0 not yet, 1 loaded, -1 none */
	struct buf text, subject, key, link, params;
};

static int channel_index(const char *ch)
{
	return !strcmp(ch, "sms") ? CH_SMS : !strcmp(ch, "wechat") ? CH_WECHAT : !strcmp(ch, "email") ? CH_EMAIL : CH_LETTER;
}

static int step_index(const char *step)
{
	return !strcmp(step, "prenotice") ? ST_PRENOTICE : !strcmp(step, "reminder") ? ST_REMINDER
			: !strcmp(step, "greeting") ? ST_GREETING : -1;
}

struct outbox_writer *outbox_writer_new(const struct case_ctx *c)
{
	struct outbox_writer *w = xcalloc(1, sizeof(*w));

	w->c = c;
	buf_init(&w->text);
	buf_init(&w->subject);
	buf_init(&w->key);
	buf_init(&w->link);
	buf_init(&w->params);
	return w;
}

void outbox_writer_free(struct outbox_writer *w)
{
	if (!w)
		return;
	for (int s = 0; s < ST_COUNT; s++)
		for (int ch = 0; ch < CH_COUNT; ch++)
			template_free(&w->t[s][ch]);
	buf_release(&w->text);
	buf_release(&w->subject);
	buf_release(&w->key);
	buf_release(&w->link);
	buf_release(&w->params);
	free(w);
}

static const struct template *writer_template(struct outbox_writer *w, const char *step, const char *channel,
					      struct buf *err)
{
	int s = step_index(step), ch = channel_index(channel);

	if (s < 0) {
		error(err, _("no message template for step '%s' (prenotice, reminder or greeting)"), step);
		return NULL;
	}
	if (!w->loaded[s][ch])
		w->loaded[s][ch] = template_get(w->c->db, w->c->project_id, step, channel, &w->t[s][ch], err) < 0 ? -1 : 1;
	return w->loaded[s][ch] > 0 ? &w->t[s][ch] : NULL;
}

int outbox_queue(struct outbox_writer *w, const struct outbox_item *it, const char *channels[3], int *n,
		 struct buf *err)
{
	const struct case_ctx *c = w->c;
	struct message_values mv;
	struct db_stmt *st;

	*n = message_channels(it->payer, channels);
	if (it->no_letter && *n == 1 && !strcmp(channels[0], "letter"))
		*n = 0;
	buf_reset(&w->link);
	case_pay_link(c, it->payer->id, &w->link);
	message_values(&mv, c, it->payer, it->open_fen, it->oldest_due, w->link.buf);
	if (db_cached(c->db, &st, "INSERT INTO outbox (project_id, case_id, payer_id, unit_id, kind, step, channel, address, "
		      "idem_key, text, subject, params, vendor_template, state, created_day, send_after, created_at) "
		      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?) ON CONFLICT DO NOTHING", err) < 0)
		return -1;
	for (int i = 0; i < *n; i++) {
		const struct template *t = writer_template(w, it->step, channels[i], err);
		const char *body;
		int rc;

		if (!t)
			return -1;
		body = it->body ? it->body : t->body;
		buf_reset(&w->text);
		template_render(&w->text, body, &mv.tv);
		buf_reset(&w->subject);
		if (!strcmp(channels[i], "email"))
			template_render(&w->subject, t->subject, &mv.tv);
		/* the gateways of SMS and WeChat render the vendor's copy of the template from
		 * its variables, in the order the text uses them */
		buf_reset(&w->params);
		if (!strcmp(channels[i], "sms") || !strcmp(channels[i], "wechat"))
			/* WeChat templates name their own fields: every variable is kept, and the
			 * channel's settings map them onto the fields when it is sent (sender.c) */
			template_params_text(&w->params, !strcmp(channels[i], "wechat") ? NULL : body, &mv.tv);
		/* one message per owner, step, day and channel, however often the run runs;
		 * zero-padded, so that a run's keys come in order and the index grows at its end */
		buf_setf(&w->key, "%012lld:%d:%s:%s", (long long)it->payer->id, c->today, it->step, channels[i]);
		db_bind_int64(st, 1, c->project_id);
		if (it->case_id)
			db_bind_int64(st, 2, it->case_id);
		else
			db_bind_null(st, 2);
		db_bind_int64(st, 3, it->payer->id);
		db_bind_int64(st, 4, it->unit_id);
		db_bind_text(st, 5, it->kind);
		db_bind_text(st, 6, it->step);
		db_bind_text(st, 7, channels[i]);
		db_bind_text(st, 8, message_address(it->payer, channels[i]));
		db_bind_text(st, 9, w->key.buf);
		db_bind_text(st, 10, w->text.buf);
		db_bind_text(st, 11, w->subject.buf);
		db_bind_text(st, 12, w->params.buf ? w->params.buf : "");
		db_bind_text(st, 13, t->vendor_template);
		db_bind_int64(st, 14, c->today);
		db_bind_int64(st, 15, it->send_after);
		db_bind_int64(st, 16, (int64_t)time(NULL));
		rc = db_step(st, err);
		db_reset(st);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static void add_time(json_t *o, const char *key, struct db_stmt *st, int col)
{
	if (db_col_is_null(st, col) || db_col_int64(st, col) == 0) {
		json_object_set_new(o, key, json_null());
		return;
	}
	{
		time_t t = (time_t)db_col_int64(st, col) + 8 * 3600; /* Asia/Shanghai */
		struct tm tm;
		char s[20];
		gmtime_r(&t, &tm);
		strftime(s, sizeof(s), "%Y-%m-%d %H:%M", &tm);
		json_object_set_new(o, key, json_string(s));
	}
}

int outbox_list_json(struct db *db, int64_t project_id, const char *state, const char *channel, int limit,
		     int show_address, json_t **out, struct buf *err)
{
	struct db_stmt *st;
	struct buf masked = BUF_INIT;
	int rc;

	*out = json_array();
	if (db_prepare(db, &st, "SELECT o.id, p.code || '/' || b.code || '-' || u.entrance || '-' || u.room, "
		       "COALESCE(pa.name, ''), o.step, o.channel, o.address, o.state, o.text, o.created_day, o.attempts, "
		       "o.answer, o.sent_at, o.gateway_id, o.kind, o.subject, o.next_at FROM outbox o "
		       "JOIN unit u ON u.id = o.unit_id JOIN building b ON b.id = u.building_id "
		       "JOIN project p ON p.id = o.project_id LEFT JOIN party pa ON pa.id = o.payer_id "
		       "WHERE (? = 0 OR o.project_id = ?) AND (? = '' OR o.state = ?) AND (? = '' OR o.channel = ?) "
		       "ORDER BY o.id DESC LIMIT ?", err) < 0) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, project_id);
	db_bind_text(st, 3, state ? state : "");
	db_bind_text(st, 4, state ? state : "");
	db_bind_text(st, 5, channel ? channel : "");
	db_bind_text(st, 6, channel ? channel : "");
	db_bind_int64(st, 7, limit > 0 ? limit : 1000000000);
	while ((rc = db_step(st, err)) == 1) {
		char day[11];
		const char *address = db_col_text(st, 5);
		json_t *o;
		date_format((int)db_col_int64(st, 8), day);
		buf_reset(&masked);
		if (!show_address && !strcmp(db_col_text(st, 4), "sms"))
			phone_mask(address, &masked);
		else if (!show_address && (!strcmp(db_col_text(st, 4), "email") || !strcmp(db_col_text(st, 4), "wechat"))) {
			/* the first character, enough to tell two owners' apart on a call */
			size_t keep = *address ? 1 : 0;
			buf_add(&masked, address, keep);
			buf_adds(&masked, "***");
		} else
			buf_adds(&masked, address);
		o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s}", "id",
			      (json_int_t)db_col_int64(st, 0), "unit", db_col_text(st, 1), "payer", db_col_text(st, 2),
			      "step", db_col_text(st, 3), "channel", db_col_text(st, 4), "address", masked.buf, "state",
			      db_col_text(st, 6), "text", db_col_text(st, 7), "created", day, "attempts",
			      (json_int_t)db_col_int64(st, 9), "answer", db_col_text(st, 10), "gateway_id",
			      db_col_text(st, 12), "kind", db_col_text(st, 13), "subject", db_col_text(st, 14));
		add_time(o, "sent_at", st, 11);
		add_time(o, "next_attempt", st, 15);
		json_array_append_new(*out, o);
	}
	db_finalize(st);
	buf_release(&masked);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* The steps whose delivered message is a demand that restarts the limitation period
 * (a reminder whose delivery receipt is recorded; CLI.md "Limitation"). */
static int is_demand(const char *kind, const char *step)
{
	return !strcmp(kind, "dun") && strcmp(step, "prenotice") != 0;
}

int outbox_apply_receipts(struct db *db, const char *vendor, const struct notify_receipt *r, size_t n, int *matched,
			  struct buf *err)
{
	*matched = 0;
	if (db_begin_immediate(db, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st;
		int64_t id = 0, project = 0, payer = 0, created = 0;
		char state[16] = "", kind[16] = "", step[32] = "";
		int rc, day;

		/* ours by the id we sent along, else by the gateway's id */
		if (db_cached(db, &st, "SELECT id, state, project_id, payer_id, kind, step, created_day FROM outbox "
			      "WHERE (? > 0 AND id = ?) OR (? <> '' AND gateway_id = ?) ORDER BY id LIMIT 1", err) < 0)
			goto fail;
		db_bind_int64(st, 1, r[i].message_id);
		db_bind_int64(st, 2, r[i].message_id);
		db_bind_text(st, 3, r[i].gateway_id);
		db_bind_text(st, 4, r[i].gateway_id);
		rc = db_step(st, err);
		if (rc == 1) {
			id = db_col_int64(st, 0);
			snprintf(state, sizeof(state), "%s", db_col_text(st, 1));
			project = db_col_int64(st, 2);
			payer = db_col_int64(st, 3);
			snprintf(kind, sizeof(kind), "%s", db_col_text(st, 4));
			snprintf(step, sizeof(step), "%s", db_col_text(st, 5));
			created = db_col_int64(st, 6);
		}
		db_reset(st);
		if (rc < 0)
			goto fail;
		day = r[i].at ? date_of_unix_shanghai((time_t)r[i].at) : date_of_unix_shanghai(time(NULL));
		/* the same report twice is recorded once */
		{
			int64_t seen = 0;
			rc = db_run(db, &seen, err, "SELECT 1 FROM delivery_receipt WHERE vendor = ? AND gateway_id = ? "
				    "AND code = ? AND reported_at = ? AND COALESCE(outbox_id, 0) = ?", "tttii", vendor,
				    r[i].gateway_id, r[i].code, r[i].at, id);
			if (rc < 0)
				goto fail;
			if (rc == 1)
				continue;
		}
		if (db_run(db, NULL, err, "INSERT INTO delivery_receipt (outbox_id, vendor, gateway_id, delivered, code, "
			   "reported_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "nttitii", id, vendor, r[i].gateway_id,
			   (int64_t)r[i].delivered, r[i].code, r[i].at, (int64_t)time(NULL)) < 0)
			goto fail;
		if (!id)
			continue;
		(*matched)++;
		if (!strcmp(state, "delivered"))
			continue;
		if (r[i].delivered) {
			if (db_run(db, NULL, err, "UPDATE outbox SET state = 'delivered', delivered_day = ? WHERE id = ?", "ii",
				   (int64_t)day, id) < 0)
				goto fail;
			if (is_demand(kind, step) && payer &&
			    db_run(db, NULL, err, "INSERT INTO limitation_event (bill_id, day, kind, source_id, created_at) "
				   "SELECT bill_id, ?, 'reminder', ?, ? FROM bill_open WHERE project_id = ? AND payer_id = ? "
				   "AND due_day <= ?", "iiiiii", (int64_t)day, id, (int64_t)time(NULL), project, payer,
				   created) < 0)
				goto fail;
		} else if (db_run(db, NULL, err, "UPDATE outbox SET state = 'failed', answer = ? WHERE id = ? AND state <> 'delivered'",
				  "ti", r[i].code, id) < 0)
			goto fail;
	}
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}
