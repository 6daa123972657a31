/* session.h: logging in, sessions and API tokens.
 *
 * Passwords are argon2id (libsodium).  A session is a random 256-bit token in a cookie
 * (HttpOnly, SameSite=Strict, Secure behind TLS); the database keeps only its SHA-256,
 * with the staff member, a CSRF token, and an expiry that slides with use (12 hours
 * idle, 7 days at most).  Five failed log-ins in a row lock a login for 15 minutes; an
 * address with 20 failures in 15 minutes is refused whatever login it tries.
 */
#ifndef WUYE_SESSION_H
#define WUYE_SESSION_H

#include <stdint.h>

#include "base/buf.h"
#include "core/staff.h"
#include "store/db.h"

#define SESSION_COOKIE "wuye_session"
#define SESSION_IDLE_SECONDS (12 * 3600)
#define SESSION_MAX_SECONDS (7 * 86400)
#define LOGIN_LOCK_FAILURES 5
#define LOGIN_LOCK_SECONDS (15 * 60)
#define LOGIN_IP_FAILURES 20

enum login_result { LOGIN_OK, LOGIN_BAD, LOGIN_LOCKED, LOGIN_THROTTLED, LOGIN_ERROR };

/* Checks a login and password; on success creates a session and writes its token (64
 * hex characters) into token.  *wait_minutes says how long a lock-out lasts. */
enum login_result session_login(struct db *db, const char *login, const char *password, const char *ip,
				const char *user_agent, int64_t now, char token[65], int *wait_minutes, struct buf *err);
/* The staff member of the session the Cookie header names (1), or 0.  csrf gets the
 * session's CSRF token. */
int session_from_cookie(struct db *db, const char *cookie_header, struct staff *out, char csrf[65]);
/* Ends the session the Cookie header names. */
int session_logout(struct db *db, const char *cookie_header);
/* The staff member an API token acts as (1), or 0. */
int session_from_token(struct db *db, const char *token, struct staff *out);
/* Makes an API token for a staff member; token gets it (shown once). */
int session_token_create(struct db *db, int64_t staff_id, const char *name, char token[65], struct buf *err);

#endif
