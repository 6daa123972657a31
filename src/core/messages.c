/* messages.c: payers' contact data in bulk, channels with their fall-backs, texts. */
#include "core/messages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/hashmap.h"
#include "base/money.h"
#include "base/xalloc.h"
#include "core/phone.h"

struct payer_book {
	struct payer_info *p;
	size_t n, alloc;
	struct hashmap index;
};

static struct payer_info *add(struct payer_book *b, int64_t id)
{
	int64_t i;

	if (hashmap_get(&b->index, (const char *)&id, 8, &i))
		return &b->p[i];
	XGROW(b->p, b->alloc, b->n + 1);
	memset(&b->p[b->n], 0, sizeof(b->p[0]));
	b->p[b->n].id = id;
	hashmap_put(&b->index, (const char *)&id, 8, (int64_t)b->n);
	return &b->p[b->n++];
}

static void add_unit(struct payer_info *p, const char *b, const char *e, const char *r)
{
	size_t n = strlen(p->units);

	if (n + strlen(b) + strlen(e) + strlen(r) + 8 >= sizeof(p->units))
		return; /* the first units are enough for a message */
	snprintf(p->units + n, sizeof(p->units) - n, "%s%s-%s-%s", n ? "、" : "", b, e, r);
}

/* Fills the book from two queries over the payers chosen by their one parameter (the
 * project id, or the payer id): the party with its 重点户 tag and one row per phone
 * (party columns repeat), then the units with open bills. */
static int fill(struct db *db, struct payer_book *b, const char *sql_party, const char *sql_unit, int64_t param,
		struct buf *err)
{
	struct db_stmt *st;
	int rc;

	if (db_prepare(db, &st, sql_party, err) < 0)
		return -1;
	db_bind_int64(st, 1, param);
	while ((rc = db_step(st, err)) == 1) {
		struct payer_info *p = add(b, db_col_int64(st, 0));
		int seq = (int)db_col_int64(st, 8);
		const char *phone = db_col_text(st, 9);
		if (!p->name[0]) {
			snprintf(p->name, sizeof(p->name), "%s", db_col_text(st, 1));
			snprintf(p->wechat, sizeof(p->wechat), "%s", db_col_text(st, 2));
			snprintf(p->email, sizeof(p->email), "%s", db_col_text(st, 3));
			snprintf(p->address, sizeof(p->address), "%s", db_col_text(st, 4));
			snprintf(p->workplace, sizeof(p->workplace), "%s", db_col_text(st, 5));
			p->developer = !strcmp(db_col_text(st, 6), "developer");
			p->key = db_col_int64(st, 7) != 0;
		}
		/* the first mobile in the payer's own order of numbers */
		if (!db_col_is_null(st, 9) && phone_is_mobile(phone) && (!p->mobile[0] || seq < p->mobile_seq)) {
			snprintf(p->mobile, sizeof(p->mobile), "%s", phone);
			p->mobile_seq = seq;
		}
	}
	db_finalize(st);
	if (rc < 0 || db_prepare(db, &st, sql_unit, err) < 0)
		return -1;
	db_bind_int64(st, 1, param);
	while ((rc = db_step(st, err)) == 1)
		add_unit(add(b, db_col_int64(st, 0)), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3));
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

#define PARTY_COLUMNS                                                                                             \
	"p.id, p.name, p.wechat, p.email, p.address, p.workplace, p.kind, "                                     \
	"CASE WHEN EXISTS (SELECT 1 FROM party_tag t WHERE t.party_id = p.id AND t.tag = 'key') THEN 1 ELSE 0 END, " \
	"COALESCE(pp.seq, 0), pp.phone "
#define UNIT_LABELS                                                                                               \
	"SELECT x.payer_id, bd.code, u.entrance, u.room FROM (SELECT payer_id, unit_id FROM bill_open WHERE %s = ? " \
	"GROUP BY payer_id, unit_id) x JOIN unit u ON u.id = x.unit_id JOIN building bd ON bd.id = u.building_id "      \
	"ORDER BY x.payer_id, x.unit_id"

struct payer_book *payer_book_load(struct db *db, int64_t project_id, struct buf *err)
{
	struct payer_book *b = xcalloc(1, sizeof(*b));
	char units[512];

