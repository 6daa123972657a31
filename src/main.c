/* main.c: the wuye program: the command table and the runner every command goes through. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "cmd/cmd.h"
#include "store/migrate.h"

#define DB_ACTOR (CMD_DB | CMD_ACTOR)

/* Usage lines are command syntax and stay as written; summaries are translated. */
const struct command commands[] = {
	{ "help", cmd_help, 0, "help [COMMAND]", N_("show the commands, or one command's usage") },
	{ "version", cmd_version, 0, "version", N_("print the version") },
	{ "init", cmd_init, CMD_INIT_DB, "init", N_("create or migrate the database") },
	{ "demo", cmd_demo, CMD_INIT_DB, "demo [--units N] [--seed S] [--months M]",
	  N_("create a believable demo company (projects, buildings, units, owners, staff)") },
	{ "summary", cmd_summary, DB_ACTOR, "summary", N_("what the database holds, project by project") },
	{ "project add", cmd_project_add, DB_ACTOR, "project add CODE NAME [--pay-url BASE]",
	  N_("add a project (小区 / 管理处)") },
	{ "project list", cmd_project_list, DB_ACTOR, "project list", N_("list the projects") },
	{ "project set", cmd_project_set, DB_ACTOR, "project set CODE [--phone TEXT] [--address TEXT]",
	  N_("set the office phone and address printed on a project's documents") },
	{ "staff add", cmd_staff_add, DB_ACTOR,
	  "staff add LOGIN NAME --role ROLE --project CODE [--buildings 3,4] [--group NAME] [--password-stdin]\n"
	  "  roles: admin, manager, steward, service, cashier, maintenance, legal, committee",
	  N_("add a staff member") },
	{ "staff password", cmd_staff_password, DB_ACTOR, "staff password LOGIN --password-stdin",
	  N_("set a staff member's console password (one's own, or anyone's for an administrator)") },
	{ "staff list", cmd_staff_list, DB_ACTOR, "staff list [--project CODE]", N_("list the staff") },
	{ "staff assign", cmd_staff_assign, DB_ACTOR,
	  "staff assign LOGIN --project CODE --buildings 3,4 [--from DATE]",
	  N_("give a staff member buildings to look after") },
	{ "import units", cmd_import_units, DB_ACTOR, "import units FILE --project CODE [--dry-run]",
	  N_("import units and owners from .xlsx or .csv (UTF-8 or GBK), all or nothing") },
	{ "units", cmd_units, DB_ACTOR,
	  "units --project CODE [--building B] [--state vacant|occupied|undelivered|decorating]",
	  N_("list a project's units with their owners") },
	{ "unit show", cmd_unit, DB_ACTOR, "unit show UNIT", N_("one unit: state history, owners, contacts") },
	{ "unit state", cmd_unit_state, DB_ACTOR,
	  "unit state UNIT --state undelivered|vacant|decorating|occupied [--from DATE]",
	  N_("record a unit's change of state (handover, move-in ...)") },
	{ "unit sell", cmd_owner_sell, DB_ACTOR,
	  "unit sell UNIT --owner NAME --phone PHONE [--from DATE]",
	  N_("record a sale: the new owner is liable from that day, the old keeps their arrears") },
	{ "unit tenant", cmd_tenant_add, DB_ACTOR,
	  "unit tenant UNIT --name NAME --phone PHONE [--from DATE]",
	  N_("record a tenant as a contact (the owner stays liable)") },
	{ "export units", cmd_export_units, DB_ACTOR, "export units --project CODE -o FILE.xlsx",
	  N_("export a project's units to .xlsx (re-imports unchanged)") },
	/* the books */
	{ "contract add", cmd_contract_add, DB_ACTOR,
	  "contract add --project CODE --name NAME --from DATE [--to DATE] [--late-daily RATE]\n"
	  "  [--late-grace-days N] [--late-cap-pct P]",
	  N_("add a property-service contract (its tariffs and late-fee terms hold from --from)") },
	{ "contract list", cmd_contract_list, DB_ACTOR, "contract list --project CODE",
	  N_("list a project's contracts and tariffs") },
	{ "item set", cmd_item_set, DB_ACTOR,
	  "item set NAME --project CODE [--kind property|fixed|parking|shared|maintenance|service|metered|other]\n"
	  "  [--tax-rate PERCENT]",
	  N_("add a fee item or set its kind and the tax rate kept for invoicing") },
	{ "tariff add", cmd_tariff_add, DB_ACTOR,
	  "tariff add --contract ID --item NAME --basis area|unit --rate YUAN [--cycle month|quarter|year]\n"
	  "  [--due-day N] [--vacant-pct P] [--unit-type residential|shop|parking]",
	  N_("add a tariff (fee item, rate per month, cycle, due day) to a contract") },
	{ "incentive add", cmd_incentive_add, DB_ACTOR,
	  "incentive add --project CODE --kind early_annual|latefee_amnesty --name NAME [--pct P] [--period YYYY]\n"
	  "  --from DATE --until DATE",
	  N_("add a prompt-payment incentive, applied at payment time as an approved waiver") },
	{ "bill", cmd_bill, DB_ACTOR, "bill (--project CODE | --all) --period YYYY-MM [--dry-run]",
	  N_("bill every tariff whose cycle starts that month (running it again bills nothing twice)") },
	{ "import arrears", cmd_import_arrears, DB_ACTOR, "import arrears FILE --project CODE [--dry-run]",
	  N_("import opening arrears (期初欠费) as ordinary bills, all or nothing") },
	{ "pay", cmd_pay, DB_ACTOR,
	  "pay UNIT AMOUNT --channel cash|card|transfer|wechat|alipay|autodebit [--ref EXT] [--bills ID,...] [--late-fee]",
	  N_("take a payment: oldest bills first (or the bills named), the rest prepaid; prints the payment id") },
	{ "import payments", cmd_import_payments, DB_ACTOR, "import payments FILE --project CODE [--channel C]",
	  N_("post payments from a file (bank auto-debit results), each once and durably") },
	{ "receipt", cmd_receipt, DB_ACTOR, "receipt RECEIPT_NO", N_("print a receipt (e.g. HY-000001)") },
	{ "reverse", cmd_reverse, DB_ACTOR, "reverse PAYMENT_ID --reason TEXT",
	  N_("reverse a payment (冲正): what it settled reopens, its receipt number stays") },
	{ "refund", cmd_refund, DB_ACTOR, "refund PAYMENT_ID AMOUNT --reason TEXT",
	  N_("hand back part of a payment's prepaid remainder") },
	{ "waive", cmd_waive, DB_ACTOR, "waive BILL_ID AMOUNT --reason TEXT",
	  N_("ask for a waiver (减免); it takes effect when approved") },
	{ "approve", cmd_approve, DB_ACTOR, "approve REQUEST_ID [--note TEXT]",
	  N_("approve a request (by a manager or admin who did not make it)") },
	{ "reject", cmd_reject, DB_ACTOR, "reject REQUEST_ID [--reason TEXT]", N_("reject a request") },
	{ "requests", cmd_requests, DB_ACTOR, "requests --project CODE [--state pending|approved|rejected]",
	  N_("list waiver and other requests") },
	{ "account", cmd_account, DB_ACTOR, "account UNIT",
	  N_("a unit's bills, payments, prepaid and late fees as of --today") },
	{ "latefee charge", cmd_latefee_charge, DB_ACTOR, "latefee charge UNIT",
	  N_("turn a unit's accrued late fees into a charge (manager)") },
	{ "arrears", cmd_arrears, DB_ACTOR, "arrears --project CODE [--min-days N]",
	  N_("payers with overdue bills, by aging bucket") },
	{ "check", cmd_check, CMD_DB, "check", N_("prove the books balance; exit 1 if not") },
	/* collection */
	{ "policy show", cmd_policy_show, DB_ACTOR, "policy show --project CODE",
	  N_("the collection ladder in force, as a file that policy load takes") },
	{ "policy load", cmd_policy_load, DB_ACTOR, "policy load FILE --project CODE",
	  N_("set a project's collection ladder from a file (checked line by line)") },
	{ "dun", cmd_dun, DB_ACTOR, "dun (--project CODE | --all) [--dry-run]",
	  N_("the daily collection run for --today (running it twice changes nothing)") },
	{ "tasks", cmd_tasks, DB_ACTOR, "tasks [--staff LOGIN]", N_("open tasks due by --today") },
	{ "cases", cmd_cases, DB_ACTOR, "cases --project CODE [--state open|paused|promised|plan|legal|closed]",
	  N_("the collection cases of a project") },
	{ "case escalate", cmd_case_escalate, DB_ACTOR, "case escalate UNIT --to STEP --reason TEXT",
	  N_("jump a case to a step (legal steps need approval)") },
	{ "case pause", cmd_case_pause, DB_ACTOR, "case pause UNIT --until DATE --reason TEXT",
	  N_("pause a case until a day (it resumes by itself)") },
	{ "case resume", cmd_case_resume, DB_ACTOR, "case resume UNIT", N_("end a case's pause now") },
	{ "case", cmd_case, DB_ACTOR, "case UNIT", N_("the payer's case: state, step, timeline, promises") },
	{ "contact", cmd_contact, DB_ACTOR,
	  "contact UNIT --channel phone|visit|sms|wechat|email|letter|notice|interview\n"
	  "  --result reached|no-answer|refused|promised|paid|wrong-number [--reason CODE] [--note TEXT]\n"
	  "  [--promise-date DATE --promise-amount YUAN] [--proof FILE] [--phone NUMBER]",
	  N_("log a contact in the collection ledger (催收台账)") },
	{ "reasons set", cmd_reasons_set, DB_ACTOR, "reasons set CODE (--script TEXT | --script-file FILE)",
	  N_("edit the script (话术) of a reason") },
	{ "reasons", cmd_reasons, DB_ACTOR, "reasons", N_("the reason codes with their scripts") },
	{ "plan", cmd_plan, DB_ACTOR, "plan UNIT --installments N --first DATE [--every month|quarter]",
	  N_("an installment plan (分期) over all open bills of the case") },
	{ "complaint", cmd_complaint, DB_ACTOR,
	  "complaint UNIT --category cleaning|security|repair|greening|parking|noise|quality|other --note TEXT",
	  N_("open a work order; the case pauses until the owner verifies the fix") },
	{ "workorder", cmd_workorder, DB_ACTOR, "workorder ID --fixed | --verified",
	  N_("a work order fixed, or verified on site with the owner") },
	{ "limitation", cmd_limitation, DB_ACTOR, "limitation --project CODE [--within DAYS]",
	  N_("open bills nearing the 3-year limitation period") },
	{ "writeoff", cmd_writeoff, DB_ACTOR, "writeoff UNIT --reason TEXT",
	  N_("ask to write off what the payer owes (approved with wuye approve)") },
	{ "legal", cmd_legal, DB_ACTOR,
	  "legal UNIT --stage mediation|payment-order|arbitration|lawsuit|judgment|enforcement [--day DATE]\n"
	  "  [--cost YUAN] [--outcome TEXT] [--note TEXT]",
	  N_("record a legal step of the case") },
	/* reaching owners */
	{ "send", cmd_send, DB_ACTOR, "send [--project CODE] [--at HH:MM] [--limit N] [--batch N]",
	  N_("deliver the queued messages that are due (retries, quiet hours, nothing sent twice)") },
	{ "outbox", cmd_outbox, DB_ACTOR,
	  "outbox [--project CODE] [--state queued|sending|sent|delivered|failed|cancelled]\n"
	  "  [--channel sms|wechat|email|letter] [--limit N] [--show-address]",
	  N_("the automatic messages and what became of them") },
	{ "channel set", cmd_channel_set, DB_ACTOR,
	  "channel set sms|email|wechat --project CODE --vendor aliyun|tencent|smtp|wechat --settings FILE.json",
	  N_("configure how a project reaches owners on a channel (checked before it is saved)") },
	{ "channel show", cmd_channel_show, DB_ACTOR, "channel show --project CODE",
	  N_("a project's channels (secrets masked)") },
	{ "channel remove", cmd_channel_remove, DB_ACTOR, "channel remove sms|email|wechat --project CODE",
	  N_("stop using a channel") },
	{ "receipts", cmd_receipts, DB_ACTOR, "receipts FILE --vendor aliyun|tencent|wechat",
	  N_("record the delivery reports a gateway sent (a delivered demand restarts the limitation period)") },
	{ "template list", cmd_template_list, DB_ACTOR, "template list --project CODE",
	  N_("the message templates in force") },
	{ "template show", cmd_template_show, DB_ACTOR, "template show STEP CHANNEL --project CODE",
	  N_("one message template") },
	{ "template set", cmd_template_set, DB_ACTOR,
	  "template set STEP CHANNEL --project CODE (--text TEXT | --file FILE) [--subject TEXT]\n"
	  "  [--vendor-template CODE]   steps: prenotice, reminder, greeting; channels: sms, wechat, email, letter",
	  N_("a project's own wording of a message (checked when saved)") },
	{ "template reset", cmd_template_reset, DB_ACTOR, "template reset STEP CHANNEL --project CODE",
	  N_("back to the built-in wording") },
	{ "template vars", cmd_template_vars, DB_ACTOR, "template vars", N_("the variables a template may use") },
	{ "campaign greeting", cmd_campaign_greeting, DB_ACTOR,
	  "campaign greeting --project CODE --name NAME [--segment all|paid-up|care|key|building:CODE] [--text TEXT]",
	  N_("holiday greetings to a segment of owners, through the outbox") },
	{ "campaign care", cmd_campaign_care, DB_ACTOR, "campaign care --project CODE",
	  N_("this month's care-call tasks for the 关怀 households") },
	/* the console */
	{ "serve", cmd_serve, CMD_DB, "serve [--listen HOST:PORT] [--threads N] [--access-log FILE|-|none] [--no-jobs]\n"
	  "  [--secure-cookies] [--fixed-today]",
	  N_("the staff console and the JSON API (with the daily jobs on their clock)") },
	{ "token add", cmd_token_add, DB_ACTOR, "token add LOGIN --name TEXT",
	  N_("an API token acting as a staff member (printed once)") },
	/* figures and targets (src/cmd/reports.c) */
	{ "report", cmd_report, DB_ACTOR,
	  "report rates|aging|reasons|channels|staff|weekly (--project CODE | --all) [--period YYYY-MM|YYYY]\n"
	  "  [--by building|staff|group] [-o FILE.xlsx | -o FILE.pdf (weekly)]",
	  N_("the figures (collection rates, aging, reasons, channels, staff, weekly review)") },
	{ "target set", cmd_target_set, DB_ACTOR,
	  "target set --project CODE --period YYYY-MM|YYYY [--group NAME | --staff LOGIN] (--amount YUAN | --rate PCT)",
	  N_("set a collection target (收费指标) for a project, group or person") },
	{ "target list", cmd_target_list, DB_ACTOR, "target list (--project CODE | --all) [--period YYYY-MM|YYYY]",
	  N_("the targets with their progress as of --today") },
	/* printable documents (PDF) */
	{ "doc payment-notice", cmd_doc_payment_notice, DB_ACTOR, "doc payment-notice UNIT -o FILE.pdf",
	  N_("a payment notice (缴费通知单): the unit's open bills, total, due date, pay QR code") },
	{ "doc demand", cmd_doc_demand, DB_ACTOR, "doc demand UNIT -o FILE.pdf",
	  N_("a written demand (催缴通知书) to the unit's payer, with a tear-off delivery receipt") },
	{ "doc demands", cmd_doc_demands, DB_ACTOR,
	  "doc demands --project CODE [--building B] [--limit N] -o FILE.pdf",
	  N_("one written demand per payer in arrears with an open case, all in one PDF") },
	{ "doc lawyer-letters", cmd_doc_lawyer_letters, DB_ACTOR, "doc lawyer-letters --project CODE -o FILE.pdf",
	  N_("lawyer letters (律师函) for the cases at the lawyer step, at most 30 to a file") },
	{ "doc receipt", cmd_doc_receipt, DB_ACTOR, "doc receipt RECEIPT_NO -o FILE.pdf",
	  N_("a receipt (收据) as PDF, the amount in figures and in capitals") },
	{ "doc statement", cmd_doc_statement, DB_ACTOR, "doc statement UNIT [--from DATE] -o FILE.pdf",
	  N_("a statement (对账单): bills, payments and what they settled, prepaid, balance") },
	{ "doc public-notice", cmd_doc_public_notice, DB_ACTOR, "doc public-notice --project CODE [--min-days N] -o FILE.pdf",
	  N_("a public notice (公示) of units in arrears: room numbers and amounts only, after approval") },
	{ NULL, NULL, 0, NULL, NULL },
};

