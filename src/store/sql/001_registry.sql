-- 001_registry.sql: projects, buildings, units, owners, staff (业主档案).
--
-- Conventions of every migration: @ID@ is the auto-numbered primary key of the
-- backend; lines after "-- @sqlite" or "-- @pg" apply to that backend only, until
-- "-- @all".  Dates are INTEGER day numbers (days since 1970-01-01, Asia/Shanghai civil
-- dates); -719162 means "since the beginning of time".  Instants are BIGINT UNIX
-- seconds.  Money is BIGINT fen, areas BIGINT hundredths of a m², rates BIGINT
-- ten-thousandths of a yuan.

CREATE TABLE project (
	id @ID@,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	pay_url TEXT NOT NULL,
	pay_secret TEXT NOT NULL,             -- signs the owners' pay-link tokens
	billing_day INTEGER NOT NULL DEFAULT 1,
	office_phone TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);

CREATE TABLE building (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	code TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	UNIQUE (project_id, code)
);

-- Everyone the books or the collection name: owners and tenants (kind 'person'), and
-- each project's developer account (kind 'developer', liable for units not handed over).
CREATE TABLE party (
	id @ID@,
	kind TEXT NOT NULL CHECK (kind IN ('person', 'developer')),
	project_id BIGINT REFERENCES project(id), -- set for developer accounts
	name TEXT NOT NULL,
	email TEXT NOT NULL DEFAULT '',
	wechat TEXT NOT NULL DEFAULT '',
	workplace TEXT NOT NULL DEFAULT '',       -- 工作单位: the seed visits owners at work
	address TEXT NOT NULL DEFAULT '',         -- postal address when not the unit itself
	created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX party_developer ON party (project_id) WHERE kind = 'developer';

CREATE TABLE party_phone (
	party_id BIGINT NOT NULL REFERENCES party(id),
	seq INTEGER NOT NULL,
	phone TEXT NOT NULL,
	PRIMARY KEY (party_id, seq)
);
CREATE INDEX party_phone_phone ON party_phone (phone);

-- tags: key = 重点户, care = 关怀, attention = 重点关注
CREATE TABLE party_tag (
	party_id BIGINT NOT NULL REFERENCES party(id),
	tag TEXT NOT NULL CHECK (tag IN ('key', 'care', 'attention')),
	PRIMARY KEY (party_id, tag)
);

CREATE TABLE unit (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	building_id BIGINT NOT NULL REFERENCES building(id),
	entrance TEXT NOT NULL DEFAULT '',
	floor TEXT NOT NULL DEFAULT '',
	room TEXT NOT NULL,
	area BIGINT NOT NULL CHECK (area > 0),    -- 建筑面积, hundredths of a m²; fees use it
	inner_area BIGINT,                        -- 套内面积, kept, not used for fees
	type TEXT NOT NULL CHECK (type IN ('residential', 'shop', 'parking')),
	UNIQUE (building_id, entrance, room)
);
CREATE INDEX unit_project ON unit (project_id);

-- State history: the state on day d is the row with the latest from_day <= d.  The
-- handover date (交房日期) is the first day of a state other than 'undelivered', the
-- move-in date (入住日期) the first day of 'occupied'; they are not stored twice.
CREATE TABLE unit_state (
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	from_day INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('undelivered', 'vacant', 'decorating', 'occupied')),
	recorded_at BIGINT NOT NULL,
	PRIMARY KEY (unit_id, from_day)
);

-- Ownership history: the owners on day d are the rows with the latest from_day <= d;
-- seq 0 is the payer (the first-named owner), further seqs are co-owners.  A sale
-- inserts rows with a later from_day; nothing is rewritten.
CREATE TABLE ownership (
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	from_day INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	party_id BIGINT NOT NULL REFERENCES party(id),
	recorded_at BIGINT NOT NULL,
	PRIMARY KEY (unit_id, from_day, seq)
);
CREATE INDEX ownership_party ON ownership (party_id);

-- People to talk to who are not liable: tenants (the owner stays liable), family,
-- a buyer waiting for handover.
CREATE TABLE unit_contact (
	id @ID@,
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	party_id BIGINT NOT NULL REFERENCES party(id),
	role TEXT NOT NULL CHECK (role IN ('tenant', 'family', 'buyer')),
	from_day INTEGER NOT NULL,
	to_day INTEGER
);
CREATE INDEX unit_contact_unit ON unit_contact (unit_id);

CREATE TABLE staff (
	id @ID@,
	login TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'steward', 'service', 'cashier',
	                                   'maintenance', 'legal', 'committee')),
	password_hash TEXT,
	all_projects INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1,
	created_at BIGINT NOT NULL
);

CREATE TABLE staff_project (
	staff_id BIGINT NOT NULL REFERENCES staff(id),
	project_id BIGINT NOT NULL REFERENCES project(id),
	PRIMARY KEY (staff_id, project_id)
);

-- Responsibility areas: the buildings a staff member looks after, from a day on.
CREATE TABLE staff_building (
	staff_id BIGINT NOT NULL REFERENCES staff(id),
	building_id BIGINT NOT NULL REFERENCES building(id),
	from_day INTEGER NOT NULL,
	PRIMARY KEY (staff_id, building_id, from_day)
);
CREATE INDEX staff_building_building ON staff_building (building_id);

CREATE TABLE staff_group (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	name TEXT NOT NULL,
	UNIQUE (project_id, name)
);

CREATE TABLE staff_group_member (
	group_id BIGINT NOT NULL REFERENCES staff_group(id),
	staff_id BIGINT NOT NULL REFERENCES staff(id),
	PRIMARY KEY (group_id, staff_id)
);

-- Who did what, when, from where: every write and every export of personal data.
CREATE TABLE audit_log (
	id @ID@,
	at BIGINT NOT NULL,
	staff_id BIGINT REFERENCES staff(id),
	origin TEXT NOT NULL,                     -- 'cli' or the client address
	action TEXT NOT NULL,
	subject TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT ''
);
