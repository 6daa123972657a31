/* jobs.c: the job thread and its queue. */
#include "web/jobs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

#define KEEP 200

struct job {
	struct job_status st;
	job_fn fn;
	void *arg;
	void (*free_arg)(void *);
	struct job *next; /* in the queue */
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t tid;
	int running, stop;
	struct job *head, *tail;
	struct job *ring[KEEP]; /* every job, by id % KEEP */
	int64_t next_id;
	struct db *db;
} q = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER, .next_id = 1 };

static void job_free(struct job *j)
{
	if (!j)
		return;
	free(j->st.html);
	free(j->st.file);
	free(j);
}

void job_progress(struct job *j, long done, long total, const char *what)
{
	pthread_mutex_lock(&q.lock);
	j->st.done = done;
	j->st.total = total;
	if (what)
		snprintf(j->st.what, sizeof(j->st.what), "%s", what);
	pthread_mutex_unlock(&q.lock);
}

void job_result_html(struct job *j, const char *html)
{
	pthread_mutex_lock(&q.lock);
	free(j->st.html);
	j->st.html = xstrdup(html);
	pthread_mutex_unlock(&q.lock);
}

void job_result_file(struct job *j, const char *content_type, const char *filename, char *data, size_t len)
{
	pthread_mutex_lock(&q.lock);
	free(j->st.file);
	j->st.file = data;
	j->st.file_len = len;
	snprintf(j->st.file_type, sizeof(j->st.file_type), "%s", content_type);
	snprintf(j->st.file_name, sizeof(j->st.file_name), "%s", filename);
	pthread_mutex_unlock(&q.lock);
}

static void *worker(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&q.lock);
	while (!q.stop) {
		struct job *j = q.head;
		struct buf err = BUF_INIT;
		int rc;
		if (!j) {
			pthread_cond_wait(&q.wake, &q.lock);
			continue;
		}
		q.head = j->next;
		if (!q.head)
			q.tail = NULL;
		j->st.state = JOB_RUNNING;
		pthread_mutex_unlock(&q.lock);
		rc = j->fn(q.db, j->arg, j, &err);
		if (db_in_transaction(q.db))
			db_rollback(q.db);
		if (j->free_arg)
			j->free_arg(j->arg);
		j->arg = NULL;
		pthread_mutex_lock(&q.lock);
		j->st.state = rc < 0 ? JOB_FAILED : JOB_DONE;
		if (rc < 0)
			snprintf(j->st.error, sizeof(j->st.error), "%s", err.buf ? err.buf : "");
		buf_release(&err);
	}
	pthread_mutex_unlock(&q.lock);
	return NULL;
}

int64_t jobs_submit(const char *kind, int64_t staff_id, job_fn fn, void *arg, void (*free_arg)(void *))
{
	struct job *j = xcalloc(1, sizeof(*j));
	int64_t id;

	j->fn = fn;
	j->arg = arg;
	j->free_arg = free_arg;
	snprintf(j->st.kind, sizeof(j->st.kind), "%s", kind);
	j->st.staff_id = staff_id;
	pthread_mutex_lock(&q.lock);
	id = j->st.id = q.next_id++;
	/* the oldest record makes room (a job still queued or running is never dropped:
	 * 200 jobs queued at once is beyond any office) */
	if (q.ring[id % KEEP] && q.ring[id % KEEP]->st.state >= JOB_DONE)
		job_free(q.ring[id % KEEP]);
	q.ring[id % KEEP] = j;
	if (q.tail)
		q.tail->next = j;
	else
		q.head = j;
	q.tail = j;
	pthread_cond_signal(&q.wake);
	pthread_mutex_unlock(&q.lock);
	return id;
}

int jobs_status(int64_t id, struct job_status *out)
{
	struct job *j;
	int found = 0;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&q.lock);
	j = id > 0 ? q.ring[id % KEEP] : NULL;
	if (j && j->st.id == id) {
		*out = j->st;
		out->html = j->st.html ? xstrdup(j->st.html) : NULL;
		out->file = NULL;
		if (j->st.file) {
			out->file = xmalloc(j->st.file_len ? j->st.file_len : 1);
			memcpy(out->file, j->st.file, j->st.file_len);
		}
		found = 1;
	}
	pthread_mutex_unlock(&q.lock);
	return found;
}

void job_status_free(struct job_status *s)
{
	free(s->html);
	free(s->file);
	s->html = s->file = NULL;
}

int jobs_start(const char *db_url, struct buf *err)
{
	if (db_open(&q.db, db_url, err) < 0)
		return -1;
	q.stop = 0;
	if (pthread_create(&q.tid, NULL, worker, NULL) != 0) {
		db_close(q.db);
		return -1;
	}
	q.running = 1;
	return 0;
}

void jobs_stop(void)
{
	if (!q.running)
		return;
	pthread_mutex_lock(&q.lock);
	q.stop = 1;
	pthread_cond_signal(&q.wake);
	pthread_mutex_unlock(&q.lock);
	pthread_join(q.tid, NULL);
	q.running = 0;
	for (int i = 0; i < KEEP; i++) {
		if (q.ring[i] && q.ring[i]->free_arg && q.ring[i]->arg)
			q.ring[i]->free_arg(q.ring[i]->arg);
		job_free(q.ring[i]);
		q.ring[i] = NULL;
	}
	q.head = q.tail = NULL;
	db_close(q.db);
	q.db = NULL;
}
