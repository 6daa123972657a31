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
/* api/units.c */
int api_units_list(struct web_req *r);
int api_unit_show(struct web_req *r);
/* api/accounts.c */
int api_account_show(struct web_req *r);
/* api/payments.c */
int api_payment_post(struct web_req *r);
/* api/cases.c */
int api_cases_list(struct web_req *r);
int api_case_show(struct web_req *r);
/* api/contacts.c */
int api_case_contacts(struct web_req *r);
int api_contact_post(struct web_req *r);
/* api/tasks.c */
int api_tasks_list(struct web_req *r);

#endif