static const struct command *find_command(int argc, char **argv, int *words)
{
	char two[128];

	if (argc >= 2) {
		snprintf(two, sizeof(two), "%s %s", argv[0], argv[1]);
		for (const struct command *c = commands; c->name; c++)
			if (!strcmp(c->name, two)) {
				*words = 2;
				return c;
			}
	}
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, argv[0])) {
			*words = 1;
			return c;
		}
	return NULL;
}

/* Lists the subcommands of a group ("wuye project" alone). */
static int is_group(const char *word)
{
	size_t n = strlen(word);

	for (const struct command *c = commands; c->name; c++)
		if (!strncmp(c->name, word, n) && c->name[n] == ' ')
			return 1;
	return 0;
}

static void print_group(const char *word, FILE *out)
{
	size_t n = strlen(word);

	for (const struct command *c = commands; c->name; c++)
		if (!strncmp(c->name, word, n) && c->name[n] == ' ')
			cmd_print_usage(c, out);
}

struct globals {
	const char *db, *today, *as, *format, *lang;
	int help;
};

/* Takes the global options out of argv wherever they are; returns the new argc, or -1
 * after a usage error. */
static int take_globals(int argc, char **argv, struct globals *g)
{
	static const struct { const char *name; size_t off; } names[] = {
		{ "--db", offsetof(struct globals, db) },
		{ "--today", offsetof(struct globals, today) },
		{ "--as", offsetof(struct globals, as) },
		{ "--format", offsetof(struct globals, format) },
		{ "--lang", offsetof(struct globals, lang) },
	};
	int out = 0;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		int taken = 0;

		if (!strcmp(a, "--")) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			g->help = 1;
			continue;
		}
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			size_t n = strlen(names[k].name);
			const char **slot = (const char **)((char *)g + names[k].off);
			if (strncmp(a, names[k].name, n))
				continue;
			if (a[n] == '=') {
				*slot = a + n + 1;
				taken = 1;
			} else if (!a[n]) {
				if (i + 1 >= argc) {
					fprintf(stderr, "wuye: %s\n", tr("option needs a value"));
					return -1;
				}
				*slot = argv[++i];
				taken = 1;
			}
			break;
		}
		if (!taken)
			argv[out++] = argv[i];
	}
	argv[out] = NULL;
	return out;
}

