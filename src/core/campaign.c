/* campaign.c: holiday greetings and monthly care calls. */
#include "core/campaign.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/xalloc.h"
#include "core/cases.h"
#include "core/messages.h"
#include "core/outbox.h"
#include "core/templates.h"

/* The project's owners of record on `day` (first owner of each unit, the payer), with
 * the first of their units, filtered by the segment. */
#define OWNERS                                                                                                  \
	"SELECT o.party_id, MIN(o.unit_id) FROM ownership o JOIN unit u ON u.id = o.unit_id "                  \
	"JOIN building b ON b.id = u.building_id WHERE b.project_id = ? AND o.seq = 0 "                        \
	"AND o.from_day = (SELECT MAX(o2.from_day) FROM ownership o2 WHERE o2.unit_id = o.unit_id AND o2.from_day <= ?) "

struct owner {
	int64_t payer, unit;
};

static int load_owners(struct db *db, int64_t project_id, int day, const char *segment, struct owner **out, size_t *n,
		       struct buf *err)
{
	struct db_stmt *st;
	size_t alloc = 0;
	const char *building = NULL;
	const char *filter;
	int rc;

	*out = NULL;
	*n = 0;
	if (!strcmp(segment, "all"))
		filter = "";
	else if (!strcmp(segment, "paid-up"))
		filter = "AND NOT EXISTS (SELECT 1 FROM bill_open bo WHERE bo.project_id = b.project_id "
			 "AND bo.payer_id = o.party_id AND bo.due_day < ?) ";
	else if (!strcmp(segment, "care") || !strcmp(segment, "key"))
		filter = "AND EXISTS (SELECT 1 FROM party_tag t WHERE t.party_id = o.party_id AND t.tag = ?) ";
	else if (!strncmp(segment, "building:", 9) && segment[9]) {
		building = segment + 9;
		filter = "AND b.code = ? ";
	} else
		return error(err, _("unknown segment '%s' (all, paid-up, care, key or building:CODE)"), segment);
	{
		struct buf sql = BUF_INIT;
		buf_addf(&sql, "%s%sGROUP BY o.party_id ORDER BY o.party_id", OWNERS, filter);
		rc = db_prepare(db, &st, sql.buf, err);
		buf_release(&sql);
		if (rc < 0)
			return -1;
	}
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, day);
	if (!strcmp(segment, "paid-up"))
		db_bind_int64(st, 3, day);
	else if (building)
		db_bind_text(st, 3, building);
	else if (*filter)
		db_bind_text(st, 3, segment);
	while ((rc = db_step(st, err)) == 1) {
		XGROW(*out, alloc, *n + 1);
		(*out)[*n].payer = db_col_int64(st, 0);
		(*out)[*n].unit = db_col_int64(st, 1);
		(*n)++;
	}
	db_finalize(st);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int campaign_greeting(struct db *db, int64_t project_id, int today, const char *name, const char *segment,
		      const char *body, int64_t staff_id, int64_t *campaign_id, int *owners, int *queued,
		      struct buf *err)
{
	struct case_ctx c;
	struct owner *list = NULL;
	struct outbox_writer *w = NULL;
	struct template t;
	size_t n = 0;
	int rc = -1;

	*queued = *owners = 0;
	if (!name || !*name)
		return error(err, _("a campaign needs a name (--name)"));
	if (body && template_check(body, err) < 0)
		return -1;
	memset(&t, 0, sizeof(t));
	if (db_begin_immediate(db, err) < 0)
		return -1;
	if (case_ctx_open(&c, db, project_id, today, err) < 0) {
		db_rollback(db);
		return -1;
	}
	if (template_get(db, project_id, "greeting", "sms", &t, err) < 0 ||
	    load_owners(db, project_id, today, segment, &list, &n, err) < 0)
		goto out;
	if (db_run(db, campaign_id, err, "INSERT INTO campaign (project_id, kind, name, segment, body, day, created_by, "
		   "created_at) VALUES (?, 'greeting', ?, ?, ?, ?, ?, ?) RETURNING id", "itttini", project_id, name, segment,
		   body ? body : t.body, (int64_t)today, staff_id, (int64_t)time(NULL)) != 1)
		goto out;
	w = outbox_writer_new(&c);
	for (size_t i = 0; i < n; i++) {
		struct payer_info p;
		const char *channels[3];
		int k;
		struct outbox_item it = {
			.payer = &p, .unit_id = list[i].unit, .kind = "campaign", .step = "greeting", .body = body,
			.no_letter = 1, /* a greeting has no paper form */
			/* at the start of the contact hours of the day */
			.send_after = (int64_t)today * 86400 + (int64_t)(c.policy.quiet_to - 8 * 60) * 60,
		};
		if (payer_info_load(db, project_id, list[i].payer, &p, err) < 0 ||
		    outbox_queue(w, &it, channels, &k, err) < 0)
			goto out;
		(*owners)++;
		*queued += k;
	}
	rc = db_commit(db, err);
out:
	if (rc < 0 && db_in_transaction(db))
		db_rollback(db);
	outbox_writer_free(w);
	template_free(&t);
	case_ctx_close(&c);
	free(list);
	return rc;
}

int campaign_care(struct db *db, int64_t project_id, int today, int *created, struct buf *err)
{
	struct case_ctx c;
	struct owner *list = NULL;
	size_t n = 0;
	char month[11];
	int rc = -1;

	*created = 0;
	date_format(today, month);
	month[7] = '\0';
	if (db_begin_immediate(db, err) < 0)
		return -1;
	if (case_ctx_open(&c, db, project_id, today, err) < 0) {
		db_rollback(db);
		return -1;
	}
	if (load_owners(db, project_id, today, "care", &list, &n, err) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		int64_t id = 0;
		int64_t staff = case_assignee(&c, STEP_CARE, list[i].unit, 0, 0);
		int r;
		if (!staff) {
			error(err, _("nobody to give the task to: add a manager or an administrator"));
			goto out;
		}
		r = db_run(db, &id, err, "INSERT INTO care_task (project_id, payer_id, unit_id, staff_id, month, due_day, "
			       "state, created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?) ON CONFLICT DO NOTHING RETURNING id",
			       "iiiitii", project_id, list[i].payer, list[i].unit, staff, month, (int64_t)today,
			       (int64_t)time(NULL));
		if (r < 0)
			goto out;
		if (r == 1)
			(*created)++;
	}
	rc = db_commit(db, err);
out:
	if (rc < 0 && db_in_transaction(db))
		db_rollback(db);
	case_ctx_close(&c);
	free(list);
	return rc;
}
