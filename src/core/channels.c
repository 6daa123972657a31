/* channels.c: a project's channel settings: checked, stored, shown masked. */
#include "core/channels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "base/i18n.h"
#include "notify/notify.h"

const char *channel_of_vendor(const char *vendor)
{
	if (!strcmp(vendor, "aliyun") || !strcmp(vendor, "tencent"))
		return "sms";
	if (!strcmp(vendor, "smtp"))
		return "email";
	if (!strcmp(vendor, "wechat"))
		return "wechat";
	return NULL;
}

int channel_setting_is_secret(const char *k)
{
	return strstr(k, "secret") || strstr(k, "password") || (strstr(k, "key") && !strstr(k, "key_id"));
}

void channel_settings_mask(json_t *settings)
{
	const char *k;
	json_t *v;

	json_object_foreach(settings, k, v)
		if (channel_setting_is_secret(k))
			json_object_set_new(settings, k, json_string(CHANNEL_SECRET_MASK));
}

int channel_config_set(struct db *db, int64_t project_id, const char *channel, const char *vendor,
		       const json_t *settings, int64_t staff_id, struct buf *err)
{
	const char *want = channel_of_vendor(vendor);
	struct notify_channel *ch;
	char *compact;
	int rc;

	if (!want)
		return error(err, _("unknown vendor '%s' (aliyun, tencent, smtp or wechat)"), vendor);
	if (strcmp(want, channel))
		return error(err, _("vendor %s is for the %s channel, not %s"), vendor, want, channel);
	if (!json_is_object(settings))
		return error(err, _("the settings must be a JSON object"));
	/* the channel opens with these settings, or they are refused now */
	if (!(ch = notify_open(vendor, settings, err)))
		return -1;
	notify_close(ch);
	compact = json_dumps(settings, JSON_COMPACT | JSON_SORT_KEYS);
	rc = db_run(db, NULL, err, "INSERT INTO channel_config (project_id, channel, vendor, settings, updated_by, "
		    "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, channel) DO UPDATE SET "
		    "vendor = excluded.vendor, settings = excluded.settings, updated_by = excluded.updated_by, "
		    "updated_at = excluded.updated_at", "itttni", project_id, channel, vendor, compact ? compact : "{}",
		    staff_id, (int64_t)time(NULL));
	free(compact);
	return rc < 0 ? -1 : 0;
}

int channel_config_remove(struct db *db, int64_t project_id, const char *channel, struct buf *err)
{
	return db_run(db, NULL, err, "DELETE FROM channel_config WHERE project_id = ? AND channel = ?", "it", project_id,
		      channel) < 0 ? -1 : 0;
}

int channel_config_get(struct db *db, int64_t project_id, const char *channel, char vendor[16], json_t **settings,
		       struct buf *err)
{
	struct db_stmt *st;
	int rc;

	*settings = NULL;
	vendor[0] = '\0';
	if (db_prepare(db, &st, "SELECT vendor, settings FROM channel_config WHERE project_id = ? AND channel = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	db_bind_text(st, 2, channel);
	rc = db_step(st, err);
	if (rc == 1) {
		snprintf(vendor, 16, "%s", db_col_text(st, 0));
		*settings = json_loads(db_col_text(st, 1), 0, NULL);
		if (!*settings)
			*settings = json_object();
	}
	db_finalize(st);
	return rc;
}

int channel_config_list(struct db *db, int64_t project_id, json_t **out, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	*out = NULL;
	if (db_prepare(db, &st, "SELECT channel, vendor, settings FROM channel_config WHERE project_id = ? "
		       "ORDER BY channel", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	*out = json_array();
	while ((rc = db_step(st, err)) == 1) {
		json_t *s = json_loads(db_col_text(st, 2), 0, NULL);
		if (!s)
			s = json_object();
		channel_settings_mask(s);
		json_array_append_new(*out, json_pack("{s:s,s:s,s:o}", "channel", db_col_text(st, 0), "vendor",
						      db_col_text(st, 1), "settings", s));
	}
	db_finalize(st);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}
