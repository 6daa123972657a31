/* serve.c: wuye serve, wuye token add. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/i18n.h"
#include "cmd/cmd.h"
#include "web/server.h"
#include "web/session.h"

int cmd_serve(struct ctx *c, int argc, char **argv)
{
	const char *listen = "127.0.0.1:8080", *log = "-", *pos[1];
	int threads = 0, no_jobs = 0, secure = 0, fixed = 0, npos, rc;
	const struct opt opts[] = { { "--listen", OPT_STRING, &listen }, { "--threads", OPT_INT, &threads },
				    { "--access-log", OPT_STRING, &log }, { "--no-jobs", OPT_FLAG, &no_jobs },
				    { "--secure-cookies", OPT_FLAG, &secure }, { "--fixed-today", OPT_FLAG, &fixed },
				    { NULL, 0, NULL } };
	struct serve_options o;
	struct buf err = BUF_INIT;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		return rc;
	if (threads < 0 || threads > 64)
		return cmd_usage_error(c, _("--threads must be between 1 and 64"));
	memset(&o, 0, sizeof(o));
	o.db_url = c->db_url;
	o.listen = listen;
	o.threads = threads;
	/* --today with --fixed-today: the server's business day stays that day (tests, demos) */
	o.fixed_today = fixed ? c->today : DATE_MIN;
	o.scheduler = !no_jobs;
	o.access_log = strcmp(log, "none") ? log : NULL;
	o.secure_cookies = secure;
	/* the handlers' threads open their own connections */
	db_close(c->db);
	c->db = NULL;
	if (serve_run(&o, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return 0;
}

int cmd_token_add(struct ctx *c, int argc, char **argv)
{
	const char *name = NULL, *pos[1];
	const struct opt opts[] = { { "--name", OPT_STRING, &name }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	struct staff who;
	char token[65];
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)) ||
	    (rc = cmd_require_role(c, "admin")))
		return rc;
	if (!name || !*name)
		return cmd_usage_error(c, _("--name is required (what the token is for)"));
	if (staff_find(c->db, pos[0], &who, &err) < 0)
		return cmd_fail(c, &err);
	if (db_begin(c->db, &err) < 0 || session_token_create(c->db, who.id, name, token, &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "token.add", pos[0], name);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	printf("%s\n", token);
	return 0;
}
