-- 005_web.sql: the console: sessions (in the database, so that several nodes share
-- them), log-in attempts (throttling and lock-out), API tokens, and the scheduler's
-- record of the daily jobs.

-- A log-in.  The cookie carries a random token; only its SHA-256 is stored, so a copy
-- of the database opens no session.
CREATE TABLE web_session (
	token_hash TEXT PRIMARY KEY,
	staff_id BIGINT NOT NULL REFERENCES staff(id),
	csrf TEXT NOT NULL,                        -- the token every form and POST carries
	created_at BIGINT NOT NULL,
	seen_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	ip TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX web_session_staff ON web_session (staff_id);

-- Every log-in attempt: failures in a row lock the login for a while, and an address
-- that tries many logins is slowed down.
CREATE TABLE login_attempt (
	id @ID@,
	login TEXT NOT NULL,
	ip TEXT NOT NULL,
	ok INTEGER NOT NULL,
	at BIGINT NOT NULL
);
CREATE INDEX login_attempt_login ON login_attempt (login, at);
CREATE INDEX login_attempt_ip ON login_attempt (ip, at);

-- A token for integrations (Authorization: Bearer …), acting as a staff member.
CREATE TABLE api_token (
	token_hash TEXT PRIMARY KEY,
	staff_id BIGINT NOT NULL REFERENCES staff(id),
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	revoked_at BIGINT
);

-- What the scheduler ran (one row per job and day or minute), so that several nodes
-- and restarts never run a daily job twice.
CREATE TABLE job_run (
	job TEXT NOT NULL,                         -- bill, dun, send
	slot TEXT NOT NULL,                        -- 2026-11-27, or 2026-11-27T09:01 for send
	started_at BIGINT NOT NULL,
	finished_at BIGINT,
	result TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (job, slot)
);
