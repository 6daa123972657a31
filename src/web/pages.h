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
/* pages/dashboard.c */
int page_dashboard(struct web_req *r);

/* == units, owners, cashier == */

/* == tasks, cases, approvals == */

/* == bill runs, imports, exports, settings == */

/* == the JSON API == */

/* == reports (pages/reports.c) == */
int page_report(struct web_req *r);
int page_report_units(struct web_req *r);
int page_report_xlsx(struct web_req *r);
int page_report_pdf(struct web_req *r);
int page_report_targets(struct web_req *r);
int page_report_targets_post(struct web_req *r);

#endif
