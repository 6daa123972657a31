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
	/* long work */
	{ "GET", "/jobs/{id}", page_job, ALL, 0, "job" },
	{ "GET", "/jobs/{id}/file", page_job_download, ALL, 0, "job.file" },
	/* 工作台 (pages/dashboard.c) */
	{ "GET", "/", page_dashboard, ALL, F_PROJECT, "dashboard" },

	/* == units, owners, cashier (pages/units.c, pages/cashier.c) == */

	/* == tasks, cases, approvals (pages/tasks.c, pages/cases.c, pages/approvals.c) == */

	/* == bill runs, imports, exports, settings (pages/bills.c, imports.c, exports.c, settings*.c) == */

	/* == the JSON API (src/web/api/) == */

	/* == reports (pages/reports.c) == */
	{ "GET", "/reports", page_report, MGR | R_STEWARD, F_PROJECT, "reports" },
	{ "GET", "/reports/targets", page_report_targets, MGR | R_STEWARD, F_PROJECT, "reports.targets" },
	{ "POST", "/reports/targets", page_report_targets_post, MGR, F_PROJECT, "reports.targets.post" },
	{ "GET", "/reports/weekly/pdf", page_report_pdf, MGR | R_STEWARD, F_PROJECT, "reports.pdf" },
	{ "GET", "/reports/{kind}", page_report, MGR | R_STEWARD, F_PROJECT, "reports.kind" },
	{ "GET", "/reports/{kind}/units", page_report_units, MGR | R_STEWARD, F_PROJECT, "reports.units" },
	{ "GET", "/reports/{kind}/xlsx", page_report_xlsx, MGR | R_STEWARD, F_PROJECT, "reports.xlsx" },
};
const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
