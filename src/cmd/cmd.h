/* cmd.h: what every subcommand gets, and how to add one.
 *
 * To add a command: write `int cmd_foo(struct ctx *c, int argc, char **argv)` in a
 * file of src/cmd/ (one file per command group), declare it below, and add a line to
 * the commands[] table in src/main.c with its name ("foo" or "foo bar" for a
 * subcommand), its flags and its usage text.  The runner has already parsed the
 * global options (--db --today --as --format --lang), opened the database and looked
 * up the acting staff member when the command asks for them; the command parses its
 * own options with cmd_parse(), calls one core function, and renders the result.
 *
 * Return an exit status: 0 success, 1 refused or failed (after printing `wuye: ...`
 * lines with cmd_error()), 2 bad usage (cmd_usage_error()).
 */
#ifndef WUYE_CMD_H
#define WUYE_CMD_H

#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"
#include "core/staff.h"
#include "store/db.h"

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

#define CMD_DB 0x1       /* open the database (and require its schema to be current) */
#define CMD_ACTOR 0x2    /* look up --as (default admin) as the acting staff member */
#define CMD_INIT_DB 0x4  /* open the database but do not require a current schema */

struct command;

struct ctx {
	const struct command *cmd;
	const char *db_url;
	struct db *db;
	int today;                /* business date (--today), a day number */
	const char *as_login;     /* --as */
	struct staff actor;       /* filled when the command has CMD_ACTOR */
	enum format format;
	int format_given;
};

struct command {
	const char *name;
	int (*fn)(struct ctx *c, int argc, char **argv);
	int flags;
	const char *usage;   /* English; translated when printed */
	const char *summary; /* one line for `wuye help` */
};

/* Options of one command.  A NULL-name entry ends the table. */
enum opt_type { OPT_STRING, OPT_FLAG, OPT_INT };
struct opt {
	const char *name; /* "--project" or "-o" */
	enum opt_type type;
	void *value;      /* const char **, int *, or int64_t * */
};

/* Parses argv[1..] (argv[0] is the command word) against opts; positional arguments
 * go to pos[] (at most maxpos, else a usage error).  Returns 0, or 2 after printing a
 * usage error.  *npos receives the count. */
int cmd_parse(struct ctx *c, int argc, char **argv, const struct opt *opts,
	      const char **pos, int maxpos, int *npos);
/* Requires exactly `want` positionals; prints a usage error otherwise. */
int cmd_need_args(struct ctx *c, int npos, int want);

