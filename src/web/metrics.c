/* metrics.c: request and job counters, rendered in the Prometheus text format. */
#include "web/metrics.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "web/router.h"

static const double buckets[] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5 };
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))
#define MAX_ROUTES 256
static const char *const classes[] = { "1xx", "2xx", "3xx", "4xx", "5xx" };

struct route_counters {
	atomic_ulong by_class[5];
};

static struct {
	struct route_counters routes[MAX_ROUTES + 1]; /* the last: no route matched */
	atomic_ulong bucket[NBUCKETS + 1];
	atomic_ulong count;
	double sum; /* under the lock */
	atomic_long inflight;
	time_t started;
	pthread_mutex_t lock;
	struct {
		char name[16];
		unsigned long ok, failed;
	} jobs[8];
} m = { .lock = PTHREAD_MUTEX_INITIALIZER };

void metrics_init(void)
{
	m.started = time(NULL);
}

static size_t route_index(const char *name)
{
	if (name)
		for (size_t i = 0; i < routes_count && i < MAX_ROUTES; i++)
			if (routes[i].name == name || !strcmp(routes[i].name, name))
				return i;
	return MAX_ROUTES;
}

void metrics_request(const char *route, int status, double seconds)
{
	size_t r = route_index(route);
	int c = status / 100 - 1;
	size_t b = 0;

	if (c < 0 || c > 4)
		c = 4;
	atomic_fetch_add(&m.routes[r].by_class[c], 1);
	while (b < NBUCKETS && seconds > buckets[b])
		b++;
	atomic_fetch_add(&m.bucket[b], 1);
	atomic_fetch_add(&m.count, 1);
	pthread_mutex_lock(&m.lock);
	m.sum += seconds;
	pthread_mutex_unlock(&m.lock);
}

void metrics_inflight(int delta)
{
	atomic_fetch_add(&m.inflight, delta);
}

void metrics_job(const char *job, int ok)
{
	pthread_mutex_lock(&m.lock);
	for (size_t i = 0; i < sizeof(m.jobs) / sizeof(m.jobs[0]); i++) {
		if (m.jobs[i].name[0] && strcmp(m.jobs[i].name, job))
			continue;
		if (!m.jobs[i].name[0])
			strncpy(m.jobs[i].name, job, sizeof(m.jobs[i].name) - 1);
		if (ok)
			m.jobs[i].ok++;
		else
			m.jobs[i].failed++;
		break;
	}
	pthread_mutex_unlock(&m.lock);
}

void metrics_render(struct buf *out)
{
	unsigned long cum = 0;
	double sum;

	buf_adds(out, "# HELP wuye_http_requests_total HTTP requests answered, by route and status class.\n"
		      "# TYPE wuye_http_requests_total counter\n");
	for (size_t r = 0; r <= MAX_ROUTES; r++) {
		const char *name = r < MAX_ROUTES ? (r < routes_count ? routes[r].name : NULL) : "none";
		if (!name)
			continue;
		for (int c = 0; c < 5; c++) {
			unsigned long v = atomic_load(&m.routes[r].by_class[c]);
			if (v)
				buf_addf(out, "wuye_http_requests_total{route=\"%s\",status=\"%s\"} %lu\n", name, classes[c], v);
		}
	}
	buf_adds(out, "# HELP wuye_http_request_duration_seconds Time to answer a request.\n"
		      "# TYPE wuye_http_request_duration_seconds histogram\n");
	for (size_t b = 0; b < NBUCKETS; b++) {
		cum += atomic_load(&m.bucket[b]);
		buf_addf(out, "wuye_http_request_duration_seconds_bucket{le=\"%g\"} %lu\n", buckets[b], cum);
	}
	cum += atomic_load(&m.bucket[NBUCKETS]);
	pthread_mutex_lock(&m.lock);
	sum = m.sum;
	pthread_mutex_unlock(&m.lock);
	buf_addf(out, "wuye_http_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
	buf_addf(out, "wuye_http_request_duration_seconds_sum %.6f\n", sum);
	buf_addf(out, "wuye_http_request_duration_seconds_count %lu\n", (unsigned long)atomic_load(&m.count));
	buf_addf(out, "# HELP wuye_http_requests_in_flight Requests being answered.\n# TYPE wuye_http_requests_in_flight gauge\n"
		      "wuye_http_requests_in_flight %ld\n", (long)atomic_load(&m.inflight));
	buf_adds(out, "# HELP wuye_job_runs_total Scheduled job runs, by job and outcome.\n# TYPE wuye_job_runs_total counter\n");
	pthread_mutex_lock(&m.lock);
	for (size_t i = 0; i < sizeof(m.jobs) / sizeof(m.jobs[0]) && m.jobs[i].name[0]; i++)
		buf_addf(out, "wuye_job_runs_total{job=\"%s\",outcome=\"ok\"} %lu\nwuye_job_runs_total{job=\"%s\",outcome=\"failed\"} %lu\n",
			 m.jobs[i].name, m.jobs[i].ok, m.jobs[i].name, m.jobs[i].failed);
	pthread_mutex_unlock(&m.lock);
	buf_addf(out, "# HELP wuye_uptime_seconds Seconds since the server started.\n# TYPE wuye_uptime_seconds gauge\n"
		      "wuye_uptime_seconds %ld\n", (long)(time(NULL) - m.started));
}
