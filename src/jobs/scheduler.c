/* scheduler.c: the in-process clock of the daily jobs. */
#include "jobs/scheduler.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/date.h"
#include "base/error.h"
#include "base/xalloc.h"
#include "core/billing.h"
#include "core/dunning.h"
#include "core/sender.h"
#include "store/db.h"
#include "web/metrics.h"

#define TAKEOVER_SECONDS 3600

struct scheduler {
	pthread_t tid;
	atomic_int stop;
	struct db *db;
	int fixed_today;
};

/* Claims (job, slot): 1 this node runs it, 0 it ran or runs elsewhere. */
static int claim(struct db *db, const char *job, const char *slot, int64_t now, struct buf *err)
{
	int rc = db_run(db, NULL, err, "INSERT INTO job_run (job, slot, started_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING "
			"RETURNING job", "tti", job, slot, now);
	int64_t taken;

	if (rc != 0)
		return rc;
	/* a claim that never finished (its node died) is taken over after a while */
	rc = db_run(db, &taken, err, "UPDATE job_run SET started_at = ? WHERE job = ? AND slot = ? AND finished_at IS NULL "
		    "AND started_at < ? RETURNING 1", "itti", now, job, slot, now - TAKEOVER_SECONDS);
	return rc;
}

static void finish(struct db *db, const char *job, const char *slot, int ok, const char *result)
{
	db_run(db, NULL, NULL, "UPDATE job_run SET finished_at = ?, result = ? WHERE job = ? AND slot = ?", "itti",
	       (int64_t)time(NULL), result ? result : (ok ? "ok" : "failed"), job, slot);
	metrics_job(job, ok);
}

static int projects(struct db *db, int64_t **ids, int **billing_days, size_t *n, struct buf *err)
{
	struct db_stmt *st;
	size_t alloc = 0;
	int rc;

	*ids = NULL;
	*billing_days = NULL;
	*n = 0;
	if (db_prepare(db, &st, "SELECT id, billing_day FROM project ORDER BY id", err) < 0)
		return -1;
	while ((rc = db_step(st, err)) == 1) {
		if (*n >= alloc) {
			alloc = alloc ? alloc * 2 : 16;
			*ids = xrealloc(*ids, alloc * sizeof(**ids));
			*billing_days = xrealloc(*billing_days, alloc * sizeof(**billing_days));
		}
		(*ids)[*n] = db_col_int64(st, 0);
		(*billing_days)[*n] = (int)db_col_int64(st, 1);
		(*n)++;
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

int scheduler_tick(struct db *db, int64_t now, int fixed_today, struct buf *err)
{
	int today = fixed_today != DATE_MIN ? fixed_today : date_of_unix_shanghai((time_t)now);
	int minute = (int)(((now + 8 * 3600) % 86400) / 60), y, m, d, ran = 0, rc;
	char day[11], slot[32];
	int64_t *ids = NULL;
	int *billing = NULL;
	size_t n = 0;

	date_format(today, day);
	date_to_ymd(today, &y, &m, &d);
	if (projects(db, &ids, &billing, &n, err) < 0)
		return -1;

	/* bill: on each project's billing day, the month's bills */
	if (minute >= 5)
		for (size_t i = 0; i < n; i++) {
			struct bill_run_result res;
			struct period p = { .kind = PERIOD_MONTH, .year = y, .index = m };
			if (billing[i] != d)
				continue;
			snprintf(slot, sizeof(slot), "%s/%lld", day, (long long)ids[i]);
			if ((rc = claim(db, "bill", slot, now, err)) < 0)
				goto out;
			if (!rc)
				continue;
			rc = bill_run(db, ids[i], &p, today, 0, 0, &res, err);
			finish(db, "bill", slot, rc == 0, rc == 0 ? NULL : err->buf);
			buf_reset(err);
			ran++;
		}
	/* dun: every project at 08:00 */
	if (minute >= 8 * 60) {
		if ((rc = claim(db, "dun", day, now, err)) < 0)
			goto out;
		if (rc) {
			int ok = 1;
			for (size_t i = 0; i < n; i++) {
				struct dun_result res;
				if (dun_run(db, ids[i], today, 0, 0, &res, err) < 0) {
					ok = 0;
					fprintf(stderr, "wuye: the collection run of project %lld failed: %s\n", (long long)ids[i],
						err->buf ? err->buf : "");
					buf_reset(err);
				}
			}
			finish(db, "dun", day, ok, NULL);
			ran++;
		}
	}
	/* send: every minute (the sender itself keeps the quiet hours) */
	snprintf(slot, sizeof(slot), "%sT%02d:%02d", day, minute / 60, minute % 60);
	if ((rc = claim(db, "send", slot, now, err)) < 0)
		goto out;
	if (rc) {
		struct send_options o = { .project_id = 0, .now = now };
		struct send_result res;
		rc = send_run(db, &o, &res, err);
		finish(db, "send", slot, rc == 0, NULL);
		if (rc < 0)
			buf_reset(err);
		/* the minute slots of other days are not kept */
		db_run(db, NULL, NULL, "DELETE FROM job_run WHERE job = 'send' AND slot < ?", "t", day);
		ran++;
	}
	rc = ran;
out:
	free(ids);
	free(billing);
	return rc;
}

static void *loop(void *arg)
{
	struct scheduler *s = arg;

	while (!atomic_load(&s->stop)) {
		struct buf err = BUF_INIT;
		if (scheduler_tick(s->db, (int64_t)time(NULL), s->fixed_today, &err) < 0)
			fprintf(stderr, "wuye: scheduler: %s\n", err.buf ? err.buf : "");
		buf_release(&err);
		for (int i = 0; i < 20 && !atomic_load(&s->stop); i++)
			usleep(500 * 1000);
	}
	return NULL;
}

struct scheduler *scheduler_start(const char *db_url, int fixed_today, struct buf *err)
{
	struct scheduler *s = xcalloc(1, sizeof(*s));

	s->fixed_today = fixed_today;
	if (db_open(&s->db, db_url, err) < 0) {
		free(s);
		return NULL;
	}
	if (pthread_create(&s->tid, NULL, loop, s) != 0) {
		db_close(s->db);
		free(s);
		error(err, "cannot start the scheduler thread");
		return NULL;
	}
	return s;
}

void scheduler_stop(struct scheduler *s)
{
	if (!s)
		return;
	atomic_store(&s->stop, 1);
	pthread_join(s->tid, NULL);
	db_close(s->db);
	free(s);
}
