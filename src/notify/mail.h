/* mail.h: an e-mail as RFC 5322 + MIME text (UTF-8 subject and body), for smtp.c. */
#ifndef WUYE_NOTIFY_MAIL_H
#define WUYE_NOTIFY_MAIL_H

#include <stdint.h>

#include "base/buf.h"

struct mail {
	int64_t id;            /* the outbox id: the Message-ID's left part */
	int64_t date;          /* UNIX time: the Date header (written in +0800) */
	const char *from;      /* the sender's address */
	const char *from_name; /* the sender's display name, UTF-8; NULL or "" for none */
	const char *to;
	const char *subject;   /* UTF-8 */
	const char *text;      /* UTF-8, lines ended by "\n" or "\r\n" */
};

/* 1 when s is a plain addr-spec we are willing to put in a header and an SMTP command:
 * local@domain, printable ASCII, no blanks, brackets, quotes, commas or semicolons. */
int mail_address_ok(const char *s);

/* Writes the message with CRLF line ends into out and its Message-ID ("<ID.DATE@wuye>")
 * into message_id.  -1 when the subject or text is not UTF-8 or an address is bad (err). */
int mail_compose(const struct mail *m, struct buf *out, struct buf *message_id, struct buf *err);

#endif
