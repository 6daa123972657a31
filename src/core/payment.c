/* payment.c: posting payments once, reversing and refunding them, charging late fees. */
#include "core/payment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/xalloc.h"
#include "core/bills.h"
#include "core/fees.h"
#include "core/ledger.h"
#include "core/project.h"
#include "core/unit.h"
#include "core/waiver.h"

const char *const payment_channels[] = { "cash", "card", "transfer", "wechat", "alipay", "autodebit", NULL };
static const char *const channel_labels[] = { "现金", "刷卡", "银行转账", "微信支付", "支付宝", "银行代扣", NULL };

int payment_channel_valid(const char *channel)
{
	for (int i = 0; payment_channels[i]; i++)
		if (!strcmp(channel, payment_channels[i]))
			return 1;
	return !strcmp(channel, "online");
}

const char *payment_channel_label(const char *channel)
{
	for (int i = 0; payment_channels[i]; i++)
		if (!strcmp(channel, payment_channels[i]))
			return channel_labels[i];
	return !strcmp(channel, "online") ? "线上缴费" : channel;
}

void receipt_format(char *out, size_t n, const char *project_code, int64_t no)
{
	snprintf(out, n, "%s-%06lld", project_code, (long long)no);
}

int receipt_parse(const char *s, char *code, size_t ncode, int64_t *no)
{
	const char *dash = strrchr(s, '-');
	char *end;
	long long v;

	if (!dash || dash == s || (size_t)(dash - s) >= ncode || !dash[1])
		return -1;
	v = strtoll(dash + 1, &end, 10);
	if (*end || v <= 0)
		return -1;
	memcpy(code, s, (size_t)(dash - s));
	code[dash - s] = '\0';
	*no = v;
	return 0;
}

/* ---- late fees charged ---- */

/* The uncharged late fees of the payer's bills if `paid` were applied today in the
 * payment's order (the bills named, else oldest due first), per bill into fee[]; the
 * bills' own records are left as they are. */
static int64_t fees_with_payment(const struct bill_state *b, size_t n, int64_t payer_id, int day, int64_t paid,
				 const int64_t *bills, size_t nbills, int64_t *fee)
{
	int64_t total = 0, *take = xcalloc(n + 1, sizeof(int64_t));
	size_t *order = xcalloc(n + 1, sizeof(size_t)), norder = 0;

	if (nbills) {
		for (size_t k = 0; k < nbills; k++)
			for (size_t i = 0; i < n; i++)
				if (b[i].id == bills[k])
					order[norder++] = i;
	} else {
		for (size_t i = 0; i < n; i++) /* b is ordered by due date, then id */
			order[norder++] = i;
	}
	for (size_t k = 0; k < norder && paid > 0; k++) {
		const struct bill_state *x = &b[order[k]];
		if (x->payer_id != payer_id || !strcmp(x->kind, "latefee") || x->open <= 0)
			continue;
		take[order[k]] = paid < x->open ? paid : x->open;
		paid -= take[order[k]];
	}
	for (size_t i = 0; i < n; i++) {
		const struct bill_state *x = &b[i];
		struct principal_change *ch;
		int64_t accrued, v;

		fee[i] = 0;
		if (x->payer_id != payer_id || !strcmp(x->kind, "latefee"))
			continue;
		ch = xcalloc(x->nchanges + 1, sizeof(*ch));
		if (x->nchanges)
			memcpy(ch, x->changes, x->nchanges * sizeof(*ch));
		ch[x->nchanges].day = day;
		ch[x->nchanges].amount = take[i];
		accrued = latefee_accrued(x->amount, x->due, &x->terms, ch, x->nchanges + (take[i] > 0), day);
		free(ch);
		v = accrued - x->lf_charged - x->lf_waived;
		fee[i] = v > 0 ? v : 0;
		total += fee[i];
	}
	free(take);
	free(order);
	return total;
}

