/* demo.c: `wuye demo`, a believable company to try the product on. */
#include "base/error.h"
#include "base/i18n.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "core/demo.h"
#include "store/migrate.h"

int cmd_demo(struct ctx *c, int argc, char **argv)
{
	int units = 3000, seed = 1, months = 24, npos, rc, created;
	const struct opt opts[] = { { "--units", OPT_INT, &units }, { "--seed", OPT_INT, &seed },
				    { "--months", OPT_INT, &months }, { NULL, 0, NULL } };
	const char *pos[1];
	struct demo_result res;
	struct buf err = BUF_INIT;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (months < 0 || months > 120)
		return cmd_usage_error(c, _("--months must be between 0 and 120"));
	if (migrate_up(c->db, NULL, &err) < 0 || db_begin(c->db, &err) < 0 ||
	    staff_ensure_admin(c->db, &created, &err) < 0 || db_commit(c->db, &err) < 0 ||
	    demo_create(c->db, units, months, c->today, (uint64_t)seed, &res, &err) < 0) {
		db_rollback(c->db);
		cmd_error_buf(&err);
		buf_release(&err);
		return 1;
	}
	buf_release(&err);
	if (c->format == FORMAT_JSON) {
		json_t *o = json_pack("{s:i,s:i,s:i,s:i,s:i,s:i}", "projects", res.projects, "units", res.units,
				      "owners", res.owners, "staff", res.staff, "bills", res.bills, "payments", res.payments);
		rc = output_json(o);
		json_decref(o);
		return rc;
	}
	printf(_("demo company created: %d projects, %d units, %d owners, %d staff, %d bills, %d payments"),
	       res.projects, res.units, res.owners, res.staff, res.bills, res.payments);
	putchar('\n');
	return 0;
}
