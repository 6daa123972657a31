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
int page_receipt_pdf(struct web_req *r);
int page_receipt_reverse(struct web_req *r);

/* == tasks, cases, approvals == */
/* pages/tasks.c: 我的任务 */
int page_tasks(struct web_req *r);              /* GET /tasks: mine, due today */
int page_tasks_team(struct web_req *r);         /* GET /tasks/team: a project's, by staff member */
/* pages/contact.c: logging a contact (from a task or a case) */
int page_contact_post(struct web_req *r);       /* POST /contact/{unit} */
/* pages/cases.c: 催缴案件 */
int page_cases(struct web_req *r);              /* GET /cases */
int page_case(struct web_req *r);               /* GET /cases/{id} */
int page_case_proof(struct web_req *r);         /* GET /cases/{id}/proofs/{proof} */
/* pages/case_actions.c: what people do on a case, and the printed batches */
int page_case_plan(struct web_req *r);
int page_case_complaint(struct web_req *r);
int page_case_workorder(struct web_req *r);
int page_case_pause(struct web_req *r);
int page_case_resume(struct web_req *r);
int page_case_escalate(struct web_req *r);
int page_case_legal(struct web_req *r);
int page_case_writeoff(struct web_req *r);
int page_cases_notices(struct web_req *r);      /* POST /cases/notices: 催缴通知书 of a building (a job) */
int page_cases_lawyer_letters(struct web_req *r); /* POST /cases/lawyer-letters: a batch of 律师函 (a job) */
/* pages/approvals.c: 审批 */
int page_approvals(struct web_req *r);
int page_approval_decide(struct web_req *r);    /* POST /approvals/{id}: approve or reject */


/* == bill runs, imports, exports, settings == */
/* pages/bills.c */
int page_bills(struct web_req *r);
int page_bills_run(struct web_req *r);
/* pages/imports.c */
int page_imports(struct web_req *r);
int page_imports_units(struct web_req *r);
int page_imports_arrears(struct web_req *r);
int page_imports_payments(struct web_req *r);
int page_imports_units_confirm(struct web_req *r);
int page_imports_arrears_confirm(struct web_req *r);
int page_imports_payments_confirm(struct web_req *r);
/* pages/exports.c */
int page_exports(struct web_req *r);
int page_exports_units(struct web_req *r);
int page_exports_arrears(struct web_req *r);
/* pages/settings.c, settings_fees.c, settings_comm.c */
int page_settings(struct web_req *r);
int page_settings_project(struct web_req *r);
int page_settings_projects(struct web_req *r);
int page_settings_buildings(struct web_req *r);
int page_settings_buildings_add(struct web_req *r);
int page_settings_stewards(struct web_req *r);
int page_settings_fees(struct web_req *r);
int page_settings_items(struct web_req *r);
int page_settings_contracts(struct web_req *r);
int page_settings_tariffs(struct web_req *r);
int page_settings_policy(struct web_req *r);
int page_settings_policy_save(struct web_req *r);
int page_settings_templates(struct web_req *r);
int page_settings_templates_save(struct web_req *r);
int page_settings_templates_reset(struct web_req *r);
int page_settings_staff(struct web_req *r);
int page_settings_staff_add(struct web_req *r);
int page_settings_staff_deactivate(struct web_req *r);
int page_settings_channels(struct web_req *r);
int page_settings_channels_save(struct web_req *r);
int page_settings_channels_remove(struct web_req *r);

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

/* == reports (pages/reports.c) == */
int page_report(struct web_req *r);
int page_report_units(struct web_req *r);
int page_report_xlsx(struct web_req *r);
int page_report_pdf(struct web_req *r);
int page_report_targets(struct web_req *r);
int page_report_targets_post(struct web_req *r);

#endif
