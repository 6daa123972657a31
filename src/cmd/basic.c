/* basic.c: help, version, init and summary. */
#include <string.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/str.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "store/migrate.h"

#ifndef WUYE_VERSION
#define WUYE_VERSION "0.1.0"
#endif

int cmd_help(struct ctx *c, int argc, char **argv)
{
	size_t width = 0;

	(void)c;
	if (argc > 1) {
		for (const struct command *cmd = commands; cmd->name; cmd++) {
			size_t n = strlen(argv[1]);
			if (!strcmp(cmd->name, argv[1]) ||
			    (!strncmp(cmd->name, argv[1], n) && cmd->name[n] == ' ')) {
				cmd_print_usage(cmd, stdout);
				if (!strcmp(cmd->name, argv[1]))
					printf("\n%s\n", _(cmd->summary));
				width = 1;
			}
		}
		if (!width) {
			fprintf(stderr, "wuye: ");
			fprintf(stderr, _("'%s' is not a wuye command; see 'wuye help'"), argv[1]);
			fputc('\n', stderr);
			return 2;
		}
		return 0;
	}
	printf("%s\n\n", _("wuye: property-fee billing and collection (物业费收缴与催缴系统)"));
	printf("%s: wuye COMMAND [SUBCOMMAND] [ARGS] [OPTIONS]\n\n", _("usage"));
	for (const struct command *cmd = commands; cmd->name; cmd++)
		if (strlen(cmd->name) > width)
			width = strlen(cmd->name);
	for (const struct command *cmd = commands; cmd->name; cmd++)
		printf("  %-*s  %s\n", (int)width, cmd->name, _(cmd->summary));
	printf("\n%s\n", _("Options every command takes:"));
	printf("  --db URL         %s\n", _("a file path or sqlite:PATH (SQLite), or postgresql://... (default: $WUYE_DB, else ./wuye.db)"));
	printf("  --today DATE     %s\n", _("the business date, YYYY-MM-DD (default: today in Asia/Shanghai)"));
	printf("  --as LOGIN       %s\n", _("the staff member acting (default: admin)"));
	printf("  --format F       %s\n", _("table, csv or json (listings; default table)"));
	printf("  --lang L         %s\n", _("zh or en (default zh)"));
	printf("\n%s\n", _("'wuye COMMAND --help' shows one command's usage."));
	return 0;
}

int cmd_version(struct ctx *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	printf("wuye %s\n", WUYE_VERSION);
	return 0;
}

int cmd_init(struct ctx *c, int argc, char **argv)
{
	struct buf err = BUF_INIT;
	const char *pos[1];
	int npos, applied = 0, created = 0, rc;

	if ((rc = cmd_parse(c, argc, argv, NULL, pos, 0, &npos)))
		return rc;
	if (migrate_up(c->db, &applied, &err) < 0)
		goto fail;
	if (db_begin(c->db, &err) < 0 || staff_ensure_admin(c->db, &created, &err) < 0) {
		db_rollback(c->db);
		goto fail;
	}
	if (db_commit(c->db, &err) < 0)
		goto fail;
	printf(_("database %s is ready (%d migrations applied)"), db_url(c->db), applied);
	putchar('\n');
	if (created)
		printf("%s\n", _("created the staff member admin (role admin, every project)"));
	buf_release(&err);
	return 0;
fail:
	cmd_error_buf(&err);
	buf_release(&err);
	return 1;
}

int cmd_summary(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "project", N_("Code"), COL_TEXT, NULL },
		{ "name", N_("Project"), COL_TEXT, NULL },
		{ "buildings", N_("Buildings"), COL_INT, NULL },
		{ "units", N_("Units"), COL_INT, NULL },
		{ "occupied", N_("Occupied"), COL_INT, NULL },
		{ "owners", N_("Owners"), COL_INT, NULL },
		{ "staff", N_("Staff"), COL_INT, NULL },
		{ NULL, NULL, 0, NULL },
	};
	struct buf err = BUF_INIT;
	struct db_stmt *st;
	const char *pos[1];
	json_t *rows = json_array();
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, NULL, pos, 0, &npos)))
		goto out;
	rc = db_prepare(c->db, &st,
			"SELECT p.code, p.name,"
			" (SELECT COUNT(*) FROM building b WHERE b.project_id = p.id),"
			" (SELECT COUNT(*) FROM unit u WHERE u.project_id = p.id),"
			" (SELECT COUNT(*) FROM unit u WHERE u.project_id = p.id AND"
			"   (SELECT s.state FROM unit_state s WHERE s.unit_id = u.id AND s.from_day <= ?"
			"    ORDER BY s.from_day DESC LIMIT 1) = 'occupied'),"
			" (SELECT COUNT(DISTINCT o.party_id) FROM ownership o JOIN unit u ON u.id = o.unit_id"
			"   JOIN party pa ON pa.id = o.party_id WHERE u.project_id = p.id AND pa.kind = 'person'),"
			" (SELECT COUNT(*) FROM staff_project sp WHERE sp.project_id = p.id)"
			" FROM project p ORDER BY p.code", &err);
	if (rc < 0)
		goto fail;
	db_bind_int64(st, 1, c->today);
	while ((rc = db_step(st, &err)) == 1) {
		json_t *r = json_object();
		json_object_set_new(r, "project", json_string(db_col_text(st, 0)));
		json_object_set_new(r, "name", json_string(db_col_text(st, 1)));
		json_object_set_new(r, "buildings", json_integer(db_col_int64(st, 2)));
		json_object_set_new(r, "units", json_integer(db_col_int64(st, 3)));
		json_object_set_new(r, "occupied", json_integer(db_col_int64(st, 4)));
		json_object_set_new(r, "owners", json_integer(db_col_int64(st, 5)));
		json_object_set_new(r, "staff", json_integer(db_col_int64(st, 6)));
		json_array_append_new(rows, r);
	}
	db_finalize(st);
	if (rc < 0)
		goto fail;
	rc = output_rows(c, rows, cols);
	goto out;
fail:
	rc = cmd_error_buf(&err);
out:
	json_decref(rows);
	buf_release(&err);
	return rc;
}