int latefee_charge(struct db *db, int64_t unit_id, int64_t payer_id, int day, int64_t pay_amount,
		   const int64_t *bills, size_t nbills, int64_t *bill_id, int64_t *amount, struct buf *err)
{
	struct bill_state *b = NULL;
	struct buf explain = BUF_INIT;
	struct ledger l;
	char period[11];
	int64_t total, item_id, project_id, acct, income, now = (int64_t)time(NULL), *fee = NULL;
	size_t n = 0;
	int rc = -1, ledger_ready = 0, lines = 0;

	*bill_id = 0;
	*amount = 0;
	if (bills_load_unit(db, unit_id, day, &b, &n, err) < 0)
		return -1;
	fee = xcalloc(n + 1, sizeof(int64_t));
	total = fees_with_payment(b, n, payer_id, day, 0, NULL, 0, fee);
	if (pay_amount > 0) {
		/* The fee comes out of the payment first and the rest reaches the bills today,
		 * lowering today's accrual: iterate to the fixed point (the fee only falls). */
		for (int iter = 0; iter < 64 && total > 0; iter++) {
			int64_t next = fees_with_payment(b, n, payer_id, day, pay_amount > total ? pay_amount - total : 0,
							 bills, nbills, fee);
			if (next == total)
				break;
			total = next;
		}
	}
	if (!total) {
		rc = 0;
		goto out;
	}
	if (db_run(db, &project_id, err, "SELECT project_id FROM unit WHERE id = ?", "i", unit_id) != 1 ||
	    fee_item_get(db, project_id, "滞纳金", 0, &item_id, err) < 0)
		goto out;
	date_format(day, period);
	buf_addf(&explain, "滞纳金（计至 %s）：", period);
	for (size_t i = 0; i < n; i++) {
		int64_t v = fee[i];
		if (!v)
			continue;
		if (lines++)
			buf_adds(&explain, "；");
		buf_addf(&explain, "%s %s ", b[i].period, b[i].item);
		buf_add_yuan(&explain, v);
	}
	if (db_run(db, bill_id, err, "INSERT INTO bill (project_id, unit_id, payer_id, item_id, kind, period, period_start, "
		   "period_end, liable_from, due_day, amount_fen, explain, created_at) "
		   "VALUES (?, ?, ?, ?, 'latefee', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "iiiitiiiiiti",
		   project_id, unit_id, payer_id, item_id, period, (int64_t)day, (int64_t)day, (int64_t)day,
		   (int64_t)day, total, explain.buf, now) != 1)
		goto out;
	for (size_t i = 0; i < n; i++) {
		int64_t v = fee[i];
		if (!v)
			continue;
		if (db_run(db, NULL, err, "INSERT INTO latefee_event (source_bill_id, kind, amount_fen, latefee_bill_id, day, "
			   "created_at) VALUES (?, 'charge', ?, ?, ?, ?)", "iiiii", b[i].id, v, *bill_id, (int64_t)day, now) < 0)
			goto out;
	}
	if (ledger_open(&l, db, project_id, day, err) < 0)
		goto out;
	ledger_ready = 1;
	if (journal_account(&l.j, ACC_LATEFEE, unit_id, 0, "", &acct, err) < 0 ||
	    journal_item_account(&l.j, ACC_INCOME, item_id, &income, err) < 0 ||
	    journal_post(&l.j, acct, income, total, "latefee", *bill_id, day, err) < 0 ||
	    ledger_bill_open_add(&l, *bill_id, unit_id, payer_id, day, total, err) < 0)
		goto out;
	*amount = total;
	rc = 0;
out:
	if (ledger_ready)
		ledger_close(&l);
	bills_free(b, n);
	free(fee);
	buf_release(&explain);
	return rc;
}

/* ---- incentives at payment time ---- */

struct incentive_rule {
	int64_t id;
	char kind[20];
	char name[128];
	int pct;
	char period[16];
};

