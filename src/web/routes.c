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
	{ "GET", "/units", page_units, ALL & ~R_COMMITTEE, F_PROJECT, "units" },
	{ "GET", "/units/{id}", page_unit, ALL & ~R_COMMITTEE, F_UNIT, "unit" },
	{ "GET", "/units/{id}/proofs/{proof}", page_unit_proof, ALL & ~R_COMMITTEE, F_UNIT, "unit.proof" },
	/* who takes payments as `wuye pay` allows (customer service at the front desk too);
	 * a reversal stays with the cashiers and managers */
	{ "GET", "/cashier", page_cashier, CASH | R_SERVICE, F_PROJECT, "cashier" },
	{ "GET", "/cashier/{id}", page_cashier_unit, CASH | R_SERVICE, F_UNIT, "cashier.unit" },
	{ "POST", "/cashier/{id}", page_cashier_pay, CASH | R_SERVICE, F_UNIT, "cashier.pay" },
	{ "GET", "/receipts/{no}", page_receipt, ALL & ~R_COMMITTEE, F_RECEIPT, "receipt" },
	/* as `wuye doc receipt` allows */
	{ "GET", "/receipts/{no}/pdf", page_receipt_pdf, CASH | R_STEWARD | R_SERVICE, F_RECEIPT, "receipt.pdf" },
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
	{ "GET", "/bills", page_bills, MGR, F_PROJECT, "bills" },
	{ "POST", "/bills/run", page_bills_run, MGR, F_PROJECT | F_JOB, "bills.run" },
	{ "GET", "/imports", page_imports, MGR | R_CASHIER, F_PROJECT, "imports" },
	{ "POST", "/imports/units", page_imports_units, MGR, F_PROJECT | F_JOB, "imports.units" },
	{ "POST", "/imports/units/confirm", page_imports_units_confirm, MGR, F_PROJECT | F_JOB, "imports.units.confirm" },
	{ "POST", "/imports/arrears", page_imports_arrears, MGR, F_PROJECT | F_JOB, "imports.arrears" },
	{ "POST", "/imports/arrears/confirm", page_imports_arrears_confirm, MGR, F_PROJECT | F_JOB, "imports.arrears.confirm" },
	{ "POST", "/imports/payments", page_imports_payments, MGR | R_CASHIER, F_PROJECT | F_JOB, "imports.payments" },
	{ "POST", "/imports/payments/confirm", page_imports_payments_confirm, MGR | R_CASHIER, F_PROJECT | F_JOB,
	  "imports.payments.confirm" },
	{ "GET", "/exports", page_exports, R_CALLERS, F_PROJECT, "exports" },
	/* as `wuye export units` allows: those who work with owners' records */
	{ "POST", "/exports/units", page_exports_units, MGR | R_STEWARD | R_SERVICE, F_PROJECT, "exports.units" },
	{ "POST", "/exports/arrears", page_exports_arrears, R_CALLERS, F_PROJECT, "exports.arrears" },
	/* settings: what the CLI lets a manager do, a manager may do here; the rest is the admin's */
	{ "GET", "/settings", page_settings, MGR, F_PROJECT, "settings" },
	{ "POST", "/settings/project", page_settings_project, R_ADMIN, F_PROJECT, "settings.project" },
	{ "POST", "/settings/projects", page_settings_projects, R_ADMIN, F_PROJECT, "settings.projects" },
	{ "GET", "/settings/buildings", page_settings_buildings, MGR, F_PROJECT, "settings.buildings" },
	{ "POST", "/settings/buildings", page_settings_buildings_add, MGR, F_PROJECT, "settings.buildings.add" },
	{ "POST", "/settings/stewards", page_settings_stewards, MGR, F_PROJECT, "settings.stewards" },
	{ "GET", "/settings/fees", page_settings_fees, MGR, F_PROJECT, "settings.fees" },
	{ "POST", "/settings/items", page_settings_items, MGR, F_PROJECT, "settings.items" },
	{ "POST", "/settings/contracts", page_settings_contracts, MGR, F_PROJECT, "settings.contracts" },
	{ "POST", "/settings/tariffs", page_settings_tariffs, MGR, F_PROJECT, "settings.tariffs" },
	{ "GET", "/settings/policy", page_settings_policy, MGR, F_PROJECT, "settings.policy" },
	{ "POST", "/settings/policy", page_settings_policy_save, MGR, F_PROJECT, "settings.policy.save" },
	{ "GET", "/settings/templates", page_settings_templates, MGR, F_PROJECT, "settings.templates" },
	{ "POST", "/settings/templates", page_settings_templates_save, MGR, F_PROJECT, "settings.templates.save" },
	{ "POST", "/settings/templates/reset", page_settings_templates_reset, MGR, F_PROJECT, "settings.templates.reset" },
	{ "GET", "/settings/staff", page_settings_staff, MGR, F_PROJECT, "settings.staff" },
	{ "POST", "/settings/staff", page_settings_staff_add, MGR, F_PROJECT, "settings.staff.add" },
	{ "POST", "/settings/staff/{id}/deactivate", page_settings_staff_deactivate, MGR, F_PROJECT,
	  "settings.staff.deactivate" },
	{ "GET", "/settings/channels", page_settings_channels, MGR, F_PROJECT, "settings.channels" },
	{ "POST", "/settings/channels", page_settings_channels_save, R_ADMIN, F_PROJECT, "settings.channels.save" },
	{ "POST", "/settings/channels/remove", page_settings_channels_remove, R_ADMIN, F_PROJECT, "settings.channels.remove" },

	/* == the JSON API (src/web/api/) == */
	/* docs/api.yaml documents each of these (tests/cli/t13-api.sh checks that the two
	 * agree); the roles are those the CLI's commands allow */
	{ "GET", "/api/v1/units", api_units_list, ALL & ~R_COMMITTEE, F_API | F_PROJECT, "api.units" },
	{ "GET", "/api/v1/units/{id}", api_unit_show, ALL & ~R_COMMITTEE, F_API | F_UNIT, "api.unit" },
	{ "GET", "/api/v1/units/{id}/account", api_account_show, MGR | R_STEWARD | R_SERVICE | R_CASHIER | R_LEGAL,
	  F_API | F_UNIT, "api.account" },
	{ "POST", "/api/v1/payments", api_payment_post, MGR | R_CASHIER | R_SERVICE, F_API, "api.payment" },
	{ "GET", "/api/v1/cases", api_cases_list, MGR | R_STEWARD | R_SERVICE | R_LEGAL, F_API | F_PROJECT, "api.cases" },
	{ "GET", "/api/v1/cases/{id}", api_case_show, MGR | R_STEWARD | R_SERVICE | R_LEGAL, F_API | F_CASE, "api.case" },
	{ "GET", "/api/v1/cases/{id}/contacts", api_case_contacts, MGR | R_STEWARD | R_SERVICE | R_LEGAL, F_API | F_CASE,
	  "api.case.contacts" },
	{ "POST", "/api/v1/contacts", api_contact_post, MGR | R_STEWARD | R_SERVICE | R_LEGAL | R_MAINTENANCE, F_API,
	  "api.contact" },
	{ "GET", "/api/v1/tasks", api_tasks_list, ALL, F_API, "api.tasks" },

	/* == reports (pages/reports.c) == */
	/* the owners' committee (业委会) reads the figures, not the units behind them (nor, above,
	 * a unit's page or a receipt) */
	{ "GET", "/reports", page_report, MGR | R_STEWARD | R_COMMITTEE, F_PROJECT, "reports" },
	{ "GET", "/reports/targets", page_report_targets, MGR | R_STEWARD | R_COMMITTEE, F_PROJECT, "reports.targets" },
	{ "POST", "/reports/targets", page_report_targets_post, MGR, F_PROJECT, "reports.targets.post" },
	{ "GET", "/reports/weekly/pdf", page_report_pdf, MGR | R_STEWARD | R_COMMITTEE, F_PROJECT, "reports.pdf" },
	{ "GET", "/reports/{kind}", page_report, MGR | R_STEWARD | R_COMMITTEE, F_PROJECT, "reports.kind" },
	{ "GET", "/reports/{kind}/units", page_report_units, MGR | R_STEWARD, F_PROJECT, "reports.units" },
	{ "GET", "/reports/{kind}/xlsx", page_report_xlsx, MGR | R_STEWARD | R_COMMITTEE, F_PROJECT, "reports.xlsx" },
};
const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
