-- 003_collection.sql: the collection engine (催缴): policies, cases, tasks, the contact
-- ledger, promises, plans, complaints and work orders, pauses, legal matters, the
-- outbox, and the demands that restart the limitation period.
--
-- A case (催缴案件) belongs to one payer in one project and covers all of the payer's
-- units and open bills there.  Its current state is kept in dun_case (a cache of its
-- history); every change is a row of case_event with who, when and why.

-- The ladder in force for a project, as the text `wuye policy show` prints and
-- `wuye policy load` takes; none means the default ladder.
CREATE TABLE collection_policy (
	project_id BIGINT PRIMARY KEY REFERENCES project(id),
	text TEXT NOT NULL,
	updated_at BIGINT NOT NULL,
	updated_by BIGINT REFERENCES staff(id)
);

-- The daily run groups a project's open bills by payer: an index that holds everything
-- it reads, in that order.
DROP INDEX bill_open_project;
CREATE INDEX bill_open_project ON bill_open (project_id, payer_id, due_day, open_fen, unit_id);

-- The answer scripts per reason (话术), editable; none means the built-in text.
CREATE TABLE reason_script (
	code TEXT PRIMARY KEY,
	script TEXT NOT NULL,
	next_step TEXT NOT NULL,
	updated_at BIGINT NOT NULL,
	updated_by BIGINT REFERENCES staff(id)
);

CREATE TABLE dun_case (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	payer_id BIGINT NOT NULL REFERENCES party(id),
	opened_day INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('open', 'paused', 'promised', 'plan', 'legal', 'closed')),
	step TEXT NOT NULL DEFAULT '',             -- the last ladder step that fired
	step_day INTEGER,                          -- the day it fired
	paused_days INTEGER NOT NULL DEFAULT 0,    -- days paused so far (not counted by the clock)
	reason TEXT NOT NULL DEFAULT '',           -- the classified reason on file
	jump TEXT NOT NULL DEFAULT '',             -- a step the next run fires at once (refusal → notice,
	                                           -- a broken promise → the next step)
	last_auto_day INTEGER,                     -- the last automatic message to the payer
	notice_day INTEGER,                        -- a written notice delivered with proof (its deadline
	                                           -- runs from here)
	closed_day INTEGER,
	outcome TEXT NOT NULL DEFAULT ''           -- paid, writeoff
);
CREATE INDEX dun_case_payer ON dun_case (project_id, payer_id, state);

-- The case's history: opened, a step fired, paused, resumed, promised, plan, closed ...
CREATE TABLE case_event (
	id @ID@,
	case_id BIGINT NOT NULL REFERENCES dun_case(id),
	day INTEGER NOT NULL,
	kind TEXT NOT NULL,
	step TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',           -- why: the rule that made it, or the person's reason
	staff_id BIGINT REFERENCES staff(id),      -- NULL: the daily run
	created_at BIGINT NOT NULL
);
CREATE INDEX case_event_case ON case_event (case_id, id);

CREATE TABLE task (
	id @ID@,
	case_id BIGINT NOT NULL REFERENCES dun_case(id),
	step TEXT NOT NULL,
	channel TEXT NOT NULL,
	staff_id BIGINT NOT NULL REFERENCES staff(id),
	due_day INTEGER NOT NULL,                  -- the day the step fired
	state TEXT NOT NULL CHECK (state IN ('open', 'done', 'cancelled')),
	done_day INTEGER,
	contact_id BIGINT,
	note TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX task_once ON task (case_id, step, due_day);
CREATE INDEX task_staff ON task (staff_id, state, due_day);
CREATE INDEX task_case ON task (case_id, state);

-- Evidence: photos of posted notices, signed receipts (送达回执), acknowledgements of
-- debt, kept in the database so that every node sees them.
CREATE TABLE proof (
	id @ID@,
	sha256 TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	size BIGINT NOT NULL,
	data_b64 TEXT NOT NULL,
	created_at BIGINT NOT NULL
);

-- 催收台账: every contact with the payer (or a tracing contact: about the payer's
-- whereabouts only, never the debt).
CREATE TABLE contact (
	id @ID@,
	case_id BIGINT REFERENCES dun_case(id),
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	payer_id BIGINT NOT NULL REFERENCES party(id),
	channel TEXT NOT NULL CHECK (channel IN ('phone', 'visit', 'sms', 'wechat', 'email', 'letter', 'notice', 'interview')),
	result TEXT NOT NULL CHECK (result IN ('reached', 'no-answer', 'refused', 'promised', 'paid', 'wrong-number')),
	reason TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',            -- the number called, for phone contacts
	promise_day INTEGER,
	promise_fen BIGINT,
	proof_id BIGINT REFERENCES proof(id),
	staff_id BIGINT REFERENCES staff(id),
	day INTEGER NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX contact_case ON contact (case_id, day);
CREATE INDEX contact_payer ON contact (payer_id, day);

CREATE TABLE promise (
	id @ID@,
	case_id BIGINT NOT NULL REFERENCES dun_case(id),
	contact_id BIGINT NOT NULL REFERENCES contact(id),
	made_day INTEGER NOT NULL,
	due_day INTEGER NOT NULL,
	amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
	outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'kept', 'broken', 'void')),
	outcome_day INTEGER
);
CREATE INDEX promise_case ON promise (case_id);

