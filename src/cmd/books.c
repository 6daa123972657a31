/* books.c: contracts, tariffs, bill runs, opening arrears and the checker. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "core/arrears_import.h"
#include "core/billing.h"
#include "core/check.h"
#include "core/fees.h"
#include "io/sheet.h"

int cmd_parse_date(struct ctx *c, const char *opt, const char *s, int *day)
{
	if (date_parse(s, day) < 0)
		return cmd_usage_error(c, _("%s needs a date as YYYY-MM-DD, not '%s'"), opt, s);
	return 0;
}

int cmd_parse_id(struct ctx *c, const char *what, const char *s, int64_t *id)
{
	if (str_to_int64(s, 1, INT64_MAX, id) < 0)
		return cmd_usage_error(c, _("%s must be a number, not '%s'"), what, s);
	return 0;
}

int cmd_parse_amount(struct ctx *c, const char *s, int64_t *fen)
{
	int rc = money_parse(s, fen);

	if (rc == -2)
		return cmd_usage_error(c, _("'%s' has more than two decimals: amounts are in yuan to the fen"), s);
	if (rc < 0)
		return cmd_usage_error(c, _("'%s' is not an amount in yuan (e.g. 165.70)"), s);
	if (*fen <= 0)
		return cmd_usage_error(c, _("the amount must be more than 0"));
	return 0;
}

int cmd_contract_add(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *name = NULL, *from = NULL, *to = NULL, *late = NULL, *pos[1];
	int grace = 0, cap = 100, npos, rc;
	const struct opt opts[] = {
		{ "--project", OPT_STRING, &project }, { "--name", OPT_STRING, &name }, { "--from", OPT_STRING, &from },
		{ "--to", OPT_STRING, &to }, { "--late-daily", OPT_STRING, &late }, { "--late-grace-days", OPT_INT, &grace },
		{ "--late-cap-pct", OPT_INT, &cap }, { NULL, 0, NULL },
	};
	struct contract_new n = { 0 };
	struct buf err = BUF_INIT;
	int64_t id;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (!name || !from)
		return cmd_usage_error(c, _("--name and --from are required"));
	n.to = DATE_MAX;
	if ((rc = cmd_parse_date(c, "--from", from, &n.from)) || (to && (rc = cmd_parse_date(c, "--to", to, &n.to))))
		return rc;
	if (late && daily_rate_parse(late, &n.late_daily_ppm) < 0)
		return cmd_usage_error(c, _("--late-daily needs a daily rate such as 0.0003 (万分之三), not '%s'"), late);
	if ((rc = cmd_require_role(c, "admin|manager")) || (rc = cmd_project(c, project, &n.project_id)))
		return rc;
	if (n.late_daily_ppm > 300)
		fprintf(stderr, "wuye: %s\n", _("warning: a late fee above 0.0003 (万分之三) a day is likely to be reduced by a court"));
	n.name = name;
	n.late_grace_days = grace;
	n.late_cap_pct = cap;
	n.staff_id = c->actor.id;
	if (db_begin(c->db, &err) < 0 || contract_add(c->db, &n, &id, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "contract.add", project, name);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return output_created(c, id, NULL);
}

int cmd_tariff_add(struct ctx *c, int argc, char **argv)
{
	const char *contract = NULL, *item = NULL, *basis = NULL, *rate = NULL, *cycle = "month", *type = NULL, *pos[1];
	int due = 1, vacant = 100, npos, rc;
	const struct opt opts[] = {
		{ "--contract", OPT_STRING, &contract }, { "--item", OPT_STRING, &item }, { "--basis", OPT_STRING, &basis },
		{ "--rate", OPT_STRING, &rate }, { "--cycle", OPT_STRING, &cycle }, { "--due-day", OPT_INT, &due },
		{ "--vacant-pct", OPT_INT, &vacant }, { "--unit-type", OPT_STRING, &type }, { NULL, 0, NULL },
	};
	struct tariff_new t = { 0 };
	struct buf err = BUF_INIT;
	int64_t id, project_id;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (!contract || !item || !basis || !rate)
		return cmd_usage_error(c, _("--contract, --item, --basis and --rate are required"));
	if ((rc = cmd_parse_id(c, "--contract", contract, &t.contract_id)))
		return rc;
	if (strcmp(basis, "area") && strcmp(basis, "unit"))
		return cmd_usage_error(c, _("--basis must be area or unit, not '%s'"), basis);
	if (rate_parse(rate, &t.rate) < 0)
		return cmd_usage_error(c, _("--rate needs yuan per month with up to 4 decimals (e.g. 1.85), not '%s'"), rate);
	if (cycle_parse(cycle, &t.cycle) < 0)
		return cmd_usage_error(c, _("--cycle must be month, quarter or year, not '%s'"), cycle);
	if ((rc = cmd_require_role(c, "admin|manager")))
		return rc;
	if (db_run(c->db, &project_id, &err, "SELECT project_id FROM contract WHERE id = ?", "i", t.contract_id) != 1) {
		if (!err.len)
			error(&err, _("unknown contract %lld"), (long long)t.contract_id);
		return cmd_fail(c, &err);
	}
	if ((rc = cmd_require_project(c, project_id)))
		return rc;
	t.item = item;
	t.basis_area = !strcmp(basis, "area");
	t.due_day = due;
	t.vacant_pct = vacant;
	t.unit_type = type;
	if (db_begin(c->db, &err) < 0 || tariff_add(c->db, &t, &id, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "tariff.add", contract, item);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return output_created(c, id, NULL);
}

int cmd_contract_list(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "id", N_("Id"), COL_INT, NULL },
		{ "name", N_("Contract"), COL_TEXT, NULL },
		{ "from", N_("From"), COL_TEXT, NULL },
		{ "to", N_("To"), COL_TEXT, NULL },
		{ "item", N_("Item"), COL_TEXT, NULL },
		{ "rate", N_("Rate"), COL_TEXT, NULL },
		{ "cycle", N_("Cycle"), COL_TEXT, NULL },
		{ "late_daily", N_("Late fee a day"), COL_TEXT, NULL },
		{ NULL, NULL, 0, NULL },
	};
	const char *project = NULL, *pos[1];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT, tmp = BUF_INIT;
	struct db_stmt *st;
	json_t *rows = json_array();
	int64_t project_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)) || (rc = cmd_project(c, project, &project_id)))
		goto out;
	if (db_prepare(c->db, &st, "SELECT c.id, c.name, c.from_day, c.to_day, COALESCE(i.name, ''), COALESCE(t.rate, 0),"
		       " COALESCE(t.basis, ''), COALESCE(t.cycle, ''), c.late_daily_ppm FROM contract c"
		       " LEFT JOIN tariff t ON t.contract_id = c.id LEFT JOIN fee_item i ON i.id = t.item_id"
		       " WHERE c.project_id = ? ORDER BY c.from_day, c.id, i.name", &err) < 0) {
		rc = cmd_fail(c, &err);
		goto out;
	}
	db_bind_int64(st, 1, project_id);
	while ((rc = db_step(st, &err)) == 1) {
		char from[11], to[11];
		json_t *r = json_object();
		date_format((int)db_col_int64(st, 2), from);
		date_format((int)db_col_int64(st, 3), to);
		json_object_set_new(r, "id", json_integer(db_col_int64(st, 0)));
		json_object_set_new(r, "name", json_string(db_col_text(st, 1)));
		json_object_set_new(r, "from", json_string(from));
		json_object_set_new(r, "to", json_string(to));
		json_object_set_new(r, "item", json_string(db_col_text(st, 4)));
		buf_reset(&tmp);
		if (*db_col_text(st, 6))
			buf_add_decimal_trim(&tmp, db_col_int64(st, 5), 4, 2);
		json_object_set_new(r, "rate", json_string(tmp.buf));
		json_object_set_new(r, "basis", json_string(db_col_text(st, 6)));
		json_object_set_new(r, "cycle", json_string(db_col_text(st, 7)));
		buf_reset(&tmp);
		buf_add_decimal_trim(&tmp, db_col_int64(st, 8), 6, 1);
		json_object_set_new(r, "late_daily", json_string(tmp.buf));
		json_array_append_new(rows, r);
	}
	db_finalize(st);
	rc = rc < 0 ? cmd_fail(c, &err) : output_rows(c, rows, cols);
out:
	json_decref(rows);
	buf_release(&err);
	buf_release(&tmp);
	return rc;
}

static void print_run(const char *code, const char *period, const struct bill_run_result *res, int dry_run)
{
	struct buf a = BUF_INIT, s = BUF_INIT;

	buf_add_yuan(&a, res->amount);
	buf_add_yuan(&s, res->settled);
	if (code)
		printf("%s ", code);
	if (dry_run)
		printf(_("%s: would make %d bills of %s (%d already billed)"), period, res->bills, a.buf, res->existing);
	else
		printf(_("%s: %d bills of %s made, %d already billed, %s settled from prepaid"), period, res->bills,
		       a.buf, res->existing, s.buf);
	putchar('\n');
	buf_release(&a);
	buf_release(&s);
}

static json_t *run_json(const char *code, const char *period, const struct bill_run_result *res, int dry_run)
{
	json_t *o = json_pack("{s:s,s:I,s:s,s:i,s:I,s:i,s:I,s:b}", "project", code, "run_id", (json_int_t)res->run_id,
			      "period", period, "bills", res->bills, "amount_fen", (json_int_t)res->amount, "existing",
			      res->existing, "settled_fen", (json_int_t)res->settled, "dry_run", dry_run);
	if (res->preview)
		json_object_set(o, "preview", res->preview);
	return o;
}

int cmd_bill(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *period = NULL, *pos[1];
	int dry_run = 0, all = 0, npos, rc = 0;
	const struct opt opts[] = {
		{ "--project", OPT_STRING, &project }, { "--period", OPT_STRING, &period },
		{ "--dry-run", OPT_FLAG, &dry_run }, { "--all", OPT_FLAG, &all }, { NULL, 0, NULL },
	};
	struct buf err = BUF_INIT;
	struct db_stmt *st;
	struct period p;
	int64_t *ids = NULL;
	char (*codes)[32] = NULL;
	size_t n = 0, alloc = 0;
	json_t *runs = json_array();

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		goto out;
	if (!period) {
		rc = cmd_usage_error(c, _("--period YYYY-MM is required"));
		goto out;
	}
	if (period_parse(period, &p) < 0 || p.kind != PERIOD_MONTH) {
		rc = cmd_usage_error(c, _("--period needs a month as YYYY-MM (the month a cycle starts), not '%s'"), period);
		goto out;
	}
	if (!all == !project) {
		rc = cmd_usage_error(c, _("give --project CODE or --all"));
		goto out;
	}
	if ((rc = cmd_require_role(c, "admin|manager")))
		goto out;
	/* the projects to bill: one, or every one the acting person works on */
	if (db_prepare(c->db, &st, "SELECT id, code FROM project WHERE (? = '' OR code = ?) ORDER BY code", &err) < 0) {
		rc = cmd_fail(c, &err);
		goto out;
	}
	db_bind_text(st, 1, project ? project : "");
	db_bind_text(st, 2, project ? project : "");
	while (db_step(st, &err) == 1) {
		XGROW(ids, alloc, n + 1);
		codes = xrealloc(codes, alloc * sizeof(*codes));
		ids[n] = db_col_int64(st, 0);
		snprintf(codes[n], sizeof(codes[n]), "%s", db_col_text(st, 1));
		n++;
	}
	db_finalize(st);
	if (project && !n) {
		rc = cmd_project(c, project, NULL);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct bill_run_result res;
		if (!staff_in_project(c->db, &c->actor, ids[i])) {
			if (project) {
				rc = cmd_require_project(c, ids[i]);
				goto out;
			}
			continue;
		}
		if (bill_run(c->db, ids[i], &p, c->today, c->actor.id, dry_run, &res, &err) < 0) {
			rc = cmd_fail(c, &err);
			goto out;
		}
		if (!dry_run) {
			/* the run is its own record; the audit says who asked */
			struct buf detail = BUF_INIT;
			buf_addf(&detail, "%s: %d bills", period, res.bills);
			cmd_audit(c, "bill.run", codes[i], detail.buf);
			buf_release(&detail);
		}
		if (c->format == FORMAT_JSON)
			json_array_append_new(runs, run_json(codes[i], period, &res, dry_run));
		else
			print_run(all ? codes[i] : NULL, period, &res, dry_run);
		json_decref(res.preview);
	}
	if (c->format == FORMAT_JSON)
		rc = output_json(project ? json_array_get(runs, 0) : runs);
