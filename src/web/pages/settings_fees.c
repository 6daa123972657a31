/* settings_fees.c: 设置 · 收费: fee items, contracts (物业服务合同) and their tariffs
 * (收费标准), through core/fees.h as `wuye item set`, `contract add`, `tariff add`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/fees.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/settings.h"

static const char *kind_label(const char *kind)
{
	static const char *const labels[][2] = {
		{ "property", N_("property fee") }, { "fixed", N_("fixed per unit") }, { "parking", N_("parking") },
		{ "shared", N_("shared utilities") }, { "maintenance", N_("public facilities") },
		{ "service", N_("value-added service") }, { "metered", N_("metered") }, { "latefee", N_("late fee") },
		{ "other", N_("other") },
	};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i][0], kind))
			return _(labels[i][1]);
	return kind;
}

static const char *cycle_label(const char *cycle)
{
	return !strcmp(cycle, "month") ? _("monthly") : !strcmp(cycle, "quarter") ? _("quarterly") : _("yearly");
}

static void form_head(struct web_req *r, struct buf *b, const char *action, const struct settings_page *p)
{
	htmlf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">", action);
	layout_csrf(r, b);
	htmlf(b, "<input type=\"hidden\" name=\"project\" value=\"%s\">", settings_code(p));
}

static void items_section(struct web_req *r, struct settings_page *p, const struct field_errors *fe, int posted)
{
	const char *kinds[2 * 10 + 1];
	struct db_stmt *st;
	struct buf tax = BUF_INIT;
	int k = 0;

	htmlf(&p->b, "<h3>%s</h3>", _("Fee items"));
	if (db_prepare(r->db, &st, "SELECT name, kind, tax_rate_bp FROM fee_item WHERE project_id = ? ORDER BY name", NULL) < 0)
		return;
	db_bind_int64(st, 1, p->cur->id);
	htmlf(&p->b, "<div class=\"table-wrap\"><table class=\"items\"><thead><tr><th>%s</th><th>%s</th>"
		     "<th class=\"num\">%s</th></tr></thead><tbody>", _("Fee item"), _("Kind"), _("VAT"));
	while (db_step(st, NULL) == 1) {
		buf_reset(&tax);
		buf_add_decimal_trim(&tax, db_col_int64(st, 2), 2, 0);
		htmlf(&p->b, "<tr><td>%s</td><td>%s</td><td class=\"num\">%s%%</td></tr>", db_col_text(st, 0),
		      kind_label(db_col_text(st, 1)), tax.buf);
	}
	db_finalize(st);
	html(&p->b, "</tbody></table></div>");
	for (int i = 0; fee_item_kinds[i]; i++) {
		kinds[k++] = fee_item_kinds[i];
		kinds[k++] = kind_label(fee_item_kinds[i]);
	}
	kinds[k] = NULL;
	htmlf(&p->b, "<h4>%s</h4>", _("Add or change a fee item"));
	form_head(r, &p->b, "/settings/items", p);
	field_input(&p->b, fe, "item_name", _("Name"), "text", posted ? office_echo(r, "item_name") : "",
		    "required maxlength=\"40\"");
	field_select(&p->b, fe, "item_kind", _("Kind"), kinds, posted ? office_echo(r, "item_kind") : "property");
	field_input(&p->b, fe, "tax_rate", _("VAT rate (%)"), "text", posted ? office_echo(r, "tax_rate") : "6",
		    "required inputmode=\"decimal\" maxlength=\"6\"");
	htmlf(&p->b, "<button type=\"submit\">%s</button></form>", _("Save the fee item"));
	buf_release(&tax);
}

static void contracts_section(struct web_req *r, struct settings_page *p, const struct field_errors *fe, int posted)
{
	struct db_stmt *st, *tf;
	struct buf s = BUF_INIT;
	char **copts = NULL;
	size_t nc = 0, alloc = 0;

	htmlf(&p->b, "<h3>%s</h3>", _("Contracts and tariffs"));
	htmlf(&p->b, "<p class=\"muted\">%s</p>", _("A renegotiated rate applies only from its contract's start: the "
						    "contract with the latest start on or before a period's first day "
						    "is in force."));
	if (db_prepare(r->db, &st, "SELECT id, name, from_day, to_day, late_daily_ppm, late_grace_days, late_cap_pct "
		       "FROM contract WHERE project_id = ? ORDER BY from_day, id", NULL) < 0 ||
	    db_prepare(r->db, &tf, "SELECT i.name, t.basis, t.rate, t.cycle, t.due_day, t.vacant_pct, t.unit_type "
		       "FROM tariff t JOIN fee_item i ON i.id = t.item_id WHERE t.contract_id = ? ORDER BY i.name", NULL) < 0)
		return;
	db_bind_int64(st, 1, p->cur->id);
	while (db_step(st, NULL) == 1) {
		int64_t id = db_col_int64(st, 0);
		int to = (int)db_col_int64(st, 3);
		struct buf label = BUF_INIT;
		htmlf(&p->b, "<section class=\"contract\"><h4>%lld · %s</h4><p>%D – ", (long long)id, db_col_text(st, 1),
		      (int)db_col_int64(st, 2));
		if (to != DATE_MAX)
			htmlf(&p->b, "%D", to);
		else
			html_text(&p->b, _("open-ended"));
		buf_reset(&s);
		buf_add_decimal_trim(&s, db_col_int64(st, 4), 6, 1);
		htmlf(&p->b, " · %s %s · %s %lld · %s %lld%%</p>", _("late fee a day"), s.buf, _("grace days"),
		      (long long)db_col_int64(st, 5), _("cap"), (long long)db_col_int64(st, 6));
		db_reset(tf);
		db_bind_int64(tf, 1, id);
		htmlf(&p->b, "<div class=\"table-wrap\"><table class=\"tariffs\"><thead><tr><th>%s</th><th class=\"num\">%s</th>"
			     "<th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th>%s</th></tr></thead><tbody>",
		      _("Fee item"), _("Rate"), _("Cycle"), _("Due day"), _("Vacant %"), _("Units"));
		while (db_step(tf, NULL) == 1) {
			buf_reset(&s);
			buf_add_decimal_trim(&s, db_col_int64(tf, 2), 4, 2);
			buf_adds(&s, !strcmp(db_col_text(tf, 1), "area") ? _(" yuan/m²/month") : _(" yuan/unit/month"));
			htmlf(&p->b, "<tr><td>%s</td><td class=\"num\">%s</td><td>%s</td><td class=\"num\">%lld</td>"
				     "<td class=\"num\">%lld</td><td>%s</td></tr>",
			      db_col_text(tf, 0), s.buf, cycle_label(db_col_text(tf, 3)), (long long)db_col_int64(tf, 4),
			      (long long)db_col_int64(tf, 5), *db_col_text(tf, 6) ? db_col_text(tf, 6) : _("all"));
		}
		html(&p->b, "</tbody></table></div></section>");
		XGROW(copts, alloc, nc + 3);
		buf_addf(&label, "%lld · %s", (long long)id, db_col_text(st, 1));
		buf_reset(&s);
		buf_addf(&s, "%lld", (long long)id);
		copts[nc++] = buf_detach(&s, NULL);
		copts[nc++] = buf_detach(&label, NULL);
	}
	db_finalize(st);
	db_finalize(tf);

	htmlf(&p->b, "<h4>%s</h4>", _("New contract"));
	form_head(r, &p->b, "/settings/contracts", p);
	field_input(&p->b, fe, "contract_name", _("Name"), "text", posted ? office_echo(r, "contract_name") : "",
		    "required maxlength=\"60\"");
	field_input(&p->b, fe, "from", _("In force from"), "date", posted ? office_echo(r, "from") : "", "required");
	field_input(&p->b, fe, "to", _("Until (optional: it stands until the next one starts)"), "date",
		    posted ? office_echo(r, "to") : "", NULL);
	field_input(&p->b, fe, "late_daily", _("Late fee a day (0.0003 = 万分之三; 0: none)"), "text",
		    posted ? office_echo(r, "late_daily") : "0", "inputmode=\"decimal\" maxlength=\"12\"");
	field_input(&p->b, fe, "late_grace_days", _("Grace days"), "number", posted ? office_echo(r, "late_grace_days") : "0",
		    "min=\"0\" max=\"3650\"");
	field_input(&p->b, fe, "late_cap_pct", _("Late fee cap (percent of the bill)"), "number",
		    posted ? office_echo(r, "late_cap_pct") : "100", "min=\"0\" max=\"100\"");
	htmlf(&p->b, "<button type=\"submit\">%s</button></form>", _("Add the contract"));

	htmlf(&p->b, "<h4>%s</h4>", _("New tariff"));
	if (!nc)
		htmlf(&p->b, "<p class=\"muted\">%s</p>", _("Add a contract first."));
	else {
		static const char *const bases[] = { "area", N_("per m² of building area"), "unit", N_("per unit"), NULL };
		static const char *const cycles[] = { "month", N_("monthly"), "quarter", N_("quarterly"), "year", N_("yearly"),
						      NULL };
		static const char *const types[] = { "", N_("every unit"), "residential", N_("residential"), "shop",
						     N_("shops"), "parking", N_("parking spaces"), NULL };
		const char *b2[5], *c2[7], *t2[9];
		for (int i = 0; bases[i]; i += 2) {
			b2[i] = bases[i];
			b2[i + 1] = _(bases[i + 1]);
		}
		b2[4] = NULL;
		for (int i = 0; cycles[i]; i += 2) {
			c2[i] = cycles[i];
			c2[i + 1] = _(cycles[i + 1]);
		}
		c2[6] = NULL;
		for (int i = 0; types[i]; i += 2) {
			t2[i] = types[i];
			t2[i + 1] = _(types[i + 1]);
		}
		t2[8] = NULL;
		copts[nc] = NULL;
		form_head(r, &p->b, "/settings/tariffs", p);
		field_select(&p->b, fe, "contract", _("Contract"), (const char *const *)copts,
			     posted ? office_echo(r, "contract") : copts[nc - 2]);
		field_input(&p->b, fe, "tariff_item", _("Fee item (new names are added)"), "text",
			    posted ? office_echo(r, "tariff_item") : "", "required maxlength=\"40\"");
		field_select(&p->b, fe, "basis", _("Basis"), b2, posted ? office_echo(r, "basis") : "area");
		field_input(&p->b, fe, "rate", _("Rate, yuan a month (e.g. 1.85)"), "text", posted ? office_echo(r, "rate") : "",
			    "required inputmode=\"decimal\" maxlength=\"12\"");
		field_select(&p->b, fe, "cycle", _("Billing cycle"), c2, posted ? office_echo(r, "cycle") : "month");
		field_input(&p->b, fe, "due_day", _("Due day of the period's first month"), "number",
			    posted ? office_echo(r, "due_day") : "1", "min=\"1\" max=\"31\"");
		field_input(&p->b, fe, "vacant_pct", _("Percent billed for a vacant unit (100: no discount)"), "number",
			    posted ? office_echo(r, "vacant_pct") : "100", "min=\"0\" max=\"100\"");
		field_select(&p->b, fe, "unit_type", _("Units"), t2, posted ? office_echo(r, "unit_type") : "");
		htmlf(&p->b, "<button type=\"submit\">%s</button></form>", _("Add the tariff"));
	}
	for (size_t i = 0; i < nc; i++)
		free(copts[i]);
	free(copts);
	buf_release(&s);
}

int settings_fees_render(struct web_req *r, int status, const struct field_errors *fe)
{
	struct settings_page p;

	if (settings_begin(r, &p, "fees", _("Fees & contracts")) < 0)
		return -1;
	if (p.cur) {
		items_section(r, &p, fe, fe->n > 0);
		contracts_section(r, &p, fe, fe->n > 0);
	}
	return settings_end(r, &p, status);
}

int page_settings_fees(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	return settings_fees_render(r, 200, &fe);
}

static int commit_and_back(struct web_req *r, const char *action, const char *subject, const char *detail)
{
	struct buf err = BUF_INIT;

	web_audit(r, action, subject, detail);
	if (db_commit(r->db, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	return settings_saved(r, "/settings/fees");
}

int page_settings_items(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct buf err = BUF_INIT;
	const char *name = office_text(r, &fe, "item_name", _("name"), 40, 1);
	const char *kind = office_text(r, &fe, "item_kind", _("kind"), 16, 1);
	const char *tax = office_text(r, &fe, "tax_rate", _("VAT rate"), 6, 1);
	int64_t bp = -1, id;
	int ok = 0;

	for (int i = 0; kind && fee_item_kinds[i]; i++)
		ok |= !strcmp(kind, fee_item_kinds[i]);
	if (kind && !ok)
		field_error(&fe, "item_kind", _("choose a kind"));
	if (tax && (decimal_parse(tax, 2, &bp) < 0 || bp < 0 || bp > 10000))
		field_error(&fe, "tax_rate", _("a percentage such as 6 or 9"));
	if (fe.n)
		return settings_fees_render(r, 400, &fe);
	if (db_begin(r->db, &err) < 0 || fee_item_set(r->db, r->project_id, name, kind, bp, &id, &err) < 0) {
		db_rollback(r->db);
		field_error(&fe, "item_name", err.buf);
		buf_release(&err);
		return settings_fees_render(r, 400, &fe);
	}
	buf_release(&err);
	return commit_and_back(r, "item.set", name, kind);
}

int page_settings_contracts(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct buf err = BUF_INIT;
	struct contract_new c = { 0 };
	const char *name = office_text(r, &fe, "contract_name", _("name"), 60, 1);
	const char *from = office_text(r, &fe, "from", _("start"), 10, 1);
	const char *to = office_text(r, &fe, "to", _("end"), 10, 0);
	const char *late = office_text(r, &fe, "late_daily", _("late fee"), 12, 0);
	int64_t grace = 0, cap = 100;
	int64_t id;

	c.to = DATE_MAX;
	if (from && date_parse(from, &c.from) < 0)
		field_error(&fe, "from", _("give a date as YYYY-MM-DD"));
	if (to && *to && date_parse(to, &c.to) < 0)
		field_error(&fe, "to", _("give a date as YYYY-MM-DD"));
	else if (to && *to && from && !field_error_of(&fe, "from") && c.to < c.from)
		field_error(&fe, "to", _("the end is before the start"));
	if (late && *late && daily_rate_parse(late, &c.late_daily_ppm) < 0)
		field_error(&fe, "late_daily", _("a daily rate such as 0.0003 (万分之三)"));
	office_int(r, &fe, "late_grace_days", _("grace days"), 0, 3650, 0, 0, &grace);
	office_int(r, &fe, "late_cap_pct", _("cap"), 0, 100, 100, 0, &cap);
	if (fe.n)
		return settings_fees_render(r, 400, &fe);
	c.project_id = r->project_id;
	c.name = name;
	c.late_grace_days = (int)grace;
	c.late_cap_pct = (int)cap;
	c.staff_id = r->staff.id;
	if (db_begin(r->db, &err) < 0 || contract_add(r->db, &c, &id, &err) < 0) {
		db_rollback(r->db);
		field_error(&fe, "contract_name", err.buf);
		buf_release(&err);
		return settings_fees_render(r, 400, &fe);
	}
	buf_release(&err);
	return commit_and_back(r, "contract.add", name, from);
}

int page_settings_tariffs(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct buf err = BUF_INIT, cid = BUF_INIT;
	struct tariff_new t = { 0 };
	const char *contract = office_text(r, &fe, "contract", _("contract"), 20, 1);
	const char *item = office_text(r, &fe, "tariff_item", _("fee item"), 40, 1);
	const char *basis = office_text(r, &fe, "basis", _("basis"), 8, 1);
	const char *rate = office_text(r, &fe, "rate", _("rate"), 12, 1);
	const char *cycle = office_text(r, &fe, "cycle", _("cycle"), 8, 1);
	const char *type = office_text(r, &fe, "unit_type", _("units"), 16, 0);
	int64_t due = 1, vacant = 100, project = 0, id;
	int rc;

	if (contract && (str_to_int64(contract, 1, INT64_MAX, &t.contract_id) < 0 ||
			 db_run(r->db, &project, NULL, "SELECT project_id FROM contract WHERE id = ?", "i", t.contract_id) != 1 ||
			 project != r->project_id))
		field_error(&fe, "contract", _("choose a contract of this project"));
	if (basis && strcmp(basis, "area") && strcmp(basis, "unit"))
		field_error(&fe, "basis", _("choose per m² or per unit"));
	if (rate && rate_parse(rate, &t.rate) < 0)
		field_error(&fe, "rate", _("yuan a month with up to 4 decimals (e.g. 1.85)"));
	if (cycle && cycle_parse(cycle, &t.cycle) < 0)
		field_error(&fe, "cycle", _("choose monthly, quarterly or yearly"));
	if (type && *type && strcmp(type, "residential") && strcmp(type, "shop") && strcmp(type, "parking"))
		field_error(&fe, "unit_type", _("choose the units it applies to"));
	office_int(r, &fe, "due_day", _("due day"), 1, 31, 1, 0, &due);
	office_int(r, &fe, "vacant_pct", _("vacant percent"), 0, 100, 100, 0, &vacant);
	if (fe.n)
		return settings_fees_render(r, 400, &fe);
	t.item = item;
	t.basis_area = !strcmp(basis, "area");
	t.due_day = (int)due;
	t.vacant_pct = (int)vacant;
	t.unit_type = type;
	if (db_begin(r->db, &err) < 0 || tariff_add(r->db, &t, &id, &err) < 0) {
		db_rollback(r->db);
		field_error(&fe, "tariff_item", err.buf);
		buf_release(&err);
		return settings_fees_render(r, 400, &fe);
	}
	buf_release(&err);
	buf_addf(&cid, "%lld", (long long)t.contract_id);
	rc = commit_and_back(r, "tariff.add", cid.buf, item);
	buf_release(&cid);
	return rc;
}
