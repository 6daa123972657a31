/* pages.h: the handlers of the route table (routes.c), one file per screen in pages/
 * and per resource in api/. */
#ifndef WUYE_PAGES_H
#define WUYE_PAGES_H

#include "web/web.h"

/* pages/auth.c */
int page_login(struct web_req *r);
int page_login_post(struct web_req *r);
int page_logout(struct web_req *r);
int page_lang(struct web_req *r);
/* pages/system.c */
int page_healthz(struct web_req *r);
int page_metrics(struct web_req *r);
int page_asset(struct web_req *r);
int page_job(struct web_req *r);
int page_job_download(struct web_req *r);
/* pages/hooks.c */
int page_hook_receipts(struct web_req *r);
/* pages/dashboard.c */
int page_dashboard(struct web_req *r);

/* == units, owners, cashier == */
/* pages/units.c */
int page_units(struct web_req *r);
int page_unit(struct web_req *r);
int page_unit_proof(struct web_req *r);
/* pages/cashier.c */
int page_cashier(struct web_req *r);
int page_cashier_unit(struct web_req *r);
int page_cashier_pay(struct web_req *r);
int page_receipt(struct web_req *r);
int page_receipt_reverse(struct web_req *r);

/* == tasks, cases, approvals == */

/* == bill runs, imports, exports, settings == */

/* == the JSON API == */

#endif
