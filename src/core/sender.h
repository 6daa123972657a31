/* sender.h: `wuye send`: delivering the outbox through the project's channels.
 *
 * A message is claimed (state 'sending', committed) before its gateway is called and its
 * answer is recorded after, a batch at a time.  So:
 *   - a gateway that is down answers "try again": the message goes back to the queue
 *     with an exponential back-off (1 min, 2, 4, … at most 6 h; failed after 8 tries),
 *     and after three such answers in a row the rest of the batch on that channel is
 *     put back untouched: nothing is lost;
 *   - a crash between the call and the record leaves 'sending' rows; the next run asks
 *     the gateway whether it has them (SMS: by our id sent along) and records them as
 *     sent, or sends them again only if the gateway has no record.  A channel that cannot
 *     be asked (e-mail, WeChat) is not sent twice: the message is marked failed with the
 *     reason, for a person to decide;
 *   - quiet hours (the policy's, 21:00–08:00 by default) and the gap between automatic
 *     messages to one owner (3 days) hold here too, whatever queued the message;
 *   - a message about a debt that was paid (or a case that closed) is cancelled.
 */
#ifndef WUYE_SENDER_H
#define WUYE_SENDER_H

#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

struct send_options {
	int64_t project_id; /* 0: every project */
	int64_t now;        /* UNIX time the run acts at */
	int limit;          /* at most this many gateway calls (0: no limit) */
	int batch;          /* messages claimed per transaction (0: 200) */
};

struct send_result {
	int sent, retry, failed, cancelled, superseded, postponed, unconfigured, recovered, quiet_projects;
};

int send_run(struct db *db, const struct send_options *o, struct send_result *res, struct buf *err);

/* The back-off before attempt n+1 after n failed attempts, in seconds. */
int64_t send_backoff(int attempts);

#endif
