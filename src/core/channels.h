/* channels.h: how a project reaches owners on each channel (短信, 邮件, 微信): the vendor
 * and its settings, checked by opening the channel before they are stored, and shown
 * with their secrets masked (`wuye channel set|show|remove`, the console's settings).
 */
#ifndef WUYE_CHANNELS_H
#define WUYE_CHANNELS_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

/* What a secret setting is shown as. */
#define CHANNEL_SECRET_MASK "****"

/* The channel a vendor serves ("sms", "email", "wechat"), or NULL for an unknown vendor. */
const char *channel_of_vendor(const char *vendor);
/* Whether a setting holds a secret (a key, a secret, a password). */
int channel_setting_is_secret(const char *key);
/* Replaces the value of every secret setting with CHANNEL_SECRET_MASK, in place. */
void channel_settings_mask(json_t *settings);

/* Checks that the vendor serves the channel and that the channel opens with these
 * settings (every required setting present), then stores them for the project.  The
 * caller owns the transaction.  -1 with the reason in err; nothing is stored then. */
int channel_config_set(struct db *db, int64_t project_id, const char *channel, const char *vendor,
		       const json_t *settings, int64_t staff_id, struct buf *err);
int channel_config_remove(struct db *db, int64_t project_id, const char *channel, struct buf *err);
/* The stored vendor and settings of one channel (1), or 0 when the project has none
 * there.  *settings is the caller's (unmasked: never show it as it is). */
int channel_config_get(struct db *db, int64_t project_id, const char *channel, char vendor[16], json_t **settings,
		       struct buf *err);
/* The project's channels as [{"channel","vendor","settings":{…}}], secrets masked. */
int channel_config_list(struct db *db, int64_t project_id, json_t **out, struct buf *err);

#endif