static int setup_context(struct ctx *c, const struct globals *g)
{
	int lang;

	if (g->lang) {
		lang = i18n_parse_lang(g->lang);
		if (lang < 0)
			return cmd_usage_error(c, _("unknown language '%s' (expected zh or en)"), g->lang);
		i18n_set_lang((enum lang)lang);
	}
	c->format = FORMAT_TABLE;
	if (g->format) {
		c->format_given = 1;
		if (!strcmp(g->format, "table"))
			c->format = FORMAT_TABLE;
		else if (!strcmp(g->format, "csv"))
			c->format = FORMAT_CSV;
		else if (!strcmp(g->format, "json"))
			c->format = FORMAT_JSON;
		else
			return cmd_usage_error(c, _("unknown format '%s' (expected table, csv or json)"), g->format);
	}
	c->today = date_today_shanghai();
	if (g->today && date_parse(g->today, &c->today) < 0)
		return cmd_usage_error(c, _("--today needs a date as YYYY-MM-DD, not '%s'"), g->today);
	c->db_url = g->db ? g->db : getenv("WUYE_DB");
	if (!c->db_url || !*c->db_url)
		c->db_url = "wuye.db";
	c->as_login = g->as ? g->as : "admin";
	return 0;
}

static int open_database(struct ctx *c)
{
	struct buf err = BUF_INIT;
	int pending;

	if (db_open(&c->db, c->db_url, &err) < 0)
		goto fail;
	if (c->cmd->flags & CMD_DB) {
		pending = migrate_pending(c->db, &err);
		if (pending < 0)
			goto fail;
		if (pending) {
			error(&err, _("the database '%s' is not initialised or is out of date: run wuye init"), db_url(c->db));
			goto fail;
		}
	}
	if (c->cmd->flags & CMD_ACTOR) {
		if (staff_find(c->db, c->as_login, &c->actor, &err) < 0)
			goto fail;
	}
	buf_release(&err);
	return 0;
fail:
	cmd_error_buf(&err);
	buf_release(&err);
	return 1;
}

