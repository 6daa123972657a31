/* jobs.h: long work off the event loops: one job thread with its own database
 * connection runs queued jobs one at a time (imports, bill runs, PDF batches,
 * company-wide reports); a page queues one and polls /jobs/{id} for its progress and
 * its result.  Jobs live in memory on the node that runs them (the last 200).
 */
#ifndef WUYE_JOBS_H
#define WUYE_JOBS_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

struct job;
/* Runs on the job thread: 0 done, -1 failed (err says why). */
typedef int (*job_fn)(struct db *db, void *arg, struct job *j, struct buf *err);

/* From inside a job. */
void job_progress(struct job *j, long done, long total, const char *what);
/* What the page shows when the job is done (an HTML fragment, written escaped). */
void job_result_html(struct job *j, const char *html);
/* A file to download when the job is done (the job takes data). */
void job_result_file(struct job *j, const char *content_type, const char *filename, char *data, size_t len);

enum job_state { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED };

struct job_status {
	int64_t id, staff_id;
	char kind[32];
	enum job_state state;
	long done, total;
	char what[256];
	char *html;             /* caller frees */
	char *file;             /* caller frees */
	size_t file_len;
	char file_type[64], file_name[128];
	char error[512];
};

/* Queues a job; free_arg (may be NULL) is called on arg when it ends.  Returns its id. */
int64_t jobs_submit(const char *kind, int64_t staff_id, job_fn fn, void *arg, void (*free_arg)(void *));
/* A copy of a job's state (1), or 0 when there is no such job. */
int jobs_status(int64_t id, struct job_status *out);
void job_status_free(struct job_status *s);

int jobs_start(const char *db_url, struct buf *err);
void jobs_stop(void);

#endif
