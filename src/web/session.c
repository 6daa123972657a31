/* session.c: log-in, sessions in the database, API tokens. */
#include "web/session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "base/i18n.h"

static void random_hex(char out[65])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, 65, raw, sizeof(raw));
}

static void hash_hex(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static void attempt(struct db *db, const char *login, const char *ip, int ok, int64_t now)
{
	db_run(db, NULL, NULL, "INSERT INTO login_attempt (login, ip, ok, at) VALUES (?, ?, ?, ?)", "ttii", login, ip,
	       (int64_t)ok, now);
}

enum login_result session_login(struct db *db, const char *login, const char *password, const char *ip,
				const char *user_agent, int64_t now, char token[65], int *wait_minutes, struct buf *err)
{
	struct db_stmt *st;
	char hash[crypto_pwhash_STRBYTES] = "", csrf[65], token_hash[65];
	int64_t staff_id = 0, failures = 0, ip_failures = 0, last_ok = 0, first_fail = 0;
	int rc, active = 0;

	*wait_minutes = 0;
	token[0] = '\0';
	if (sodium_init() < 0)
		return error(err, "libsodium did not start"), LOGIN_ERROR;
	/* an address that tries many logins is slowed down, whichever it tries */
	if (db_run(db, &ip_failures, err, "SELECT COUNT(*) FROM login_attempt WHERE ip = ? AND ok = 0 AND at > ?", "ti", ip,
		   now - LOGIN_LOCK_SECONDS) < 0)
		return LOGIN_ERROR;
	if (ip_failures >= LOGIN_IP_FAILURES) {
		*wait_minutes = LOGIN_LOCK_SECONDS / 60;
		return LOGIN_THROTTLED;
	}
	/* failures in a row since the last success, within the lock-out window */
	if (db_run(db, &last_ok, err, "SELECT COALESCE(MAX(at), 0) FROM login_attempt WHERE login = ? AND ok = 1", "t",
		   login) < 0 ||
	    db_run(db, &failures, err, "SELECT COUNT(*) FROM login_attempt WHERE login = ? AND ok = 0 AND at > ? AND at > ?",
		   "tii", login, last_ok, now - LOGIN_LOCK_SECONDS) < 0)
		return LOGIN_ERROR;
	if (failures >= LOGIN_LOCK_FAILURES) {
		db_run(db, &first_fail, NULL, "SELECT MAX(at) FROM login_attempt WHERE login = ? AND ok = 0", "t", login);
		*wait_minutes = (int)((first_fail + LOGIN_LOCK_SECONDS - now + 59) / 60);
		if (*wait_minutes < 1)
			*wait_minutes = 1;
		return LOGIN_LOCKED;
	}
	if (db_prepare(db, &st, "SELECT id, COALESCE(password_hash, ''), active FROM staff WHERE login = ?", err) < 0)
		return LOGIN_ERROR;
	db_bind_text(st, 1, login);
	rc = db_step(st, err);
	if (rc == 1) {
		staff_id = db_col_int64(st, 0);
		snprintf(hash, sizeof(hash), "%s", db_col_text(st, 1));
		active = (int)db_col_int64(st, 2);
	}
	db_finalize(st);
	if (rc < 0)
		return LOGIN_ERROR;
	/* the same work whether or not the login exists, so that timing tells nothing */
	if (!staff_id || !hash[0] || !active) {
		char dummy[crypto_pwhash_STRBYTES];
		if (crypto_pwhash_str(dummy, "x", 1, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
			dummy[0] = '\0';
		attempt(db, login, ip, 0, now);
		return LOGIN_BAD;
	}
	if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0) {
		attempt(db, login, ip, 0, now);
		return LOGIN_BAD;
	}
	attempt(db, login, ip, 1, now);
	random_hex(token);
	random_hex(csrf);
	hash_hex(token, token_hash);
	if (db_run(db, NULL, err, "INSERT INTO web_session (token_hash, staff_id, csrf, created_at, seen_at, expires_at, ip, "
		   "user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "tit" "iiitt", token_hash, staff_id, csrf, now, now,
		   now + SESSION_IDLE_SECONDS, ip, user_agent ? user_agent : "") < 0) {
		token[0] = '\0';
		return LOGIN_ERROR;
	}
	/* sessions long gone are cleared now and then */
	db_run(db, NULL, NULL, "DELETE FROM web_session WHERE expires_at < ?", "i", now - 86400);
	return LOGIN_OK;
}

/* The value of our cookie in a Cookie header, into out (at most 64 hex characters). */
static int cookie_token(const char *header, char out[65])
{
	const char *p = header;
	size_t klen = strlen(SESSION_COOKIE);

	while (p && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		if (!strncmp(p, SESSION_COOKIE, klen) && p[klen] == '=') {
			size_t n = strcspn(p + klen + 1, "; ");
			if (n != 64)
				return 0;
			memcpy(out, p + klen + 1, 64);
			out[64] = '\0';
			return strspn(out, "0123456789abcdef") == 64;
		}
		p = strchr(p, ';');
	}
	return 0;
}

static int load_staff(struct db *db, int64_t id, struct staff *out)
{
	struct db_stmt *st;
	int rc;

	if (db_cached(db, &st, "SELECT id, login, name, role, all_projects FROM staff WHERE id = ? AND active = 1", NULL) < 0)
		return 0;
	db_bind_int64(st, 1, id);
	rc = db_step(st, NULL);
	if (rc == 1) {
		out->id = db_col_int64(st, 0);
		snprintf(out->login, sizeof(out->login), "%s", db_col_text(st, 1));
		snprintf(out->name, sizeof(out->name), "%s", db_col_text(st, 2));
		snprintf(out->role, sizeof(out->role), "%s", db_col_text(st, 3));
		out->all_projects = (int)db_col_int64(st, 4) || !strcmp(out->role, "admin");
	}
	db_reset(st);
	return rc == 1;
}

int session_from_cookie(struct db *db, const char *cookie_header, struct staff *out, char csrf[65])
{
	char token[65], h[65];
	struct db_stmt *st;
	int64_t staff_id = 0, created = 0, seen = 0, now = (int64_t)time(NULL);
	int rc;

	memset(out, 0, sizeof(*out));
	csrf[0] = '\0';
	if (!cookie_token(cookie_header, token))
		return 0;
	hash_hex(token, h);
	if (db_cached(db, &st, "SELECT staff_id, csrf, created_at, seen_at FROM web_session WHERE token_hash = ? "
		      "AND expires_at > ?", NULL) < 0)
		return 0;
	db_bind_text(st, 1, h);
	db_bind_int64(st, 2, now);
	rc = db_step(st, NULL);
	if (rc == 1) {
		staff_id = db_col_int64(st, 0);
		snprintf(csrf, 65, "%s", db_col_text(st, 1));
		created = db_col_int64(st, 2);
		seen = db_col_int64(st, 3);
	}
	db_reset(st);
	if (rc != 1 || !load_staff(db, staff_id, out)) {
		csrf[0] = '\0';
		return 0;
	}
	/* the idle expiry slides with use (written at most once a minute), up to the cap */
	if (now - seen > 60) {
		int64_t until = now + SESSION_IDLE_SECONDS;
		if (until > created + SESSION_MAX_SECONDS)
			until = created + SESSION_MAX_SECONDS;
		db_run(db, NULL, NULL, "UPDATE web_session SET seen_at = ?, expires_at = ? WHERE token_hash = ?", "iit", now,
		       until, h);
	}
	return 1;
}

int session_logout(struct db *db, const char *cookie_header)
{
	char token[65], h[65];

	if (!cookie_token(cookie_header, token))
		return 0;
	hash_hex(token, h);
	return db_run(db, NULL, NULL, "DELETE FROM web_session WHERE token_hash = ?", "t", h) < 0 ? -1 : 0;
}

int session_from_token(struct db *db, const char *token, struct staff *out)
{
	char h[65];
	int64_t staff_id;

	memset(out, 0, sizeof(*out));
	if (strlen(token) != 64 || strspn(token, "0123456789abcdef") != 64)
		return 0;
	hash_hex(token, h);
	if (db_run(db, &staff_id, NULL, "SELECT staff_id FROM api_token WHERE token_hash = ? AND revoked_at IS NULL", "t",
		   h) != 1)
		return 0;
	return load_staff(db, staff_id, out);
}

int session_token_create(struct db *db, int64_t staff_id, const char *name, char token[65], struct buf *err)
{
	char h[65];

	if (sodium_init() < 0)
		return error(err, "libsodium did not start");
	random_hex(token);
	hash_hex(token, h);
	return db_run(db, NULL, err, "INSERT INTO api_token (token_hash, staff_id, name, created_at) VALUES (?, ?, ?, ?)",
		      "titi", h, staff_id, name, (int64_t)time(NULL)) < 0 ? -1 : 0;
}