int main(int argc, char **argv)
{
	struct globals g = { 0 };
	struct ctx c;
	const struct command *cmd;
	int words = 0, rc;

	memset(&c, 0, sizeof(c));
	i18n_init();
	i18n_set_lang(LANG_ZH);
	argc = take_globals(argc - 1, argv + 1, &g);
	argv++;
	if (argc < 0)
		return 2;
	if (g.lang) {
		int l = i18n_parse_lang(g.lang);
		if (l >= 0)
			i18n_set_lang((enum lang)l);
	}
	if (argc == 0) {
		char *help[] = { "help", NULL };
		return cmd_help(&c, 1, help);
	}
	cmd = find_command(argc, argv, &words);
	if (!cmd) {
		if (is_group(argv[0])) {
			if (g.help) {
				print_group(argv[0], stdout);
				return 0;
			}
			fprintf(stderr, "wuye: %s\n", _("which one?"));
			print_group(argv[0], stderr);
			return 2;
		}
		fprintf(stderr, "wuye: ");
		fprintf(stderr, _("'%s' is not a wuye command; see 'wuye help'"), argv[0]);
		fputc('\n', stderr);
		return 2;
	}
	c.cmd = cmd;
	if (g.help) {
		cmd_print_usage(cmd, stdout);
		printf("\n%s\n", _(cmd->summary));
		return 0;
	}
	if ((rc = setup_context(&c, &g)) != 0)
		return rc;
	if ((cmd->flags & (CMD_DB | CMD_INIT_DB)) && (rc = open_database(&c)) != 0) {
		db_close(c.db);
		return rc;
	}
	/* the command sees its own words as argv[0] */
	argv += words - 1;
	argc -= words - 1;
	rc = cmd->fn(&c, argc, argv);
	db_close(c.db);
	/* like git's run_builtin: a full disk or a closed pipe is an error, not silence */
	if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
		if (!rc)
			fprintf(stderr, "wuye: %s\n", _("cannot write the output"));
		return rc ? rc : 1;
	}
	return rc;
}
