/* routes.c: every path of the console and the API, with who may reach it.
 *
 * One line per route: method, pattern ({capture} = one path segment), handler, the roles
 * that may reach it (R_ bits of web.h; R_PUBLIC needs no log-in), flags (router.h:
 * F_API answers JSON and takes API tokens; F_UNIT/F_CASE/F_PROJECT scope the route to
 * the staff member's projects), and a short name for metrics.  The router enforces all
 * of it before the handler runs: a handler never checks rights itself.
 */
#include "web/pages.h"
#include "web/router.h"

#define ALL R_STAFF
#define MGR (R_ADMIN | R_MANAGER)
#define CASH (R_ADMIN | R_MANAGER | R_CASHIER)

const struct route routes[] = {
	/* the server itself */
	{ "GET", "/healthz", page_healthz, R_PUBLIC, 0, "healthz" },
	{ "GET", "/metrics", page_metrics, R_PUBLIC, 0, "metrics" },
	{ "GET", "/assets/{name}", page_asset, R_PUBLIC, 0, "asset" },
	/* logging in */
	{ "GET", "/login", page_login, R_PUBLIC, 0, "login" },
	{ "POST", "/login", page_login_post, R_PUBLIC, F_NO_CSRF, "login.post" },
	{ "POST", "/logout", page_logout, ALL, 0, "logout" },
	{ "GET", "/lang", page_lang, R_PUBLIC, 0, "lang" },
	/* the gateways' delivery reports (a secret in the path, see pages/hooks.c) */
	{ "POST", "/hooks/{vendor}/{token}", page_hook_receipts, R_PUBLIC, F_NO_CSRF, "hook.receipts" },
	/* long work */
	{ "GET", "/jobs/{id}", page_job, ALL, 0, "job" },
	{ "GET", "/jobs/{id}/file", page_job_download, ALL, 0, "job.file" },
	/* 工作台 (pages/dashboard.c) */
	{ "GET", "/", page_dashboard, ALL, F_PROJECT, "dashboard" },

	/* == units, owners, cashier (pages/units.c, pages/cashier.c) == */
	{ "GET", "/units", page_units, ALL, F_PROJECT, "units" },
	{ "GET", "/units/{id}", page_unit, ALL, F_UNIT, "unit" },
	{ "GET", "/units/{id}/proofs/{proof}", page_unit_proof, ALL, F_UNIT, "unit.proof" },
	{ "GET", "/cashier", page_cashier, CASH, F_PROJECT, "cashier" },
	{ "GET", "/cashier/{id}", page_cashier_unit, CASH, F_UNIT, "cashier.unit" },
	{ "POST", "/cashier/{id}", page_cashier_pay, CASH, F_UNIT, "cashier.pay" },
	{ "GET", "/receipts/{no}", page_receipt, ALL, F_RECEIPT, "receipt" },
	{ "POST", "/receipts/{no}/reverse", page_receipt_reverse, CASH, F_RECEIPT, "receipt.reverse" },

	/* == tasks, cases, approvals (pages/tasks.c, pages/cases.c, pages/approvals.c) == */
	/* the roles of each write are those of its CLI command (docs/CLI.md, src/cmd/collection.c) */
#define CL_TASKS (R_ADMIN | R_MANAGER | R_STEWARD | R_SERVICE | R_LEGAL)
#define CL_CASES (R_ADMIN | R_MANAGER | R_STEWARD | R_LEGAL)
#define CL_CONTACT (CL_TASKS | R_MAINTENANCE)
#define CL_WORK (R_ADMIN | R_MANAGER | R_STEWARD | R_SERVICE | R_MAINTENANCE)
#define CL_LEGAL (R_ADMIN | R_MANAGER | R_LEGAL)
	{ "GET", "/tasks", page_tasks, CL_TASKS, 0, "tasks" },
	{ "GET", "/tasks/team", page_tasks_team, MGR, F_PROJECT, "tasks.team" },
	{ "POST", "/contact/{unit}", page_contact_post, CL_CONTACT, F_UNIT, "contact.post" },
	{ "GET", "/cases", page_cases, CL_CASES, F_PROJECT, "cases" },
	{ "POST", "/cases/notices", page_cases_notices, R_ADMIN | R_MANAGER | R_STEWARD | R_SERVICE | R_LEGAL,
	  F_PROJECT | F_JOB, "cases.notices" },
	{ "POST", "/cases/lawyer-letters", page_cases_lawyer_letters, CL_LEGAL, F_PROJECT | F_JOB, "cases.lawyer-letters" },
	{ "GET", "/cases/{id}", page_case, CL_CASES, F_CASE, "case" },
	{ "GET", "/cases/{id}/proofs/{proof}", page_case_proof, CL_CASES, F_CASE, "case.proof" },
	{ "POST", "/cases/{id}/plan", page_case_plan, R_ADMIN | R_MANAGER | R_STEWARD, F_CASE, "case.plan" },
	{ "POST", "/cases/{id}/complaint", page_case_complaint, CL_WORK, F_CASE, "case.complaint" },
	{ "POST", "/cases/{id}/workorders/{wo}", page_case_workorder, CL_WORK, F_CASE, "case.workorder" },
	{ "POST", "/cases/{id}/pause", page_case_pause, MGR, F_CASE, "case.pause" },
	{ "POST", "/cases/{id}/resume", page_case_resume, MGR, F_CASE, "case.resume" },
	{ "POST", "/cases/{id}/escalate", page_case_escalate, CL_LEGAL, F_CASE, "case.escalate" },
	{ "POST", "/cases/{id}/legal", page_case_legal, CL_LEGAL, F_CASE, "case.legal" },
	{ "POST", "/cases/{id}/writeoff", page_case_writeoff, CL_LEGAL, F_CASE, "case.writeoff" },
	{ "GET", "/approvals", page_approvals, MGR, F_PROJECT, "approvals" },
	{ "POST", "/approvals/{id}", page_approval_decide, MGR, 0, "approval.decide" },

	/* == bill runs, imports, exports, settings (pages/bills.c, imports.c, exports.c, settings*.c) == */

	/* == the JSON API (src/web/api/) == */
};
const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
