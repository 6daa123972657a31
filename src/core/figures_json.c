/* figures_json.c: the reports of `wuye report` as JSON rows (English keys, amounts as
 * _fen integers, percentages as numbers with two decimals or null), their columns, and
 * the same rows as a sheet for .xlsx files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "core/figures.h"
#include "base/date.h"
#include "core/documents.h"
#include "core/figures_json.h"
#include "core/reasons.h"

static const struct fig_col cols_rates[] = {
	{ "key", N_("Scope"), 't' },
	{ "name", N_("Name"), 't' },
	{ "households", N_("Households"), 'i' },
	{ "households_paid", N_("Paid households"), 'i' },
	{ "rate_households_pct", N_("Household rate"), 'p' },
	{ "billed_fen", N_("Billed"), 'f' },
	{ "waived_fen", N_("Waived"), 'f' },
	{ "paid_fen", N_("Collected"), 'f' },
	{ "rate_amount_pct", N_("Collection rate"), 'p' },
	{ "open_start_fen", N_("Opening arrears"), 'f' },
	{ "arrears_paid_fen", N_("Arrears recovered"), 'f' },
	{ "recovery_pct", N_("Recovery rate"), 'p' },
	{ "overall_pct", N_("Overall rate"), 'p' },
	{ "proactive_pct", N_("Proactive rate"), 'p' },
	{ "arrears_rate_pct", N_("Arrears rate"), 'p' },
	{ "cycle_median_days", N_("Cycle median (days)"), 'i' },
	{ "cycle_p90_days", N_("Cycle P90 (days)"), 'i' },
	{ NULL, NULL, 0 },
};

static const struct fig_col cols_staff[] = {
	{ "key", N_("Scope"), 't' },
	{ "name", N_("Name"), 't' },
	{ "rate_amount_pct", N_("Collection rate"), 'p' },
	{ "collected_fen", N_("Collected"), 'f' },
	{ "arrears_paid_fen", N_("Arrears recovered"), 'f' },
	{ "households", N_("Households"), 'i' },
	{ "rate_households_pct", N_("Household rate"), 'p' },
	{ "contacts", N_("Contacts"), 'i' },
	{ "promises_kept", N_("Promises kept"), 'i' },
	{ "promises_broken", N_("Promises broken"), 'i' },
	{ "promise_kept_pct", N_("Promise-kept rate"), 'p' },
	{ "plans_kept", N_("Plans kept"), 'i' },
	{ "plans_broken", N_("Plans broken"), 'i' },
	{ "plan_kept_pct", N_("Plan-kept rate"), 'p' },
	{ NULL, NULL, 0 },
};

static const struct fig_col cols_aging[] = {
	{ "key", N_("Scope"), 't' },
	{ "name", N_("Name"), 't' },
	{ "d1_30_fen", "1-30", 'f' },
	{ "d31_90_fen", "31-90", 'f' },
	{ "d91_180_fen", "91-180", 'f' },
	{ "d181_365_fen", "181-365", 'f' },
	{ "d366_730_fen", "366-730", 'f' },
	{ "d731_1095_fen", "731-1095", 'f' },
	{ "d1096_fen", "1096+", 'f' },
	{ "total_fen", N_("Total"), 'f' },
	{ NULL, NULL, 0 },
};

static const struct fig_col cols_reasons[] = {
	{ "key", N_("Scope"), 't' },
	{ "name", N_("Name"), 't' },
	{ "reason", N_("Reason"), 't' },
	{ "reason_label", N_("Reason"), 't' },
	{ "households", N_("Unpaid households"), 'i' },
	{ NULL, NULL, 0 },
};

static const struct fig_col cols_channels[] = {
	{ "key", N_("Scope"), 't' },
	{ "name", N_("Name"), 't' },
	{ "channel", N_("Channel"), 't' },
	{ "contacts", N_("Contacts"), 'i' },
	{ "paid_7d", N_("Paid within 7 days"), 'i' },
	{ "paid_30d", N_("Paid within 30 days"), 'i' },
	{ "rate_7d_pct", N_("7-day rate"), 'p' },
	{ "rate_30d_pct", N_("30-day rate"), 'p' },
	{ NULL, NULL, 0 },
};

static const struct fig_col cols_weekly[] = {
	{ "rank", N_("Rank"), 'i' },
	{ "rank_before", N_("Last week"), 'i' },
	{ "kind", N_("Kind"), 't' },
	{ "key", N_("Scope"), 't' },
	{ "name", N_("Name"), 't' },
	{ "rate_pct", N_("Collection rate"), 'p' },
	{ "rate_change_pct", N_("Change"), 'p' },
	{ "recovered_fen", N_("Arrears recovered"), 'f' },
	{ "recovered_before_fen", N_("Last week"), 'f' },
	{ "contacts", N_("Contacts"), 'i' },
	{ "contacts_before", N_("Last week"), 'i' },
	{ "promises_kept", N_("Promises kept"), 'i' },
	{ "promises_kept_before", N_("Last week"), 'i' },
	{ NULL, NULL, 0 },
};

const char *const fig_report_kinds[] = { "rates", "aging", "reasons", "channels", "staff", "weekly", NULL };

const struct fig_col *fig_report_cols(const char *kind)
{
	if (!strcmp(kind, "rates"))
		return cols_rates;
	if (!strcmp(kind, "staff"))
		return cols_staff;
	if (!strcmp(kind, "aging"))
		return cols_aging;
	if (!strcmp(kind, "reasons"))
		return cols_reasons;
	if (!strcmp(kind, "channels"))
		return cols_channels;
	if (!strcmp(kind, "weekly"))
		return cols_weekly;
	return NULL;
}

json_t *fig_pct_json(int64_t bp)
{
	return bp == FIG_NA ? json_null() : json_real((double)bp / 100.0);
}

static void set_int(json_t *o, const char *k, int64_t v)
{
	json_object_set_new(o, k, json_integer(v));
}

static json_t *row_head(const char *key, const char *name)
{
	json_t *o = json_object();
	json_object_set_new(o, "key", json_string(key));
	json_object_set_new(o, "name", json_string(name));
	return o;
}

json_t *fig_row_json(const struct fig_row *r)
{
	json_t *o = row_head(r->key, r->name);
	set_int(o, "id", r->id);
	set_int(o, "households", r->s.hh);
	set_int(o, "households_paid", r->s.hh_paid);
	set_int(o, "households_proactive", r->s.hh_proactive);
	json_object_set_new(o, "rate_households_pct", fig_pct_json(r->r.rate_hh));
	set_int(o, "billed_fen", r->s.billed);
	set_int(o, "waived_fen", r->s.waived);
	set_int(o, "paid_fen", r->s.paid);
	json_object_set_new(o, "rate_amount_pct", fig_pct_json(r->r.rate_amount));
	set_int(o, "open_start_fen", r->s.open_start);
	set_int(o, "arrears_paid_fen", r->s.arrears_paid);
	set_int(o, "arrears_waived_fen", r->s.arrears_waived);
	json_object_set_new(o, "recovery_pct", fig_pct_json(r->r.recovery));
	json_object_set_new(o, "overall_pct", fig_pct_json(r->r.overall));
	json_object_set_new(o, "proactive_pct", fig_pct_json(r->r.proactive));
	json_object_set_new(o, "arrears_rate_pct", fig_pct_json(r->r.arrears_rate));
	set_int(o, "outstanding_fen", r->r.outstanding);
	set_int(o, "collected_fen", r->r.collected);
	json_object_set_new(o, "cycle_median_days", r->r.cycle_median < 0 ? json_null() : json_integer(r->r.cycle_median));
	json_object_set_new(o, "cycle_p90_days", r->r.cycle_p90 < 0 ? json_null() : json_integer(r->r.cycle_p90));
	set_int(o, "contacts", r->s.contacts);
	set_int(o, "promises_kept", r->s.promises_kept);
	set_int(o, "promises_broken", r->s.promises_broken);
	json_object_set_new(o, "promise_kept_pct", fig_pct_json(r->r.promise_kept));
	set_int(o, "plans_kept", r->s.plans_kept);
	set_int(o, "plans_broken", r->s.plans_broken);
	json_object_set_new(o, "plan_kept_pct", fig_pct_json(r->r.plan_kept));
	return o;
}

int fig_report_json(struct db *db, const char *kind, const struct fig_scope *sc, json_t **out, struct buf *err)
{
	json_t *rows = json_array();

	*out = NULL;
	if (!strcmp(kind, "rates") || !strcmp(kind, "staff")) {
		struct fig_rows fr;
		if (fig_compute(db, sc, &fr, err) < 0)
			goto fail;
		for (size_t i = 0; i < fr.n; i++)
			json_array_append_new(rows, fig_row_json(&fr.v[i]));
		fig_rows_free(&fr);
	} else if (!strcmp(kind, "aging")) {
		struct fig_aging_row *v;
		size_t n;
		if (fig_aging(db, sc, &v, &n, err) < 0)
			goto fail;
		for (size_t i = 0; i < n; i++) {
			json_t *o = row_head(v[i].key, v[i].name);
			set_int(o, "id", v[i].id);
			for (int b = 0; b < AGING_BUCKETS; b++)
				set_int(o, cols_aging[2 + b].key, v[i].fen[b]);
			set_int(o, "total_fen", v[i].total);
			json_array_append_new(rows, o);
		}
		free(v);
	} else if (!strcmp(kind, "reasons")) {
		struct fig_reason_row *v;
		size_t n;
		if (fig_reasons(db, sc, &v, &n, err) < 0)
			goto fail;
		for (size_t i = 0; i < n; i++) {
			json_t *o = row_head(v[i].key, v[i].name);
			set_int(o, "id", v[i].id);
			json_object_set_new(o, "reason", json_string(v[i].reason));
			json_object_set_new(o, "reason_label", json_string(*v[i].reason ? reason_label(v[i].reason)
										   : _("not classified")));
			set_int(o, "households", v[i].households);
			json_array_append_new(rows, o);
		}
		free(v);
	} else if (!strcmp(kind, "channels")) {
		struct fig_channel_row *v;
		size_t n;
		if (fig_channels(db, sc, &v, &n, err) < 0)
			goto fail;
		for (size_t i = 0; i < n; i++) {
			json_t *o = row_head(v[i].key, v[i].name);
			set_int(o, "id", v[i].id);
			json_object_set_new(o, "channel", json_string(v[i].channel));
			set_int(o, "contacts", v[i].contacts);
			set_int(o, "paid_7d", v[i].paid7);
			set_int(o, "paid_30d", v[i].paid30);
			json_object_set_new(o, "rate_7d_pct", fig_pct_json(v[i].rate7));
			json_object_set_new(o, "rate_30d_pct", fig_pct_json(v[i].rate30));
			json_array_append_new(rows, o);
		}
		free(v);
	} else if (!strcmp(kind, "weekly")) {
		struct fig_weekly_row *v;
		size_t n;
		if (fig_weekly(db, sc->project_id, sc->today, &v, &n, err) < 0)
			goto fail;
		for (size_t i = 0; i < n; i++) {
			json_t *o = row_head(v[i].key, v[i].name);
			set_int(o, "id", v[i].id);
			json_object_set_new(o, "kind", json_string(v[i].group ? "group" : "person"));
			json_object_set_new(o, "rank", v[i].rank ? json_integer(v[i].rank) : json_null());
			json_object_set_new(o, "rank_before", v[i].rank_before ? json_integer(v[i].rank_before) : json_null());
			json_object_set_new(o, "rate_pct", fig_pct_json(v[i].rate));
			json_object_set_new(o, "rate_before_pct", fig_pct_json(v[i].rate_before));
			json_object_set_new(o, "rate_change_pct", fig_pct_json(v[i].rate == FIG_NA || v[i].rate_before == FIG_NA
										? FIG_NA : v[i].rate - v[i].rate_before));
			set_int(o, "recovered_fen", v[i].recovered);
			set_int(o, "recovered_before_fen", v[i].recovered_before);
			set_int(o, "contacts", v[i].contacts);
			set_int(o, "contacts_before", v[i].contacts_before);
			set_int(o, "promises_kept", v[i].promises_kept);
			set_int(o, "promises_kept_before", v[i].promises_kept_before);
			json_array_append_new(rows, o);
		}
		free(v);
	} else {
		error(err, _("unknown report '%s'"), kind);
		goto fail;
	}
	*out = rows;
	return 0;
fail:
	json_decref(rows);
	return -1;
}

static void put(struct sheet *s, struct sheet_row *r, int c, const char *text, int number)
{
	r->cells[c].text = arena_strdup(&s->arena, text ? text : "");
	r->cells[c].is_number = number;
}

void fig_report_sheet(const struct fig_col *cols, json_t *rows, struct sheet *out)
{
	struct buf b = BUF_INIT;
	int ncols = 0;
	size_t i;
	json_t *row;

	while (cols[ncols].key)
		ncols++;
	struct sheet_row *r = sheet_add_row(out, 1, ncols);
	for (int c = 0; c < ncols; c++)
		put(out, r, c, tr(cols[c].header), 0);
	json_array_foreach(rows, i, row) {
		r = sheet_add_row(out, (int)i + 2, ncols);
		for (int c = 0; c < ncols; c++) {
			json_t *v = json_object_get(row, cols[c].key);
			buf_reset(&b);
			if (json_is_null(v) || !v) {
				put(out, r, c, "", 0);
			} else if (cols[c].type == 'f') {
				buf_add_money(&b, json_integer_value(v));
				put(out, r, c, b.buf, 1);
			} else if (cols[c].type == 'p') {
				buf_addf(&b, "%.2f", json_number_value(v));
				put(out, r, c, b.buf, 1);
			} else if (json_is_integer(v)) {
				buf_addf(&b, "%lld", (long long)json_integer_value(v));
				put(out, r, c, b.buf, 1);
			} else {
				put(out, r, c, json_string_value(v), 0);
			}
		}
	}
	buf_release(&b);
}

int fig_weekly_doc_json(struct db *db, int64_t project_id, int today, json_t **out, struct buf *err)
{
	struct fig_scope sc = { .project_id = project_id, .today = today, .by = FIG_BY_STAFF };
	json_t *issuer = NULL, *rows = NULL;
	char day[11], from[11];

	*out = NULL;
	fig_period_month(today, &sc.period);
	if (doc_issuer_json(db, project_id, &issuer, err) < 0)
		return -1;
	if (fig_report_json(db, "weekly", &sc, &rows, err) < 0) {
		json_decref(issuer);
		return -1;
	}
	date_format(today, day);
	date_format(today - 6, from);
	*out = json_pack("{s:o,s:s,s:s,s:s,s:o}", "issuer", issuer, "day", day, "week_from", from, "period",
			 sc.period.key, "rows", rows);
	return 0;
}
