/* outbox.h: the outbox of automatic messages: queueing (the daily run, campaigns),
 * listing, and the delivery reports the gateways send back.
 *
 * One message per owner, step, day and channel (the idempotency key), covering all the
 * owner's units and bills; its text is rendered from the template in force when it is
 * queued and kept, so the outbox is the record of what was said.  The sending side is
 * sender.c.
 */
#ifndef WUYE_OUTBOX_H
#define WUYE_OUTBOX_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "core/cases.h"
#include "core/messages.h"
#include "store/db.h"

/* Renders and queues messages for one project, keeping its templates between calls. */
struct outbox_writer;
struct outbox_writer *outbox_writer_new(const struct case_ctx *c);
void outbox_writer_free(struct outbox_writer *w);

struct outbox_item {
	int64_t case_id;          /* 0 for a campaign */
	const struct payer_info *payer;
	int64_t unit_id;          /* the first unit: where a letter goes, what lists show */
	const char *kind;         /* "dun" or "campaign" */
	const char *step;         /* prenotice, reminder, greeting */
	const char *body;         /* a campaign's own text (a checked template), else NULL */
	int64_t open_fen;
	int oldest_due;
	int64_t send_after;       /* UNIX time */
	int no_letter;            /* no printed letter when there is no other channel */
};

/* Queues the message on every channel the payer has (messages.c's fall-backs); a key
 * already queued is left alone.  *channels gets the channels (at most 3), *n their count. */
int outbox_queue(struct outbox_writer *w, const struct outbox_item *it, const char *channels[3], int *n,
		 struct buf *err);

/* `wuye outbox`: the messages of a project (0: every project; state, channel: NULL for all), newest first, as
 * [{"id","unit","payer","step","channel","address","state","text","created","attempts",
 *   "answer","sent_at","gateway_id"}]; the address masked unless show_address. */
int outbox_list_json(struct db *db, int64_t project_id, const char *state, const char *channel, int limit,
		     int show_address, json_t **out, struct buf *err);

/* Applies delivery reports: each matched by our message id or the gateway's id; a
 * delivered demand restarts the limitation period of the bills it was about.  *matched
 * counts the reports that named a message of ours. */
struct notify_receipt;
int outbox_apply_receipts(struct db *db, const char *vendor, const struct notify_receipt *r, size_t n, int *matched,
			  struct buf *err);

#endif
