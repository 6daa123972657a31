/* collection.c: the collection commands: policy, the daily run, tasks, cases, contacts,
 * reasons, plans, complaints, pauses, escalations, legal steps, limitation, write-offs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/xalloc.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "core/cases.h"
#include "core/caseviews.h"
#include "core/casework.h"
#include "core/dunning.h"
#include "core/policy.h"
#include "core/project.h"
#include "core/reasons.h"
#include "core/unit.h"

/* The unit named on the command line, in a project the actor works on. */
static int find_unit(struct ctx *c, const char *name, int64_t *unit_id)
{
	struct buf err = BUF_INIT;
	int64_t project_id;

	if (unit_find(c->db, name, unit_id, &project_id, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return cmd_require_project(c, project_id);
}

int cmd_policy_show(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *pos[1];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT, text = BUF_INIT;
	struct policy p;
	struct project pr;
	int64_t project_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (policy_get(c->db, project_id, &p, &err) < 0 || project_get(c->db, project_id, &pr, &err) < 0)
		return cmd_fail(c, &err);
	policy_format(&text, &p, pr.name);
	fputs(text.buf, stdout);
	buf_release(&text);
	buf_release(&err);
	return 0;
}

int cmd_policy_load(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *pos[1];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT, text = BUF_INIT, perr = BUF_INIT;
	struct policy p;
	int64_t project_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if ((rc = cmd_require_role(c, "admin|manager")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (cmd_read_file(pos[0], &text, &err) < 0)
		return cmd_fail(c, &err);
	if (policy_parse(text.buf, &p, &perr) < 0) {
		/* each problem names its line */
		const char *line = perr.buf;
		while (*line) {
			const char *end = strchr(line, '\n');
			int n = end ? (int)(end - line) : (int)strlen(line);
			fprintf(stderr, "wuye: %s: %.*s\n", pos[0], n, line);
			line += n + (end ? 1 : 0);
		}
		buf_release(&text);
		buf_release(&perr);
		return 1;
	}
	if (db_begin(c->db, &err) < 0 || policy_store(c->db, project_id, text.buf, c->actor.id, &err) < 0) {
		buf_release(&text);
		return cmd_fail(c, &err);
	}
	cmd_audit(c, "policy.load", project, pos[0]);
	buf_release(&text);
	buf_release(&perr);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return 0;
}

int cmd_dun(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *pos[1];
	int dry_run = 0, all = 0, npos, rc = 0;
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--dry-run", OPT_FLAG, &dry_run },
				    { "--all", OPT_FLAG, &all }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	struct db_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, alloc = 0;
	json_t *runs = json_array();

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		goto out;
	if (!all == !project) {
		rc = cmd_usage_error(c, _("give --project CODE or --all"));
		goto out;
	}
	if ((rc = cmd_require_role(c, "admin|manager")))
		goto out;
	if (project) {
		int64_t id;
		if ((rc = cmd_project(c, project, &id)))
			goto out;
		XGROW(ids, alloc, 1);
		ids[n++] = id;
	} else {
		if (db_prepare(c->db, &st, "SELECT id FROM project ORDER BY code", &err) < 0) {
			rc = cmd_fail(c, &err);
			goto out;
		}
		while (db_step(st, &err) == 1)
			if (staff_in_project(c->db, &c->actor, db_col_int64(st, 0))) {
				XGROW(ids, alloc, n + 1);
				ids[n++] = db_col_int64(st, 0);
			}
		db_finalize(st);
	}
	for (size_t i = 0; i < n; i++) {
		struct dun_result res;
		if (dun_run(c->db, ids[i], c->today, dry_run, dry_run || c->format == FORMAT_JSON, &res, &err) < 0) {
			rc = cmd_fail(c, &err);
			goto out;
		}
		if (!dry_run && (res.opened || res.fired || res.closed || res.followups || res.warnings)) {
			struct buf d = BUF_INIT;
			buf_addf(&d, "opened %d, fired %d, closed %d", res.opened, res.fired, res.closed);
			cmd_audit(c, "dun", project ? project : "all", d.buf);
			buf_release(&d);
		}
		if (c->format == FORMAT_JSON) {
			json_t *o = json_pack("{s:I,s:b,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:O}", "project_id", (json_int_t)ids[i],
					      "dry_run", dry_run, "opened", res.opened, "closed", res.closed, "fired", res.fired,
					      "tasks", res.tasks, "messages", res.messages, "followups", res.followups,
					      "warnings", res.warnings, "actions", res.actions);
			json_array_append_new(runs, o);
		} else {
			size_t k;
			json_t *a;
			printf(dry_run ? _("would open %d cases, fire %d steps (%d tasks, %d messages), close %d")
				       : _("opened %d cases, fired %d steps (%d tasks, %d messages), closed %d"),
			       res.opened, res.fired, res.tasks, res.messages, res.closed);
			putchar('\n');
			if (dry_run)
				json_array_foreach(res.actions, k, a) {
					json_t *staff = json_object_get(a, "staff"), *ch = json_object_get(a, "channel");
					printf("  case %lld  %s %s%s%s%s%s\n", (long long)json_integer_value(json_object_get(a, "case")),
					       json_string_value(json_object_get(a, "action")),
					       json_string_value(json_object_get(a, "step")), ch ? " " : "",
					       ch ? json_string_value(ch) : "", staff ? " → " : "",
					       staff ? json_string_value(staff) : "");
				}
		}
		json_decref(res.actions);
	}
	if (c->format == FORMAT_JSON)
		rc = output_json(project ? json_array_get(runs, 0) : runs);
out:
	free(ids);
	json_decref(runs);
	buf_release(&err);
	return rc;
}

static void render_step(struct buf *out, json_t *row)
{
	buf_adds(out, step_label(step_parse(json_string_value(json_object_get(row, "step")))));
}

static void render_units(struct buf *out, json_t *row)
{
	json_t *u;
	size_t i;

	json_array_foreach(json_object_get(row, "units"), i, u) {
		if (i)
			buf_adds(out, "、");
		buf_adds(out, json_string_value(u));
	}
}

int cmd_tasks(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "id", N_("Task"), COL_INT, NULL },
		{ "due", N_("Due"), COL_TEXT, NULL },
		{ "step", N_("Step"), COL_CUSTOM, render_step },
		{ "staff", N_("Staff"), COL_TEXT, NULL },
		{ "units", N_("Units"), COL_CUSTOM, render_units },
		{ "payer", N_("Payer"), COL_TEXT, NULL },
		{ "open_fen", N_("Open"), COL_FEN, NULL },
		{ "overdue_days", N_("Days overdue"), COL_INT, NULL },
		{ "note", N_("Note"), COL_TEXT, NULL },
		{ NULL, NULL, 0, NULL },
	};
	const char *login = NULL, *pos[1];
	const struct opt opts[] = { { "--staff", OPT_STRING, &login }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	struct staff who;
	json_t *rows;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		return rc;
	memset(&who, 0, sizeof(who));
	if (login) {
		if (staff_find(c->db, login, &who, &err) < 0)
			return cmd_fail(c, &err);
		/* only oneself, unless one manages */
		if (who.id != c->actor.id && strcmp(c->actor.role, "admin") && strcmp(c->actor.role, "manager"))
			return cmd_error(_("%s may see only their own tasks"), c->actor.login);
	}
	if (tasks_json(c->db, &c->actor, who.id, c->today, &rows, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	rc = output_rows(c, rows, cols);
	json_decref(rows);
	return rc;
}

static void render_state(struct buf *out, json_t *row)
{
	buf_adds(out, case_state_label(json_string_value(json_object_get(row, "state"))));
}

int cmd_cases(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "id", N_("Case"), COL_INT, NULL },
		{ "payer", N_("Payer"), COL_TEXT, NULL },
		{ "units", N_("Units"), COL_CUSTOM, render_units },
		{ "state", N_("State"), COL_CUSTOM, render_state },
		{ "step", N_("Step"), COL_CUSTOM, render_step },
		{ "step_day", N_("Since"), COL_TEXT, NULL },
		{ "open_fen", N_("Open"), COL_FEN, NULL },
		{ "overdue_days", N_("Days overdue"), COL_INT, NULL },
		{ NULL, NULL, 0, NULL },
	};
	const char *project = NULL, *state = NULL, *pos[1];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--state", OPT_STRING, &state },
				    { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t project_id;
	json_t *rows;
	int npos, rc, ok = !state;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		return rc;
	for (int i = 0; state && case_state_names[i]; i++)
		ok |= !strcmp(state, case_state_names[i]);
	if (!ok)
		return cmd_usage_error(c, _("--state must be open, paused, promised, plan, legal or closed"));
	if ((rc = cmd_project(c, project, &project_id)))
		return rc;
	if (cases_json(c->db, project_id, state, c->today, &rows, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	rc = output_rows(c, rows, cols);
	json_decref(rows);
	return rc;
}

int cmd_case(struct ctx *c, int argc, char **argv)
{
	const char *pos[1];
	struct buf err = BUF_INIT;
	int64_t unit_id;
	json_t *o, *x;
	size_t i;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, NULL, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if ((rc = find_unit(c, pos[0], &unit_id)))
		return rc;
	if (case_json(c->db, unit_id, c->today, &o, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	if (c->format == FORMAT_JSON) {
		rc = output_json(o);
		json_decref(o);
		return rc;
	}
	{
		struct buf a = BUF_INIT;
		buf_add_yuan(&a, json_integer_value(json_object_get(o, "open_fen")));
		printf("%s %lld  %s  %s  %s: %s  %s: %lld\n", _("Case"), (long long)json_integer_value(json_object_get(o, "id")),
		       json_string_value(json_object_get(o, "unit")),
		       case_state_label(json_string_value(json_object_get(o, "state"))), _("Open"), a.buf, _("Days overdue"),
		       (long long)json_integer_value(json_object_get(o, "overdue_days")));
		buf_release(&a);
	}
	printf("%s:\n", _("Timeline"));
	json_array_foreach(json_object_get(o, "timeline"), i, x) {
		const char *step = json_string_value(json_object_get(x, "step"));
		printf("  %s  %-16s %s %s %s\n", json_string_value(json_object_get(x, "day")),
		       json_string_value(json_object_get(x, "kind")), *step ? step_label(step_parse(step)) : "",
		       json_string_value(json_object_get(x, "detail")), json_string_value(json_object_get(x, "staff")));
	}
	if (json_array_size(json_object_get(o, "tasks"))) {
		printf("%s:\n", _("Tasks"));
		json_array_foreach(json_object_get(o, "tasks"), i, x)
			printf("  %lld  %s  %s  %s  %s\n", (long long)json_integer_value(json_object_get(x, "id")),
			       json_string_value(json_object_get(x, "due")),
			       step_label(step_parse(json_string_value(json_object_get(x, "step")))),
			       json_string_value(json_object_get(x, "staff")), json_string_value(json_object_get(x, "state")));
	}
	json_decref(o);
	return 0;
}

int cmd_case_escalate(struct ctx *c, int argc, char **argv)
{
	const char *to = NULL, *reason = NULL, *pos[1];
	const struct opt opts[] = { { "--to", OPT_STRING, &to }, { "--reason", OPT_STRING, &reason }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t unit_id, request_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!to || !reason)
		return cmd_usage_error(c, _("--to STEP and --reason are required"));
	if ((rc = cmd_require_role(c, "admin|manager|legal")) || (rc = find_unit(c, pos[0], &unit_id)))
		return rc;
	if (case_escalate(c->db, unit_id, to, reason, c->actor.id, c->today, &request_id, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "case.escalate", pos[0], to);
	buf_release(&err);
	if (request_id) {
		/* a legal step waits for approval: the request id is what to approve */
		printf(_("the step needs approval: wuye approve %lld"), (long long)request_id);
		putchar('\n');
		return 0;
	}
	return 0;
}

int cmd_case_pause(struct ctx *c, int argc, char **argv)
{
	const char *until = NULL, *reason = NULL, *pos[1];
	const struct opt opts[] = { { "--until", OPT_STRING, &until }, { "--reason", OPT_STRING, &reason }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t unit_id;
	int npos, rc, day;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!until || !reason)
		return cmd_usage_error(c, _("--until DATE and --reason are required"));
	if ((rc = cmd_parse_date(c, "--until", until, &day)))
		return rc;
	if ((rc = cmd_require_role(c, "admin|manager")) || (rc = find_unit(c, pos[0], &unit_id)))
		return rc;
	if (case_pause_until(c->db, unit_id, day, reason, c->actor.id, c->today, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "case.pause", pos[0], reason);
	buf_release(&err);
	return 0;
}

int cmd_case_resume(struct ctx *c, int argc, char **argv)
{
	const char *pos[1];
	struct buf err = BUF_INIT;
	int64_t unit_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, NULL, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if ((rc = cmd_require_role(c, "admin|manager")) || (rc = find_unit(c, pos[0], &unit_id)))
		return rc;
	if (case_resume(c->db, unit_id, c->actor.id, c->today, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "case.resume", pos[0], NULL);
	buf_release(&err);
	return 0;
}

int cmd_contact(struct ctx *c, int argc, char **argv)
{
	const char *channel = NULL, *result = NULL, *reason = NULL, *note = NULL, *pdate = NULL, *pamount = NULL,
		   *proof = NULL, *phone = NULL, *pos[1];
	const struct opt opts[] = {
		{ "--channel", OPT_STRING, &channel }, { "--result", OPT_STRING, &result }, { "--reason", OPT_STRING, &reason },
		{ "--note", OPT_STRING, &note }, { "--promise-date", OPT_STRING, &pdate },
		{ "--promise-amount", OPT_STRING, &pamount }, { "--proof", OPT_STRING, &proof },
		{ "--phone", OPT_STRING, &phone }, { NULL, 0, NULL },
	};
	struct contact_new n = { 0 };
	struct contact_effects fx;
	struct buf err = BUF_INIT;
	int64_t id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!channel || !result)
		return cmd_usage_error(c, _("--channel and --result are required"));
	n.promise_day = DATE_MIN;
	if (pdate && (rc = cmd_parse_date(c, "--promise-date", pdate, &n.promise_day)))
		return rc;
	if (pamount && (rc = cmd_parse_amount(c, pamount, &n.promise_fen)))
		return rc;
	if ((rc = cmd_require_role(c, "admin|manager|steward|service|legal|maintenance")) ||
	    (rc = find_unit(c, pos[0], &n.unit_id)))
		return rc;
	n.channel = channel;
	n.result = result;
	n.reason = reason;
	n.note = note;
	n.phone = phone;
	n.proof_path = proof;
	n.staff_id = c->actor.id;
	n.day = c->today;
	if (contact_log(c->db, &n, &id, &fx, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "contact", pos[0], result);
	buf_release(&err);
	if (c->format == FORMAT_JSON) {
		json_t *extra = json_pack("{s:i,s:I,s:I,s:I,s:b}", "tasks_done", fx.tasks_done, "promise_id",
					  (json_int_t)fx.promise_id, "work_order_id", (json_int_t)fx.work_order_id,
					  "trace_task_id", (json_int_t)fx.trace_task_id, "limitation_restarted", fx.restarted);
		rc = output_created(c, id, extra);
		json_decref(extra);
		return rc;
	}
	return output_created(c, id, NULL);
}

int cmd_reasons(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "code", N_("Code"), COL_TEXT, NULL },
		{ "label", N_("Reason"), COL_TEXT, NULL },
		{ "next_step", N_("Next step"), COL_TEXT, NULL },
		{ "script", N_("Script"), COL_TEXT, NULL },
		{ NULL, NULL, 0, NULL },
	};
	const char *pos[1];
	struct buf err = BUF_INIT;
	json_t *rows;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, NULL, pos, 0, &npos)))
		return rc;
	if (reasons_json(c->db, &rows, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	if (c->format == FORMAT_TABLE) {
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
			printf("%s  %s（%s）\n    %s\n", json_string_value(json_object_get(r, "code")),
			       json_string_value(json_object_get(r, "label")), json_string_value(json_object_get(r, "next_step")),
			       json_string_value(json_object_get(r, "script")));
		rc = 0;
	} else {
		rc = output_rows(c, rows, cols);
	}
	json_decref(rows);
	return rc;
}

int cmd_reasons_set(struct ctx *c, int argc, char **argv)
{
	const char *script = NULL, *file = NULL, *pos[1];
	const struct opt opts[] = { { "--script", OPT_STRING, &script }, { "--script-file", OPT_STRING, &file },
				    { NULL, 0, NULL } };
	struct buf err = BUF_INIT, text = BUF_INIT;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!script == !file)
		return cmd_usage_error(c, _("give --script TEXT or --script-file FILE"));
	if ((rc = cmd_require_role(c, "admin|manager")))
		return rc;
	if (file && cmd_read_file(file, &text, &err) < 0)
		return cmd_fail(c, &err);
	if (script)
		buf_adds(&text, script);
	buf_trim(&text);
	if (db_begin(c->db, &err) < 0 || reason_set_script(c->db, pos[0], text.buf, c->actor.id, &err) < 0) {
		buf_release(&text);
		return cmd_fail(c, &err);
	}
	cmd_audit(c, "reasons.set", pos[0], NULL);
	buf_release(&text);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return 0;
}

int cmd_plan(struct ctx *c, int argc, char **argv)
{
	const char *first = NULL, *every = "month", *pos[1];
	int n = 0, npos, rc, first_day, months;
	const struct opt opts[] = { { "--installments", OPT_INT, &n }, { "--first", OPT_STRING, &first },
				    { "--every", OPT_STRING, &every }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t unit_id, plan_id;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!n || !first)
		return cmd_usage_error(c, _("--installments N and --first DATE are required"));
	if ((rc = cmd_parse_date(c, "--first", first, &first_day)))
		return rc;
	if (!strcmp(every, "month"))
		months = 1;
	else if (!strcmp(every, "quarter"))
		months = 3;
	else
		return cmd_usage_error(c, _("--every must be month or quarter"));
	if ((rc = cmd_require_role(c, "admin|manager|steward")) || (rc = find_unit(c, pos[0], &unit_id)))
		return rc;
	if (plan_make(c->db, unit_id, n, first_day, months, c->actor.id, c->today, &plan_id, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "plan", pos[0], NULL);
	buf_release(&err);
	return output_created(c, plan_id, NULL);
}

int cmd_complaint(struct ctx *c, int argc, char **argv)
{
	const char *category = NULL, *note = NULL, *pos[1];
	const struct opt opts[] = { { "--category", OPT_STRING, &category }, { "--note", OPT_STRING, &note },
				    { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t unit_id, wo;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!category || !note)
		return cmd_usage_error(c, _("--category and --note are required"));
	if ((rc = cmd_require_role(c, "admin|manager|steward|service|maintenance")) || (rc = find_unit(c, pos[0], &unit_id)))
		return rc;
	if (complaint_open(c->db, unit_id, category, note, c->actor.id, c->today, &wo, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "complaint", pos[0], category);
	buf_release(&err);
	return output_created(c, wo, NULL);
}

int cmd_workorder(struct ctx *c, int argc, char **argv)
{
	int fixed = 0, verified = 0, npos, rc;
	const struct opt opts[] = { { "--fixed", OPT_FLAG, &fixed }, { "--verified", OPT_FLAG, &verified }, { NULL, 0, NULL } };
	const char *pos[1];
	struct buf err = BUF_INIT;
	int64_t id, project_id;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (fixed == verified)
		return cmd_usage_error(c, _("give --fixed or --verified"));
	if ((rc = cmd_parse_id(c, "ID", pos[0], &id)))
		return rc;
	if ((rc = cmd_require_role(c, "admin|manager|steward|service|maintenance")))
		return rc;
	if (db_run(c->db, &project_id, &err, "SELECT u.project_id FROM work_order w JOIN unit u ON u.id = w.unit_id "
		   "WHERE w.id = ?", "i", id) != 1) {
		if (!err.len)
			error(&err, _("unknown work order %lld"), (long long)id);
		return cmd_fail(c, &err);
	}
	if ((rc = cmd_require_project(c, project_id)))
		return rc;
	if (workorder_update(c->db, id, verified, c->actor.id, c->today, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, verified ? "workorder.verified" : "workorder.fixed", pos[0], NULL);
	buf_release(&err);
	return 0;
}

int cmd_limitation(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "bill_id", N_("Bill"), COL_INT, NULL },
		{ "unit", N_("Unit"), COL_TEXT, NULL },
		{ "payer", N_("Payer"), COL_TEXT, NULL },
		{ "period", N_("Period"), COL_TEXT, NULL },
		{ "open_fen", N_("Open"), COL_FEN, NULL },
		{ "due", N_("Due"), COL_TEXT, NULL },
		{ "ends", N_("Time-barred after"), COL_TEXT, NULL },
		{ "days_left", N_("Days left"), COL_INT, NULL },
		{ NULL, NULL, 0, NULL },
	};
	const char *project = NULL, *pos[1];
	int within = 90, npos, rc;
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--within", OPT_INT, &within },
				    { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t project_id;
	json_t *rows;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (within < 0 || within > 3650)
		return cmd_usage_error(c, _("--within must be between 0 and 3650 days"));
	if (limitation_json(c->db, project_id, c->today, within, &rows, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	rc = output_rows(c, rows, cols);
	json_decref(rows);
	return rc;
}

int cmd_writeoff(struct ctx *c, int argc, char **argv)
{
	const char *reason = NULL, *pos[1];
	const struct opt opts[] = { { "--reason", OPT_STRING, &reason }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t unit_id, id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!reason)
		return cmd_usage_error(c, _("--reason is required"));
	if ((rc = cmd_require_role(c, "admin|manager|legal")) || (rc = find_unit(c, pos[0], &unit_id)))
		return rc;
	if (writeoff_request(c->db, unit_id, reason, c->actor.id, c->today, &id, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "writeoff.request", pos[0], reason);
	buf_release(&err);
	return output_created(c, id, NULL);
}

int cmd_legal(struct ctx *c, int argc, char **argv)
{
	const char *stage = NULL, *day_s = NULL, *cost = NULL, *outcome = NULL, *note = NULL, *pos[1];
	const struct opt opts[] = { { "--stage", OPT_STRING, &stage }, { "--day", OPT_STRING, &day_s },
				    { "--cost", OPT_STRING, &cost }, { "--outcome", OPT_STRING, &outcome },
				    { "--note", OPT_STRING, &note }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t unit_id, id, cost_fen = 0;
	int npos, rc, day;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)))
		return rc;
	if (!stage)
		return cmd_usage_error(c, _("--stage is required"));
	day = c->today;
	if (day_s && (rc = cmd_parse_date(c, "--day", day_s, &day)))
		return rc;
	if (cost && money_parse(cost, &cost_fen) < 0)
		return cmd_usage_error(c, _("--cost needs an amount in yuan, not '%s'"), cost);
	if ((rc = cmd_require_role(c, "admin|manager|legal")) || (rc = find_unit(c, pos[0], &unit_id)))
		return rc;
	if (legal_record(c->db, unit_id, stage, day, cost_fen, outcome, note, c->actor.id, &id, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "legal", pos[0], stage);
	buf_release(&err);
	return output_created(c, id, NULL);
}