static int load_incentives(struct db *db, int64_t project_id, int day, struct incentive_rule **out, size_t *n,
			   struct buf *err)
{
	struct db_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (db_prepare(db, &st, "SELECT id, kind, name, pct, period FROM incentive WHERE project_id = ? AND from_day <= ? "
		       "AND until_day >= ? ORDER BY id", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	db_bind_int64(st, 2, day);
	db_bind_int64(st, 3, day);
	while ((rc = db_step(st, err)) == 1) {
		struct incentive_rule *r;
		XGROW(*out, alloc, *n + 1);
		r = &(*out)[(*n)++];
		r->id = db_col_int64(st, 0);
		snprintf(r->kind, sizeof(r->kind), "%s", db_col_text(st, 1));
		snprintf(r->name, sizeof(r->name), "%s", db_col_text(st, 2));
		r->pct = (int)db_col_int64(st, 3);
		snprintf(r->period, sizeof(r->period), "%s", db_col_text(st, 4));
	}
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* early_annual: a yearly bill of the rule's period that this money settles in full,
 * after whatever it settles first, gets pct off. */
static int apply_early_annual(struct db *db, struct ledger *l, const struct incentive_rule *rule,
			      const struct pay_request *r, int64_t payer_id, int64_t payment_id, int64_t available,
			      int64_t *discount, struct buf *err)
{
	struct db_stmt *st;
	int64_t ids[256], amounts[256], opens[256];
	int yearly[256], n = 0, rc;

	/* every open bill the payment would reach, in the order it would reach them */
	if (db_prepare(db, &st, "SELECT o.bill_id, b.amount_fen, o.open_fen, CASE WHEN t.cycle = 'year' AND b.period = ? "
		       "THEN 1 ELSE 0 END FROM bill_open o JOIN bill b ON b.id = o.bill_id LEFT JOIN tariff t ON t.id = b.tariff_id "
		       "WHERE o.unit_id = ? AND o.payer_id = ? ORDER BY o.due_day, o.bill_id", err) < 0)
		return -1;
	db_bind_text(st, 1, rule->period);
	db_bind_int64(st, 2, r->unit_id);
	db_bind_int64(st, 3, payer_id);
	while ((rc = db_step(st, err)) == 1 && n < 256) {
		ids[n] = db_col_int64(st, 0);
		amounts[n] = db_col_int64(st, 1);
		opens[n] = db_col_int64(st, 2);
		yearly[n] = (int)db_col_int64(st, 3);
		n++;
	}
	db_finalize(st);
	if (rc < 0)
		return -1;
	if (r->nbills) {
		/* only the bills named, in their order */
		int64_t o_ids[256], o_amounts[256], o_opens[256];
		int o_yearly[256], m = 0;
		for (size_t k = 0; k < r->nbills && m < 256; k++)
			for (int i = 0; i < n; i++)
				if (ids[i] == r->bills[k]) {
					o_ids[m] = ids[i];
					o_amounts[m] = amounts[i];
					o_opens[m] = opens[i];
					o_yearly[m] = yearly[i];
					m++;
				}
		memcpy(ids, o_ids, sizeof(int64_t) * (size_t)m);
		memcpy(amounts, o_amounts, sizeof(int64_t) * (size_t)m);
		memcpy(opens, o_opens, sizeof(int64_t) * (size_t)m);
		memcpy(yearly, o_yearly, sizeof(int) * (size_t)m);
		n = m;
	}
	for (int i = 0; i < n && available > 0; i++) {
		int64_t off = round_div((__int128)amounts[i] * rule->pct, 100), request_id;
		struct buf reason = BUF_INIT;
		if (!yearly[i] || off <= 0 || off > opens[i] || available < opens[i] - off) {
			available -= opens[i]; /* settled (in part) before the next one */
			continue;
		}
		buf_addf(&reason, "%s（%d%%）", rule->name, rule->pct);
		rc = request_granted(db, l->project_id, "waiver", r->unit_id, ids[i], off, reason.buf, rule->id, l->day,
				     &request_id, err);
		buf_release(&reason);
		if (rc < 0 || waiver_apply(l, request_id, ids[i], off, payment_id, NULL, err) < 0)
			return -1;
		available -= opens[i] - off;
		*discount += off;
	}
	return 0;
}

/* latefee_amnesty: all principal settled, so the late fees go. */
static int apply_latefee_amnesty(struct db *db, struct ledger *l, const struct incentive_rule *rule,
				 int64_t unit_id, int64_t payer_id, int64_t payment_id, int64_t *discount,
				 struct buf *err)
{
	struct bill_state *b = NULL;
	size_t n = 0;
	int64_t principal_open = 0, now = (int64_t)time(NULL);
	int rc = -1;

	if (bills_load_unit(db, unit_id, l->day, &b, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (b[i].payer_id == payer_id && strcmp(b[i].kind, "latefee"))
			principal_open += b[i].open;
	if (principal_open > 0) {
		rc = 0;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		int64_t v, request_id;
		if (b[i].payer_id != payer_id)
			continue;
		if (!strcmp(b[i].kind, "latefee")) {
			if (b[i].open <= 0)
				continue;
			if (request_granted(db, l->project_id, "waiver", unit_id, b[i].id, b[i].open, rule->name, rule->id,
					    l->day, &request_id, err) < 0 ||
			    waiver_apply(l, request_id, b[i].id, b[i].open, payment_id, NULL, err) < 0)
				goto out;
			*discount += b[i].open;
		} else if ((v = bill_latefee_uncharged(&b[i])) > 0) {
			if (request_granted(db, l->project_id, "latefee_waiver", unit_id, b[i].id, v, rule->name, rule->id,
					    l->day, &request_id, err) < 0 ||
			    db_run(db, NULL, err, "INSERT INTO latefee_event (source_bill_id, kind, amount_fen, request_id, day, "
				   "created_at) VALUES (?, 'waive', ?, ?, ?, ?)", "iiiii", b[i].id, v, request_id,
				   (int64_t)l->day, now) < 0)
				goto out;
			*discount += v;
		}
	}
	rc = 0;
out:
	bills_free(b, n);
	return rc;
}

/* ---- posting a payment ---- */

static int find_by_ref(struct db *db, const char *ref, int64_t *id, int64_t *unit_id, int64_t *amount,
		       struct buf *err)
{
	struct db_stmt *st;
	int rc;

	if (db_prepare(db, &st, "SELECT id, unit_id, amount_fen FROM payment WHERE ref = ?", err) < 0)
		return -1;
	db_bind_text(st, 1, ref);
	rc = db_step(st, err);
	if (rc == 1) {
		*id = db_col_int64(st, 0);
		*unit_id = db_col_int64(st, 1);
		*amount = db_col_int64(st, 2);
	}
	db_finalize(st);
	return rc;
}

int payment_find_ref(struct db *db, const char *ref, int64_t *payment_id, int64_t *unit_id, int64_t *amount,
		     struct buf *err)
{
	return find_by_ref(db, ref, payment_id, unit_id, amount, err);
}

static int fill_receipt(struct db *db, int64_t payment_id, struct pay_result *res, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	if (db_prepare(db, &st, "SELECT p.code, y.receipt_no FROM payment y JOIN project p ON p.id = y.project_id "
		       "WHERE y.id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, payment_id);
	rc = db_step(st, err);
	if (rc == 1)
		receipt_format(res->receipt, sizeof(res->receipt), db_col_text(st, 0), db_col_int64(st, 1));
	db_finalize(st);
	return rc == 1 ? 0 : -1;
}

/* The same ref seen again: the first payment if unit and amount agree, else refused. */
static int duplicate_ref(struct db *db, const struct pay_request *r, int64_t id, int64_t unit_id, int64_t amount,
			 struct pay_result *res, struct buf *err)
{
	if (unit_id != r->unit_id || amount != r->amount) {
		struct buf a = BUF_INIT;
		res->conflict = 1;
		res->field = "ref";
		buf_add_money(&a, amount);
		error(err, _("--ref '%s' was already used for payment %lld (another unit or amount: %s)"), r->ref,
		      (long long)id, a.buf);
		buf_release(&a);
		return -1;
	}
	res->payment_id = id;
	res->duplicate = 1;
	return fill_receipt(db, id, res, err);
}

/* The bills named: each once, of this unit, still open (*field "bills" when not). */
static int check_bills(struct db *db, const struct pay_request *r, const char **field, struct buf *err)
{
	for (size_t i = 0; i < r->nbills; i++) {
		int64_t unit_id = 0, open = 0;
		int rc;
		for (size_t k = 0; k < i; k++)
			if (r->bills[k] == r->bills[i])
				return *field = "bills", error(err, _("bill %lld is named twice"), (long long)r->bills[i]);
		rc = db_run(db, &unit_id, err, "SELECT unit_id FROM bill WHERE id = ?", "i", r->bills[i]);
		if (rc < 0)
			return -1;
		if (rc == 0 || unit_id != r->unit_id)
			return *field = "bills", error(err, _("bill %lld is not a bill of this unit"), (long long)r->bills[i]);
		rc = db_run(db, &open, err, "SELECT open_fen FROM bill_open WHERE bill_id = ?", "i", r->bills[i]);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return *field = "bills", error(err, _("bill %lld is already settled"), (long long)r->bills[i]);
	}
	return 0;
}

int pay_post(struct db *db, const struct pay_request *r, struct pay_result *res, struct buf *err)
{
	struct incentive_rule *rules = NULL;
	struct ledger l;
	struct project p;
	int64_t project_id, payer_id, receipt_no, cash, prepaid, id, unit_id, amount, remaining;
	int64_t latefee_bill = 0, now = (int64_t)time(NULL);
	size_t nrules = 0;
	int rc, ledger_ready = 0;

	memset(res, 0, sizeof(*res));
	if (r->amount <= 0)
		return res->field = "amount", error(err, _("the amount must be more than 0"));
	if (!payment_channel_valid(r->channel))
		return res->field = "channel",
		       error(err, _("unknown channel '%s' (expected cash, card, transfer, wechat, alipay or autodebit)"), r->channel);
	if (r->ref && !*r->ref)
		return res->field = "ref", error(err, _("--ref must not be empty"));
	if (db_begin_immediate(db, err) < 0)
		return -1;
	if (r->ref) {
		rc = find_by_ref(db, r->ref, &id, &unit_id, &amount, err);
		if (rc < 0)
			goto fail;
		if (rc == 1) {
			rc = duplicate_ref(db, r, id, unit_id, amount, res, err);
			db_rollback(db);
			return rc;
		}
	}
	if (db_run(db, &project_id, err, "SELECT project_id FROM unit WHERE id = ?", "i", r->unit_id) != 1 ||
	    project_get(db, project_id, &p, err) < 0)
		goto fail;
	if (unit_payer_on(db, r->unit_id, r->day, &payer_id, err) < 0) {
		res->field = "unit";
		goto fail;
	}
	if (check_bills(db, r, &res->field, err) < 0)
		goto fail;
	/* the next receipt number: the counter row serializes concurrent cashiers */
	if (db_run(db, &receipt_no, err, "UPDATE receipt_counter SET last_no = last_no + 1 WHERE project_id = ? "
		   "RETURNING last_no", "i", project_id) != 1)
		goto fail;
	rc = db_run(db, &id, err, "INSERT INTO payment (project_id, unit_id, payer_id, amount_fen, channel, ref, receipt_no, "
		    "paid_day, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "iiiitTiini",
		    project_id, r->unit_id, payer_id, r->amount, r->channel, r->ref, receipt_no, (int64_t)r->day,
		    r->staff_id, now);
	if (rc == DB_CONFLICT && r->ref) {
		/* another process posted the same ref first: that one stands */
		db_rollback(db);
		if (find_by_ref(db, r->ref, &id, &unit_id, &amount, err) != 1)
			return -1;
		return duplicate_ref(db, r, id, unit_id, amount, res, err);
	}
	if (rc != 1)
		goto fail;
	res->payment_id = id;
	receipt_format(res->receipt, sizeof(res->receipt), p.code, receipt_no);

	if (ledger_open(&l, db, project_id, r->day, err) < 0)
		goto fail;
	ledger_ready = 1;
	if (journal_account(&l.j, ACC_CASH, 0, 0, r->channel, &cash, err) < 0 ||
	    journal_account(&l.j, ACC_PREPAID, r->unit_id, payer_id, "", &prepaid, err) < 0 ||
	    journal_post(&l.j, cash, prepaid, r->amount, "payment", id, r->day, err) < 0 ||
	    ledger_prepaid_add(&l, id, r->unit_id, payer_id, r->amount, err) < 0)
		goto fail;

	if (r->late_fee) {
		/* the late fee comes out of the amount first */
		int64_t applied = 0;
		if (latefee_charge(db, r->unit_id, payer_id, r->day, r->amount, r->bills, r->nbills, &latefee_bill,
				   &res->latefee, err) < 0)
			goto fail;
		if (latefee_bill && ledger_settle(&l, r->unit_id, payer_id, &latefee_bill, 1, id, 0, &applied, err) < 0)
			goto fail;
		res->applied += applied;
	}
	if (load_incentives(db, project_id, r->day, &rules, &nrules, err) < 0)
		goto fail;
	for (size_t i = 0; i < nrules; i++)
		if (!strcmp(rules[i].kind, "early_annual") &&
		    apply_early_annual(db, &l, &rules[i], r, payer_id, id, r->amount - res->applied, &res->discount,
				       err) < 0)
			goto fail;
	{
		int64_t applied;
		if (ledger_settle(&l, r->unit_id, payer_id, r->bills, r->nbills, id, 0, &applied, err) < 0)
			goto fail;
		/* with --bills, only the bills named; the rest stays prepaid */
		res->applied += applied;
	}
	for (size_t i = 0; i < nrules; i++)
		if (!strcmp(rules[i].kind, "latefee_amnesty") &&
		    apply_latefee_amnesty(db, &l, &rules[i], r->unit_id, payer_id, id, &res->discount, err) < 0)
			goto fail;
	rc = db_run(db, &remaining, err, "SELECT remaining_fen FROM prepaid_open WHERE payment_id = ?", "i", id);
	if (rc < 0)
		goto fail;
	res->prepaid = rc == 1 ? remaining : 0;
	ledger_close(&l);
	ledger_ready = 0;
	free(rules);
	return db_commit(db, err);
fail:
	if (ledger_ready)
		ledger_close(&l);
	free(rules);
	db_rollback(db);
	return -1;
}

/* ---- reversal and refund ---- */

int payment_reverse(struct db *db, int64_t payment_id, const char *reason, int day, int64_t staff_id,
		    int64_t *reversal_id, struct buf *err)
{
	struct db_stmt *st = NULL;
	struct ledger l;
	int64_t project_id = 0, unit_id = 0, payer_id = 0, amount = 0, any, cash, prepaid, now = (int64_t)time(NULL);
	char channel[16] = "";
	int rc, ledger_ready = 0;

	if (!reason || !*reason)
		return error(err, _("a reversal needs --reason"));
	if (db_begin_immediate(db, err) < 0)
		return -1;
	if (db_prepare(db, &st, "SELECT project_id, unit_id, payer_id, amount_fen, channel FROM payment WHERE id = ?", err) < 0)
		goto fail;
	db_bind_int64(st, 1, payment_id);
	rc = db_step(st, err);
	if (rc == 1) {
		project_id = db_col_int64(st, 0);
		unit_id = db_col_int64(st, 1);
		payer_id = db_col_int64(st, 2);
		amount = db_col_int64(st, 3);
		snprintf(channel, sizeof(channel), "%s", db_col_text(st, 4));
	}
	db_finalize(st);
	st = NULL;
	if (rc < 0)
		goto fail;
	if (rc == 0) {
		error(err, _("unknown payment %lld"), (long long)payment_id);
		goto fail;
	}
	if ((rc = db_run(db, &any, err, "SELECT id FROM reversal WHERE payment_id = ?", "i", payment_id)) != 0) {
		if (rc == 1)
			error(err, _("payment %lld is already reversed"), (long long)payment_id);
		goto fail;
	}
	if ((rc = db_run(db, &any, err, "SELECT id FROM refund WHERE payment_id = ?", "i", payment_id)) != 0) {
		if (rc == 1)
			error(err, _("payment %lld was partly refunded: it cannot be reversed"), (long long)payment_id);
		goto fail;
	}
	if (db_run(db, reversal_id, err, "INSERT INTO reversal (payment_id, reason, day, staff_id, created_at) "
		   "VALUES (?, ?, ?, ?, ?) RETURNING id", "itini", payment_id, reason, (int64_t)day, staff_id, now) != 1)
		goto fail;
	if (ledger_open(&l, db, project_id, day, err) < 0)
		goto fail;
	ledger_ready = 1;
	if (journal_account(&l.j, ACC_PREPAID, unit_id, payer_id, "", &prepaid, err) < 0 ||
	    journal_account(&l.j, ACC_CASH, 0, 0, channel, &cash, err) < 0)
		goto fail;

	/* everything it paid reopens */
	if (db_prepare(db, &st, "SELECT id, bill_id, amount_fen FROM allocation WHERE payment_id = ? ORDER BY id", err) < 0)
		goto fail;
	db_bind_int64(st, 1, payment_id);
	{
		int64_t (*rows)[3] = NULL;
		size_t nrows = 0, alloc = 0;
		while ((rc = db_step(st, err)) == 1) {
			XGROW(rows, alloc, nrows + 1);
			rows[nrows][0] = db_col_int64(st, 0);
			rows[nrows][1] = db_col_int64(st, 1);
			rows[nrows][2] = db_col_int64(st, 2);
			nrows++;
		}
		db_finalize(st);
		st = NULL;
		for (size_t i = 0; rc == 0 && i < nrows; i++) {
			int64_t acct, item, bunit, bpayer;
			int due;
			if (ledger_bill_account(&l, rows[i][1], &acct, &item, &bunit, &bpayer, &due, err) < 0 ||
			    journal_post(&l.j, acct, prepaid, rows[i][2], "unallocation", rows[i][0], day, err) < 0 ||
			    ledger_bill_open_add(&l, rows[i][1], bunit, bpayer, due, rows[i][2], err) < 0)
				rc = -1;
		}
		free(rows);
		if (rc < 0)
			goto fail;
	}
	/* the waivers it earned go */
	if (db_prepare(db, &st, "SELECT w.id, w.bill_id, w.amount_fen FROM waiver w WHERE w.payment_id = ? ORDER BY w.id",
		       err) < 0)
		goto fail;
	db_bind_int64(st, 1, payment_id);
	{
		int64_t (*rows)[3] = NULL;
		size_t nrows = 0, alloc = 0;
		while ((rc = db_step(st, err)) == 1) {
			XGROW(rows, alloc, nrows + 1);
			rows[nrows][0] = db_col_int64(st, 0);
			rows[nrows][1] = db_col_int64(st, 1);
			rows[nrows][2] = db_col_int64(st, 2);
			nrows++;
		}
		db_finalize(st);
		st = NULL;
		for (size_t i = 0; rc == 0 && i < nrows; i++) {
			int64_t acct, item, bunit, bpayer, waiver_acct;
			int due;
			if (ledger_bill_account(&l, rows[i][1], &acct, &item, &bunit, &bpayer, &due, err) < 0 ||
			    journal_item_account(&l.j, ACC_WAIVER, item, &waiver_acct, err) < 0 ||
			    db_run(db, NULL, err, "INSERT INTO waiver_void (waiver_id, reversal_id, created_at) VALUES (?, ?, ?)",
				   "iii", rows[i][0], *reversal_id, now) < 0 ||
			    journal_post(&l.j, acct, waiver_acct, rows[i][2], "unwaiver", rows[i][0], day, err) < 0 ||
			    ledger_bill_open_add(&l, rows[i][1], bunit, bpayer, due, rows[i][2], err) < 0)
				rc = -1;
		}
		free(rows);
		if (rc < 0)
			goto fail;
	}
	/* the money goes back out of the books */
	{
		int64_t remaining = 0;
		if (db_run(db, &remaining, err, "SELECT remaining_fen FROM prepaid_open WHERE payment_id = ?", "i",
			   payment_id) < 0 ||
		    ledger_prepaid_add(&l, payment_id, unit_id, payer_id, -remaining, err) < 0 ||
		    journal_post(&l.j, prepaid, cash, amount, "reversal", *reversal_id, day, err) < 0)
			goto fail;
	}
	ledger_close(&l);
	return db_commit(db, err);
fail:
	db_finalize(st);
	if (ledger_ready)
		ledger_close(&l);
	db_rollback(db);
	return -1;
}

int payment_refund(struct db *db, int64_t payment_id, int64_t amount, const char *reason, int day,
		   int64_t staff_id, int64_t *refund_id, struct buf *err)
{
	struct db_stmt *st;
	struct ledger l;
	int64_t project_id = 0, unit_id = 0, payer_id = 0, remaining = 0, any, cash, prepaid;
	char channel[16] = "";
	int rc;

	if (!reason || !*reason)
		return error(err, _("a refund needs --reason"));
	if (amount <= 0)
		return error(err, _("the amount must be more than 0"));
	if (db_begin_immediate(db, err) < 0)
		return -1;
	if (db_prepare(db, &st, "SELECT project_id, unit_id, payer_id, channel FROM payment WHERE id = ?", err) < 0)
		goto fail;
	db_bind_int64(st, 1, payment_id);
	rc = db_step(st, err);
	if (rc == 1) {
		project_id = db_col_int64(st, 0);
		unit_id = db_col_int64(st, 1);
		payer_id = db_col_int64(st, 2);
		snprintf(channel, sizeof(channel), "%s", db_col_text(st, 3));
	}
	db_finalize(st);
	if (rc != 1) {
		if (rc == 0)
			error(err, _("unknown payment %lld"), (long long)payment_id);
		goto fail;
	}
	if ((rc = db_run(db, &any, err, "SELECT id FROM reversal WHERE payment_id = ?", "i", payment_id)) != 0) {
		if (rc == 1)
			error(err, _("payment %lld is reversed"), (long long)payment_id);
		goto fail;
	}
	if (db_run(db, &remaining, err, "SELECT remaining_fen FROM prepaid_open WHERE payment_id = ?", "i", payment_id) < 0)
		goto fail;
	if (amount > remaining) {
		struct buf a = BUF_INIT;
		buf_add_yuan(&a, remaining);
		error(err, _("payment %lld has only %s prepaid to refund"), (long long)payment_id, a.buf);
		buf_release(&a);
		goto fail;
	}
	if (db_run(db, refund_id, err, "INSERT INTO refund (payment_id, amount_fen, reason, day, staff_id, created_at) "
		   "VALUES (?, ?, ?, ?, ?, ?) RETURNING id", "iitini", payment_id, amount, reason, (int64_t)day, staff_id,
		   (int64_t)time(NULL)) != 1)
		goto fail;
	if (ledger_open(&l, db, project_id, day, err) < 0)
		goto fail;
	rc = journal_account(&l.j, ACC_PREPAID, unit_id, payer_id, "", &prepaid, err) < 0 ||
	     journal_account(&l.j, ACC_CASH, 0, 0, channel, &cash, err) < 0 ||
	     journal_post(&l.j, prepaid, cash, amount, "refund", *refund_id, day, err) < 0 ||
	     ledger_prepaid_add(&l, payment_id, unit_id, payer_id, -amount, err) < 0;
	ledger_close(&l);
	if (rc)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}
