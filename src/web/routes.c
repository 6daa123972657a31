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

	/* == bill runs, imports, exports, settings (pages/bills.c, imports.c, exports.c, settings*.c) == */

	/* == the JSON API (src/web/api/) == */
};
const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
