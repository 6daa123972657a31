/* messages.h: the automatic messages of the ladder: to whom, by which channels, and the
 * values of their templates' variables (the wording is templates.c's). */
#ifndef WUYE_MESSAGES_H
#define WUYE_MESSAGES_H

#include <stdint.h>

#include "base/buf.h"
#include "core/cases.h"
#include "core/templates.h"

/* What the messages need of a payer. */
struct payer_info {
	int64_t id;
	char name[128], wechat[64], email[128], mobile[24], address[256], workplace[256];
	int key;           /* 重点户 */
	int developer;     /* the developer's account, not an owner */
	char units[256];   /* "3-2-1201、3-2-1202" */
	int mobile_seq;    /* the place of the mobile among the payer's numbers */
};

/* Loads the payers of a project that have open bills (two queries). */
struct payer_book;
struct payer_book *payer_book_load(struct db *db, int64_t project_id, struct buf *err);
const struct payer_info *payer_book_get(const struct payer_book *b, int64_t payer_id);
void payer_book_free(struct payer_book *b);
/* The same for one payer. */
int payer_info_load(struct db *db, int64_t project_id, int64_t payer_id, struct payer_info *out, struct buf *err);

/* The channels an automatic message goes by: WeChat when the payer has it, SMS to a
 * mobile; without a mobile, e-mail; with nothing at all, a printed letter.  Returns the
 * count (at most 3). */
int message_channels(const struct payer_info *p, const char *out[3]);
/* The template variables of a message to a payer (templates.h); mv holds the strings. */
struct message_values {
	char name[160], amount[40], due[11], deadline[11], today[11], months[12];
	struct template_values tv;
};
void message_values(struct message_values *mv, const struct case_ctx *c, const struct payer_info *p, int64_t open_fen,
		    int due, const char *link);
/* Where the message goes: the openid, the mobile, the e-mail, the postal address. */
const char *message_address(const struct payer_info *p, const char *channel);

#endif