	snprintf(units, sizeof(units), UNIT_LABELS, "project_id");
	/* driven from the project's payers with open bills (grouped on the index, then a
	 * seek per payer: not a scan of every owner) */
	if (fill(db, b,
		 "SELECT " PARTY_COLUMNS "FROM (SELECT payer_id FROM bill_open WHERE project_id = ? GROUP BY payer_id) x "
		 "JOIN party p ON p.id = x.payer_id LEFT JOIN party_phone pp ON pp.party_id = p.id",
		 units, project_id, err) < 0) {
		payer_book_free(b);
		return NULL;
	}
	return b;
}

int payer_info_load(struct db *db, int64_t project_id, int64_t payer_id, struct payer_info *out, struct buf *err)
{
	struct payer_book b;
	char units[512];
	int rc;

	(void)project_id;
	memset(&b, 0, sizeof(b));
	snprintf(units, sizeof(units), UNIT_LABELS, "payer_id");
	rc = fill(db, &b, "SELECT " PARTY_COLUMNS "FROM party p LEFT JOIN party_phone pp ON pp.party_id = p.id WHERE p.id = ?",
		  units, payer_id, err);
	if (rc == 0) {
		const struct payer_info *p = payer_book_get(&b, payer_id);
		if (p)
			*out = *p;
		else {
			memset(out, 0, sizeof(*out));
			out->id = payer_id;
		}
	}
	free(b.p);
	hashmap_clear(&b.index);
	return rc;
}

const struct payer_info *payer_book_get(const struct payer_book *b, int64_t payer_id)
{
	int64_t i;

	return b && hashmap_get(&b->index, (const char *)&payer_id, 8, &i) ? &b->p[i] : NULL;
}

void payer_book_free(struct payer_book *b)
{
	if (!b)
		return;
	free(b->p);
	hashmap_clear(&b->index);
	free(b);
}

int message_channels(const struct payer_info *p, const char *out[3])
{
	int n = 0;

	if (p->wechat[0])
		out[n++] = "wechat";
	if (p->mobile[0])
		out[n++] = "sms";
	else if (p->email[0])
		out[n++] = "email";
	else if (!n)
		out[n++] = "letter";
	return n;
}

const char *message_address(const struct payer_info *p, const char *channel)
{
	if (!strcmp(channel, "wechat"))
		return p->wechat;
	if (!strcmp(channel, "sms"))
		return p->mobile;
	if (!strcmp(channel, "email"))
		return p->email;
	/* a letter without a postal address goes to the door of the unit it is about */
	return p->address[0] ? p->address : p->units;
}

void message_values(struct message_values *mv, const struct case_ctx *c, const struct payer_info *p, int64_t open_fen,
		    int due, const char *link)
{
	struct buf b = BUF_INIT;
	int y1, m1, d1, y2, m2, d2, months = 0;

	memset(mv, 0, sizeof(*mv));
	snprintf(mv->name, sizeof(mv->name), p->developer ? "%s" : "%s业主", p->name[0] ? p->name : "");
	if (!p->name[0])
		snprintf(mv->name, sizeof(mv->name), "业主");
	buf_add_yuan(&b, open_fen);
	snprintf(mv->amount, sizeof(mv->amount), "%s", b.buf);
	buf_release(&b);
	date_format(due, mv->due);
	date_format(c->today + c->policy.notice_deadline_days, mv->deadline);
	date_format(c->today, mv->today);
	/* whole months since the oldest bill fell due, a part month counting as one */
	if (c->today > due) {
		date_to_ymd(due, &y1, &m1, &d1);
		date_to_ymd(c->today, &y2, &m2, &d2);
		months = (y2 - y1) * 12 + (m2 - m1) + (d2 > d1 ? 1 : 0);
		if (months < 1)
			months = 1;
	}
	snprintf(mv->months, sizeof(mv->months), "%d", months);
	mv->tv.v[TV_NAME] = mv->name;
	mv->tv.v[TV_UNITS] = p->units;
	mv->tv.v[TV_MONTHS] = mv->months;
	mv->tv.v[TV_AMOUNT] = mv->amount;
	mv->tv.v[TV_DUE] = mv->due;
	mv->tv.v[TV_DEADLINE] = mv->deadline;
	mv->tv.v[TV_LINK] = link ? link : "";
	mv->tv.v[TV_OFFICE_PHONE] = c->office_phone[0] ? c->office_phone : "物业管理处";
	mv->tv.v[TV_PROJECT] = c->project_name;
	mv->tv.v[TV_TODAY] = mv->today;
}
