/* common.c: option parsing and the helpers every command shares. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/str.h"
#include "cmd/cmd.h"
#include "core/audit.h"
#include "core/project.h"

int cmd_error(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	cmd_error_buf(&b);
	buf_release(&b);
	return 1;
}

int cmd_error_buf(const struct buf *err)
{
	const char *line = err->buf;

	fflush(stdout);
	if (!*line)
		line = "failed";
	while (*line) {
		const char *end = strchr(line, '\n');
		int n = end ? (int)(end - line) : (int)strlen(line);
		fprintf(stderr, "wuye: %.*s\n", n, line);
		line += n + (end ? 1 : 0);
	}
	return 1;
}

int cmd_fail(struct ctx *c, struct buf *err)
{
	if (c->db && db_in_transaction(c->db))
		db_rollback(c->db);
	cmd_error_buf(err);
	buf_release(err);
	return 1;
}

void cmd_print_usage(const struct command *cmd, FILE *out)
{
	fprintf(out, "%s: wuye %s\n", _("usage"), cmd->usage);
}

int cmd_usage_error(struct ctx *c, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	fflush(stdout);
	fprintf(stderr, "wuye: %s\n", b.buf);
	buf_release(&b);
	if (c && c->cmd)
		cmd_print_usage(c->cmd, stderr);
	return 2;
}

int cmd_parse(struct ctx *c, int argc, char **argv, const struct opt *opts,
	      const char **pos, int maxpos, int *npos)
{
	*npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *value = NULL;
		const struct opt *o = NULL;
		size_t namelen;

		if (arg[0] != '-' || !arg[1] || (arg[1] >= '0' && arg[1] <= '9')) {
			/* a positional (a lone "-" and negative numbers are positionals too) */
			if (*npos >= maxpos)
				return cmd_usage_error(c, _("unexpected argument '%s'"), arg);
			pos[(*npos)++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			for (i++; i < argc; i++) {
				if (*npos >= maxpos)
					return cmd_usage_error(c, _("unexpected argument '%s'"), argv[i]);
				pos[(*npos)++] = argv[i];
			}
			break;
		}
		namelen = strcspn(arg, "=");
		for (const struct opt *p = opts; p && p->name; p++)
			if (strlen(p->name) == namelen && !strncmp(p->name, arg, namelen))
				o = p;
		if (!o)
			return cmd_usage_error(c, _("unknown option '%.*s'"), (int)namelen, arg);
		if (o->type == OPT_FLAG) {
			if (arg[namelen])
				return cmd_usage_error(c, _("option '%s' takes no value"), o->name);
			*(int *)o->value = 1;
			continue;
		}
		if (arg[namelen] == '=')
			value = arg + namelen + 1;
		else if (i + 1 < argc)
			value = argv[++i];
		else
			return cmd_usage_error(c, _("option '%s' needs a value"), o->name);
		if (o->type == OPT_STRING) {
			*(const char **)o->value = value;
		} else {
			int64_t v;
			if (str_to_int64(value, INT32_MIN, INT32_MAX, &v))
				return cmd_usage_error(c, _("option '%s' needs a whole number, not '%s'"), o->name, value);
			*(int *)o->value = (int)v;
		}
	}
	return 0;
}

int cmd_need_args(struct ctx *c, int npos, int want)
{
	if (npos < want)
		return cmd_usage_error(c, _("missing argument"));
	return 0;
}

int cmd_project(struct ctx *c, const char *code, int64_t *project_id)
{
	struct buf err = BUF_INIT;
	struct project p;

	if (!code)
		return cmd_usage_error(c, _("--project is required"));
	if (project_find(c->db, code, &p, &err) < 0) {
		cmd_error_buf(&err);
		buf_release(&err);
		return 1;
	}
	if (project_id)
		*project_id = p.id;
	return cmd_require_project(c, p.id);
}

int cmd_require_role(struct ctx *c, const char *roles)
{
	const char *p = roles;
	size_t n = strlen(c->actor.role);

	while (*p) {
		size_t len = strcspn(p, "|");
		if (len == n && !strncmp(p, c->actor.role, n))
			return 0;
		p += len + (p[len] == '|');
	}
	return cmd_error(_("%s (%s) may not do this"), c->actor.login, staff_role_label(c->actor.role));
}

int cmd_require_project(struct ctx *c, int64_t project_id)
{
	if (!c->actor.id || staff_in_project(c->db, &c->actor, project_id))
		return 0;
	return cmd_error(_("%s does not work on this project"), c->actor.login);
}

void cmd_audit(struct ctx *c, const char *action, const char *subject, const char *detail)
{
	audit_record(c->db, c->actor.id, "cli", action, subject, detail, NULL);
}

int cmd_read_file(const char *path, struct buf *out, struct buf *err)
{
	char chunk[8192];
	size_t n;
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;

	if (!f)
		return error(err, _("cannot open '%s': %s"), path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->len + n > 1024 * 1024) {
			if (f != stdin)
				fclose(f);
			return error(err, _("'%s' is larger than 1 MiB"), path);
		}
		buf_add(out, chunk, n);
	}
	if (f != stdin)
		fclose(f);
	return 0;
}
