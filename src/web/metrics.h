/* metrics.h: counters for /metrics (Prometheus text format), shared by the threads. */
#ifndef WUYE_METRICS_H
#define WUYE_METRICS_H

#include <stdint.h>

#include "base/buf.h"

void metrics_init(void);
/* One answered request: its route (NULL: none matched), status and duration. */
void metrics_request(const char *route, int status, double seconds);
void metrics_inflight(int delta);
/* A scheduled job ran (ok 1) or failed (0). */
void metrics_job(const char *job, int ok);
void metrics_render(struct buf *out);

#endif