out:
	free(ids);
	free(codes);
	json_decref(runs);
	buf_release(&err);
	return rc;
}

int cmd_import_arrears(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *pos[1];
	int dry_run = 0, npos, rc;
	const struct opt opts[] = {
		{ "--project", OPT_STRING, &project }, { "--dry-run", OPT_FLAG, &dry_run }, { NULL, 0, NULL },
	};
	struct sheet sheet = SHEET_INIT;
	struct arrears_result res;
	struct buf err = BUF_INIT;
	int64_t project_id;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if ((rc = cmd_require_role(c, "admin|manager")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (sheet_read_file(pos[0], &sheet, &err) < 0) {
		sheet_release(&sheet);
		return cmd_fail(c, &err);
	}
	rc = arrears_import(c->db, project_id, &sheet, c->today, c->actor.id, dry_run, &res, &err);
	sheet_release(&sheet);
	if (rc < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	if (!dry_run)
		cmd_audit(c, "arrears.import", project, pos[0]);
	if (c->format == FORMAT_JSON) {
		json_t *o = json_pack("{s:i,s:I,s:b}", "bills", res.bills, "amount_fen", (json_int_t)res.amount,
				      "dry_run", dry_run);
		rc = output_json(o);
		json_decref(o);
		return rc;
	}
	{
		struct buf a = BUF_INIT;
		buf_add_yuan(&a, res.amount);
		printf(dry_run ? _("%s is valid: it would import %d bills of opening arrears, %s in all")
			       : _("%s: imported %d bills of opening arrears, %s in all"), pos[0], res.bills, a.buf);
		putchar('\n');
		buf_release(&a);
	}
	return 0;
}

int cmd_check(struct ctx *c, int argc, char **argv)
{
	const char *pos[1];
	struct check_result res;
	struct buf err = BUF_INIT;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, NULL, pos, 0, &npos)))
		return rc;
	rc = books_check(c->db, &res, &err);
	if (rc < 0)
		return cmd_fail(c, &err);
	if (rc > 0) {
		cmd_error_buf(&err);
		fprintf(stderr, "wuye: ");
		fprintf(stderr, _("the books do not balance: %d problems"), res.problems);
		fputc('\n', stderr);
		buf_release(&err);
		return 1;
	}
	buf_release(&err);
	if (c->format == FORMAT_JSON) {
		json_t *o = json_pack("{s:b,s:I,s:I,s:I,s:I,s:I}", "ok", 1, "postings", (json_int_t)res.postings,
				      "bills", (json_int_t)res.bills, "payments", (json_int_t)res.payments,
				      "allocations", (json_int_t)res.allocations, "waivers", (json_int_t)res.waivers);
		rc = output_json(o);
		json_decref(o);
		return rc;
	}
	printf(_("the books balance: %lld postings, %lld bills, %lld payments, %lld allocations, %lld waivers"),
	       (long long)res.postings, (long long)res.bills, (long long)res.payments, (long long)res.allocations,
	       (long long)res.waivers);
	putchar('\n');
	return 0;
}

int cmd_item_set(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *kind = NULL, *tax = NULL, *pos[1];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--kind", OPT_STRING, &kind },
				    { "--tax-rate", OPT_STRING, &tax }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t project_id, id, bp = -1;
	int npos, rc, ok = !kind;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	for (int i = 0; kind && fee_item_kinds[i]; i++)
		ok |= !strcmp(kind, fee_item_kinds[i]);
	if (!ok)
		return cmd_usage_error(c, _("--kind must be property, fixed, parking, shared, maintenance, service, metered, latefee or other"));
	if (tax && (decimal_parse(tax, 2, &bp) < 0 || bp < 0 || bp > 10000))
		return cmd_usage_error(c, _("--tax-rate needs a percentage such as 6 or 9, not '%s'"), tax);
	if ((rc = cmd_require_role(c, "admin|manager")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (db_begin(c->db, &err) < 0 || fee_item_set(c->db, project_id, pos[0], kind, bp, &id, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "item.set", project, pos[0]);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return output_created(c, id, NULL);
}