/* Prints "wuye: MESSAGE" (each line of a multi-line message prefixed), returns 1. */
int cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cmd_error_buf(const struct buf *err);
/* Rolls back an open transaction, prints err as wuye: lines, releases it; returns 1. */
int cmd_fail(struct ctx *c, struct buf *err);
/* Prints "wuye: MESSAGE" and the command's usage, returns 2. */
int cmd_usage_error(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cmd_print_usage(const struct command *cmd, FILE *out);

/* Option value parsers: print a usage error and return 2 when the value is bad. */
int cmd_parse_date(struct ctx *c, const char *opt, const char *s, int *day);
int cmd_parse_id(struct ctx *c, const char *what, const char *s, int64_t *id);
/* An amount in yuan above 0, to the fen. */
int cmd_parse_amount(struct ctx *c, const char *s, int64_t *fen);

/* Looks up a project by code; prints the error and returns 1 when unknown. */
int cmd_project(struct ctx *c, const char *code, int64_t *project_id);
/* Requires the acting staff member to have one of the roles (a |-separated list,
 * e.g. "admin|manager"); prints the refusal and returns 1 otherwise. */
int cmd_require_role(struct ctx *c, const char *roles);
/* Requires the actor to have access to the project. */
int cmd_require_project(struct ctx *c, int64_t project_id);
/* Appends an audit record for a write made from the CLI; best effort inside the
 * caller's transaction when one is open. */
void cmd_audit(struct ctx *c, const char *action, const char *subject, const char *detail);
/* Reads a whole text file ("-": stdin) of at most 1 MiB. */
int cmd_read_file(const char *path, struct buf *out, struct buf *err);

/* The commands (src/cmd/...). */
int cmd_help(struct ctx *c, int argc, char **argv);
int cmd_version(struct ctx *c, int argc, char **argv);
int cmd_init(struct ctx *c, int argc, char **argv);
int cmd_project_add(struct ctx *c, int argc, char **argv);
int cmd_project_list(struct ctx *c, int argc, char **argv);
int cmd_project_set(struct ctx *c, int argc, char **argv);
int cmd_staff_add(struct ctx *c, int argc, char **argv);
int cmd_staff_password(struct ctx *c, int argc, char **argv);
int cmd_staff_list(struct ctx *c, int argc, char **argv);
int cmd_staff_assign(struct ctx *c, int argc, char **argv);
int cmd_import_units(struct ctx *c, int argc, char **argv);
int cmd_units(struct ctx *c, int argc, char **argv);
int cmd_unit(struct ctx *c, int argc, char **argv);
int cmd_export_units(struct ctx *c, int argc, char **argv);
int cmd_owner_sell(struct ctx *c, int argc, char **argv);
int cmd_unit_state(struct ctx *c, int argc, char **argv);
int cmd_tenant_add(struct ctx *c, int argc, char **argv);
int cmd_demo(struct ctx *c, int argc, char **argv);
int cmd_summary(struct ctx *c, int argc, char **argv);
int cmd_contract_add(struct ctx *c, int argc, char **argv);
int cmd_contract_list(struct ctx *c, int argc, char **argv);
int cmd_tariff_add(struct ctx *c, int argc, char **argv);
int cmd_bill(struct ctx *c, int argc, char **argv);
int cmd_import_arrears(struct ctx *c, int argc, char **argv);
int cmd_check(struct ctx *c, int argc, char **argv);
int cmd_pay(struct ctx *c, int argc, char **argv);
int cmd_receipt(struct ctx *c, int argc, char **argv);
int cmd_reverse(struct ctx *c, int argc, char **argv);
int cmd_refund(struct ctx *c, int argc, char **argv);
int cmd_waive(struct ctx *c, int argc, char **argv);
int cmd_approve(struct ctx *c, int argc, char **argv);
int cmd_reject(struct ctx *c, int argc, char **argv);
int cmd_requests(struct ctx *c, int argc, char **argv);
int cmd_account(struct ctx *c, int argc, char **argv);
int cmd_latefee_charge(struct ctx *c, int argc, char **argv);
int cmd_arrears(struct ctx *c, int argc, char **argv);
int cmd_incentive_add(struct ctx *c, int argc, char **argv);
int cmd_import_payments(struct ctx *c, int argc, char **argv);
int cmd_item_set(struct ctx *c, int argc, char **argv);
int cmd_policy_show(struct ctx *c, int argc, char **argv);
int cmd_policy_load(struct ctx *c, int argc, char **argv);
int cmd_dun(struct ctx *c, int argc, char **argv);
int cmd_tasks(struct ctx *c, int argc, char **argv);
int cmd_cases(struct ctx *c, int argc, char **argv);
int cmd_case(struct ctx *c, int argc, char **argv);
int cmd_case_escalate(struct ctx *c, int argc, char **argv);
int cmd_case_pause(struct ctx *c, int argc, char **argv);
int cmd_case_resume(struct ctx *c, int argc, char **argv);
int cmd_contact(struct ctx *c, int argc, char **argv);
int cmd_reasons(struct ctx *c, int argc, char **argv);
int cmd_reasons_set(struct ctx *c, int argc, char **argv);
int cmd_plan(struct ctx *c, int argc, char **argv);
int cmd_complaint(struct ctx *c, int argc, char **argv);
int cmd_workorder(struct ctx *c, int argc, char **argv);
int cmd_limitation(struct ctx *c, int argc, char **argv);
int cmd_writeoff(struct ctx *c, int argc, char **argv);
int cmd_legal(struct ctx *c, int argc, char **argv);
int cmd_send(struct ctx *c, int argc, char **argv);
int cmd_outbox(struct ctx *c, int argc, char **argv);
int cmd_channel_set(struct ctx *c, int argc, char **argv);
int cmd_channel_show(struct ctx *c, int argc, char **argv);
int cmd_channel_remove(struct ctx *c, int argc, char **argv);
int cmd_receipts(struct ctx *c, int argc, char **argv);
int cmd_template_list(struct ctx *c, int argc, char **argv);
int cmd_template_show(struct ctx *c, int argc, char **argv);
int cmd_template_set(struct ctx *c, int argc, char **argv);
int cmd_template_reset(struct ctx *c, int argc, char **argv);
int cmd_template_vars(struct ctx *c, int argc, char **argv);
int cmd_campaign_greeting(struct ctx *c, int argc, char **argv);
int cmd_campaign_care(struct ctx *c, int argc, char **argv);
int cmd_serve(struct ctx *c, int argc, char **argv);
int cmd_token_add(struct ctx *c, int argc, char **argv);
/* figures and targets (src/cmd/reports.c) */
int cmd_report(struct ctx *c, int argc, char **argv);
int cmd_target_set(struct ctx *c, int argc, char **argv);
int cmd_target_list(struct ctx *c, int argc, char **argv);
int cmd_doc_payment_notice(struct ctx *c, int argc, char **argv);
int cmd_doc_demand(struct ctx *c, int argc, char **argv);
int cmd_doc_demands(struct ctx *c, int argc, char **argv);
int cmd_doc_lawyer_letters(struct ctx *c, int argc, char **argv);
int cmd_doc_receipt(struct ctx *c, int argc, char **argv);
int cmd_doc_statement(struct ctx *c, int argc, char **argv);
int cmd_doc_public_notice(struct ctx *c, int argc, char **argv);

/* The table in main.c, for help. */
extern const struct command commands[];

#endif