-- 分期: N installments over the open bills of the case when it was made.
CREATE TABLE plan (
	id @ID@,
	case_id BIGINT NOT NULL REFERENCES dun_case(id),
	made_day INTEGER NOT NULL,
	total_fen BIGINT NOT NULL,
	installments INTEGER NOT NULL,
	misses INTEGER NOT NULL DEFAULT 0,
	state TEXT NOT NULL CHECK (state IN ('active', 'kept', 'broken')),
	ended_day INTEGER,
	staff_id BIGINT REFERENCES staff(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX plan_case ON plan (case_id);

CREATE TABLE plan_installment (
	plan_id BIGINT NOT NULL REFERENCES plan(id),
	seq INTEGER NOT NULL,
	due_day INTEGER NOT NULL,
	amount_fen BIGINT NOT NULL,
	checked INTEGER NOT NULL DEFAULT 0,        -- the day after it was looked at
	PRIMARY KEY (plan_id, seq)
);

-- 工单: a complaint about the service goes to the team that fixes it; the case pauses
-- until the owner verifies the fix on site.
CREATE TABLE work_order (
	id @ID@,
	case_id BIGINT REFERENCES dun_case(id),
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	category TEXT NOT NULL CHECK (category IN ('cleaning', 'security', 'repair', 'greening', 'parking', 'noise', 'quality', 'other')),
	team TEXT NOT NULL,
	note TEXT NOT NULL,
	opened_day INTEGER NOT NULL,
	fixed_day INTEGER,
	verified_day INTEGER,
	escalated INTEGER NOT NULL DEFAULT 0,      -- the service-failure task was given
	staff_id BIGINT REFERENCES staff(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX work_order_case ON work_order (case_id);

-- A pause with a reason and an end; the ladder resumes by itself after it.
CREATE TABLE pause (
	id @ID@,
	case_id BIGINT NOT NULL REFERENCES dun_case(id),
	from_day INTEGER NOT NULL,
	to_day INTEGER,                            -- NULL while a work order is open
	reason TEXT NOT NULL,
	work_order_id BIGINT REFERENCES work_order(id),
	ended_day INTEGER,
	staff_id BIGINT REFERENCES staff(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX pause_case ON pause (case_id);

-- Legal matters: mediation, payment order (支付令), arbitration, lawsuit, judgment,
-- enforcement, with dates, costs and outcomes.
CREATE TABLE legal_matter (
	id @ID@,
	case_id BIGINT NOT NULL REFERENCES dun_case(id),
	stage TEXT NOT NULL CHECK (stage IN ('mediation', 'payment-order', 'arbitration', 'lawsuit', 'judgment', 'enforcement')),
	day INTEGER NOT NULL,
	cost_fen BIGINT NOT NULL DEFAULT 0,
	outcome TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	staff_id BIGINT REFERENCES staff(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX legal_matter_case ON legal_matter (case_id);

-- What restarts the 3-year limitation period of a bill (民法典 第195条): a demand
-- delivered with proof (a notice, a lawyer letter, a reminder with a delivery receipt),
-- the payer's agreement (a promise, a plan, a part payment), a filed suit.
CREATE TABLE limitation_event (
	id @ID@,
	bill_id BIGINT NOT NULL REFERENCES bill(id),
	day INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('notice', 'lawyer', 'reminder', 'promise', 'plan', 'payment', 'lawsuit')),
	source_id BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL
);
CREATE INDEX limitation_event_bill ON limitation_event (bill_id, day);

-- The bills a limitation task was given for, and the end of limitation it warned of
-- (a restart moves the end, and a new warning comes 90 days before the new end).
CREATE TABLE limitation_warning (
	bill_id BIGINT NOT NULL REFERENCES bill(id),
	ends_day INTEGER NOT NULL,
	task_id BIGINT NOT NULL REFERENCES task(id),
	PRIMARY KEY (bill_id, ends_day)
);

-- Automatic messages.  The idempotency key (payer, step, day) makes a second run of
-- the same day send nothing twice; the sending side comes with the channels.
CREATE TABLE outbox (
	id @ID@,
	project_id BIGINT NOT NULL,                -- the run writes these by the hundred thousand:
	case_id BIGINT REFERENCES dun_case(id),    -- the case is checked, the rest comes from it
	payer_id BIGINT NOT NULL,
	unit_id BIGINT NOT NULL,
	step TEXT NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('sms', 'wechat', 'email', 'letter')),
	address TEXT NOT NULL DEFAULT '',          -- the number, e-mail or openid it goes to
	idem_key TEXT NOT NULL UNIQUE,
	text TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled')),
	created_day INTEGER NOT NULL,
	send_after BIGINT NOT NULL,                -- UNIX time: inside the contact hours
	attempts INTEGER NOT NULL DEFAULT 0,
	answer TEXT NOT NULL DEFAULT '',
	delivered_day INTEGER,
	created_at BIGINT NOT NULL
);
CREATE INDEX outbox_state ON outbox (state, send_after);

-- A legal step asked for by hand (case escalate --to lawyer|lawsuit) waits for a
-- manager's approval of its request (kind 'lawsuit'), then fires.
CREATE TABLE escalation (
	request_id BIGINT PRIMARY KEY REFERENCES request(id),
	case_id BIGINT NOT NULL REFERENCES dun_case(id),
	step TEXT NOT NULL
);

-- One row per project and day the daily run ran (a second run the same day is a no-op
-- for what the first decided; the row says when and by whom).
CREATE TABLE dun_run (
	project_id BIGINT NOT NULL REFERENCES project(id),
	day INTEGER NOT NULL,
	opened INTEGER NOT NULL,
	fired INTEGER NOT NULL,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (project_id, day)
);

-- @sqlite
CREATE TRIGGER case_event_append_only_u BEFORE UPDATE ON case_event BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;
CREATE TRIGGER case_event_append_only_d BEFORE DELETE ON case_event BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;
CREATE TRIGGER contact_append_only_u BEFORE UPDATE ON contact BEGIN SELECT RAISE(ABORT, 'contact is append-only'); END;
CREATE TRIGGER proof_append_only_u BEFORE UPDATE ON proof BEGIN SELECT RAISE(ABORT, 'proof is append-only'); END;
CREATE TRIGGER proof_append_only_d BEFORE DELETE ON proof BEGIN SELECT RAISE(ABORT, 'proof is append-only'); END;
CREATE TRIGGER contact_append_only_d BEFORE DELETE ON contact BEGIN SELECT RAISE(ABORT, 'contact is append-only'); END;
CREATE TRIGGER limitation_event_append_only_u BEFORE UPDATE ON limitation_event BEGIN SELECT RAISE(ABORT, 'limitation_event is append-only'); END;
CREATE TRIGGER limitation_event_append_only_d BEFORE DELETE ON limitation_event BEGIN SELECT RAISE(ABORT, 'limitation_event is append-only'); END;
-- @pg
CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE ON case_event FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
CREATE TRIGGER contact_append_only BEFORE UPDATE OR DELETE ON contact FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
CREATE TRIGGER proof_append_only BEFORE UPDATE OR DELETE ON proof FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
CREATE TRIGGER limitation_event_append_only BEFORE UPDATE OR DELETE ON limitation_event FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
-- @all
