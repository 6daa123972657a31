-- 004_notify.sql: reaching owners: the channels of a project, the message templates, the
-- outbox's sending state, delivery receipts, campaigns.

-- How a project reaches owners on a channel: the vendor and its settings (a JSON
-- object with the keys notify.h lists).  Secrets live here and nowhere else: never
-- printed, never logged (`wuye channel show` masks them).
CREATE TABLE channel_config (
	project_id BIGINT NOT NULL REFERENCES project(id),
	channel TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'wechat')),
	vendor TEXT NOT NULL CHECK (vendor IN ('aliyun', 'tencent', 'smtp', 'wechat')),
	settings TEXT NOT NULL,
	updated_by BIGINT REFERENCES staff(id),
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (project_id, channel)
);

-- A project's own wording of a step's message on a channel; without a row the built-in
-- one (src/core/templates.c) is used.  Checked when saved: a template that names an
-- unknown variable is refused then, not when a message is sent.
CREATE TABLE message_template (
	project_id BIGINT NOT NULL REFERENCES project(id),
	step TEXT NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'wechat', 'letter')),
	subject TEXT NOT NULL DEFAULT '',          -- e-mail
	body TEXT NOT NULL,
	vendor_template TEXT NOT NULL DEFAULT '',  -- the SMS template code or WeChat template id
	                                           -- the vendor approved for this wording
	updated_by BIGINT REFERENCES staff(id),
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (project_id, step, channel)
);

-- The outbox, sending side.  A row goes queued → sending → sent → delivered (or
-- failed); 'sending' is committed before the gateway is called, so after a crash the
-- row is looked up at the gateway instead of being sent again.
ALTER TABLE outbox ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN params TEXT NOT NULL DEFAULT '';          -- the template's variables (JSON)
ALTER TABLE outbox ADD COLUMN vendor_template TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'dun';          -- dun, campaign
ALTER TABLE outbox ADD COLUMN next_at BIGINT NOT NULL DEFAULT 0;         -- no attempt before (back-off)
ALTER TABLE outbox ADD COLUMN sending_at BIGINT;                         -- the current attempt began
ALTER TABLE outbox ADD COLUMN sent_at BIGINT;
ALTER TABLE outbox ADD COLUMN gateway_id TEXT NOT NULL DEFAULT '';      -- BizId, SerialNo, msgid
-- partial: the daily run's inserts (nothing sent yet) do not touch them
CREATE INDEX outbox_payer_sent ON outbox (payer_id, sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_gateway ON outbox (gateway_id) WHERE gateway_id <> '';

-- Delivery reports, as the gateways pushed them (or as they were pulled).
CREATE TABLE delivery_receipt (
	id @ID@,
	outbox_id BIGINT REFERENCES outbox(id),   -- NULL: a report for no message of ours
	vendor TEXT NOT NULL,
	gateway_id TEXT NOT NULL,
	delivered INTEGER NOT NULL,
	code TEXT NOT NULL DEFAULT '',
	reported_at BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL
);
CREATE INDEX delivery_receipt_outbox ON delivery_receipt (outbox_id);

-- Relationship campaigns (the seed's holiday greetings): one row per campaign, its
-- messages are outbox rows of kind 'campaign'.
CREATE TABLE campaign (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	kind TEXT NOT NULL CHECK (kind IN ('greeting')),
	name TEXT NOT NULL,
	segment TEXT NOT NULL,                     -- all, paid-up, care, key, building:CODE
	body TEXT NOT NULL,
	day INTEGER NOT NULL,
	created_by BIGINT REFERENCES staff(id),
	created_at BIGINT NOT NULL
);

-- Monthly care calls to 关怀 households (the seed's elderly living alone, families in
-- hardship): a task for the service team, whether or not the household owes anything.
CREATE TABLE care_task (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	payer_id BIGINT NOT NULL REFERENCES party(id),
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	staff_id BIGINT NOT NULL REFERENCES staff(id),
	month TEXT NOT NULL,                       -- 2026-11
	due_day INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('open', 'done', 'cancelled')),
	done_day INTEGER,
	contact_id BIGINT,
	created_at BIGINT NOT NULL,
	UNIQUE (payer_id, month)
);
CREATE INDEX care_task_staff ON care_task (staff_id, state, due_day);
