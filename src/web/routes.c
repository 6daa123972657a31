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
};
const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
