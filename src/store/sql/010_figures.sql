-- 010_figures.sql: the summaries behind the figures (指标), and the targets (收费指标).
--
-- docs/figures.md defines every figure.  The figures read three summaries that the
-- books keep up to date by trigger, in the transaction that posts (so no write path can
-- forget them), and that `wuye check` proves equal to the views below, which compute
-- them from the posted records.  They cover the bills the rates count: bills of kind
-- fee or opening owed by a person (developer-liable bills, late-fee charges are out).
-- Money counts as long as it stands: a reversed payment and a withdrawn waiver count
-- as never made, on every date.  Money applied before a bill falls due counts from the
-- due date (the "effective day" max(day, due_day)): prepayments for later periods are
-- not collections of this one.
--
--   fig_total  per building and due day: billed, paid and waived as they stand now
--   fig_day    per building, due day and effective day: paid and waived (so that the
--              figures as of a past day subtract what came after it)
--   fig_unit   per unit (户) and period (a month 'YYYY-MM' and a year 'YYYY'): its
--              bills falling due in the period, how many are still open, the day the
--              last of them was settled, and the first collection contact in the period

CREATE TABLE fig_total (
	project_id BIGINT NOT NULL,
	building_id BIGINT NOT NULL,
	due_day INTEGER NOT NULL,
	billed_fen BIGINT NOT NULL DEFAULT 0,
	paid_fen BIGINT NOT NULL DEFAULT 0,
	waived_fen BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (project_id, building_id, due_day)
);
CREATE INDEX fig_total_due ON fig_total (project_id, due_day, building_id, billed_fen, paid_fen, waived_fen);

CREATE TABLE fig_day (
	project_id BIGINT NOT NULL,
	building_id BIGINT NOT NULL,
	due_day INTEGER NOT NULL,
	day INTEGER NOT NULL,                      -- effective day: max(money day, due day)
	paid_fen BIGINT NOT NULL DEFAULT 0,
	waived_fen BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (project_id, building_id, due_day, day)
);
CREATE INDEX fig_day_day ON fig_day (project_id, day, due_day, building_id, paid_fen, waived_fen);

CREATE TABLE fig_unit (
	unit_id BIGINT NOT NULL,
	period TEXT NOT NULL,                      -- '2026-07' or '2026'
	project_id BIGINT NOT NULL,
	building_id BIGINT NOT NULL,
	ps INTEGER NOT NULL,                       -- the period's first and last day
	pe INTEGER NOT NULL,
	first_due INTEGER NOT NULL,
	last_due INTEGER NOT NULL,
	net_fen BIGINT NOT NULL,                   -- billed less waivers standing
	open_count INTEGER NOT NULL,               -- bills not settled
	max_settle INTEGER,                        -- latest settle day among the settled bills
	first_contact INTEGER,                     -- first contact about the unit on or after ps
	PRIMARY KEY (unit_id, period)
);
CREATE INDEX fig_unit_period ON fig_unit (project_id, period, building_id, first_due, last_due, net_fen,
                                          open_count, max_settle, first_contact, unit_id);

-- contacts about a unit by day (the first contact of a period)
CREATE INDEX contact_unit ON contact (unit_id, day);
-- payments of a unit by day (was a contact followed by a payment?): payment_unit
-- (009_api.sql) begins with (unit_id, paid_day)

-- 收费指标: a target for a project, a group or a person, for a month or a year, in
-- amount (money collected in the period) and/or rate (当期收缴率 by amount).  Settings,
-- not books: a target set again replaces the old one (the audit log keeps who did it).
CREATE TABLE fig_target (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	period TEXT NOT NULL,
	scope TEXT NOT NULL CHECK (scope IN ('project', 'group', 'staff')),
	scope_id BIGINT NOT NULL DEFAULT 0,        -- the group or staff id; 0 for the project
	amount_fen BIGINT,
	rate_bp INTEGER,                           -- hundredths of a percent (62.57% = 6257)
	set_by BIGINT REFERENCES staff(id),
	set_at BIGINT NOT NULL,
	UNIQUE (project_id, period, scope, scope_id)
);

-- ---- the definitions the summaries must equal (wuye check; the backfill below) ----

-- each counted bill with the money standing on it, looked up bill by bill (the triggers)
CREATE VIEW fig_bill_v AS
SELECT b.id AS bill_id, b.project_id, u.building_id, b.unit_id, b.due_day, b.amount_fen,
	COALESCE((SELECT SUM(a.amount_fen) FROM allocation a WHERE a.bill_id = b.id
		AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.payment_id = a.payment_id)), 0) AS paid_fen,
	COALESCE((SELECT SUM(w.amount_fen) FROM waiver w WHERE w.bill_id = b.id
		AND NOT EXISTS (SELECT 1 FROM waiver_void v WHERE v.waiver_id = w.id)), 0) AS waived_fen,
	(SELECT MAX(x.d) FROM (SELECT a.day AS d FROM allocation a WHERE a.bill_id = b.id
			AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.payment_id = a.payment_id)
		UNION ALL SELECT w.day AS d FROM waiver w WHERE w.bill_id = b.id
			AND NOT EXISTS (SELECT 1 FROM waiver_void v WHERE v.waiver_id = w.id)) x) AS last_day
FROM bill b JOIN unit u ON u.id = b.unit_id JOIN party p ON p.id = b.payer_id
WHERE b.kind IN ('fee', 'opening') AND p.kind = 'person';

-- a counted bill's settle day: NULL while open, else max(due day, last money day)
CREATE VIEW fig_bill_settle AS
SELECT bill_id, unit_id, due_day,
	CASE WHEN amount_fen - paid_fen - waived_fen > 0 THEN NULL WHEN last_day > due_day THEN last_day ELSE due_day END AS settle
FROM fig_bill_v;

-- the same for every bill at once (the check and the backfill read these): the money
-- standing on each bill, then each counted bill with it
CREATE VIEW fig_money_v AS
SELECT bill_id, SUM(paid_fen) AS paid_fen, SUM(waived_fen) AS waived_fen, MAX(day) AS last_day
FROM (SELECT a.bill_id, a.amount_fen AS paid_fen, 0 AS waived_fen, a.day FROM allocation a
		WHERE NOT EXISTS (SELECT 1 FROM reversal r WHERE r.payment_id = a.payment_id)
	UNION ALL
	SELECT w.bill_id, 0 AS paid_fen, w.amount_fen AS waived_fen, w.day FROM waiver w
		WHERE NOT EXISTS (SELECT 1 FROM waiver_void v WHERE v.waiver_id = w.id)) m
GROUP BY bill_id;

CREATE VIEW fig_bills_v AS
SELECT b.id AS bill_id, b.project_id, u.building_id, b.unit_id, b.due_day, b.amount_fen,
	COALESCE(m.paid_fen, 0) AS paid_fen, COALESCE(m.waived_fen, 0) AS waived_fen, m.last_day
FROM bill b JOIN unit u ON u.id = b.unit_id JOIN party p ON p.id = b.payer_id
	LEFT JOIN fig_money_v m ON m.bill_id = b.id
WHERE b.kind IN ('fee', 'opening') AND p.kind = 'person';

CREATE VIEW fig_total_v AS
SELECT project_id, building_id, due_day, SUM(amount_fen) AS billed_fen, SUM(paid_fen) AS paid_fen,
	SUM(waived_fen) AS waived_fen
FROM fig_bills_v GROUP BY project_id, building_id, due_day;

CREATE VIEW fig_day_v AS
SELECT project_id, building_id, due_day, day, SUM(paid_fen) AS paid_fen, SUM(waived_fen) AS waived_fen
FROM (SELECT b.project_id, u.building_id, b.due_day,
		CASE WHEN a.day > b.due_day THEN a.day ELSE b.due_day END AS day, a.amount_fen AS paid_fen, 0 AS waived_fen
	FROM allocation a JOIN bill b ON b.id = a.bill_id JOIN unit u ON u.id = b.unit_id JOIN party p ON p.id = b.payer_id
	WHERE b.kind IN ('fee', 'opening') AND p.kind = 'person'
		AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.payment_id = a.payment_id)
	UNION ALL
	SELECT b.project_id, u.building_id, b.due_day,
		CASE WHEN w.day > b.due_day THEN w.day ELSE b.due_day END AS day, 0 AS paid_fen, w.amount_fen AS waived_fen
	FROM waiver w JOIN bill b ON b.id = w.bill_id JOIN unit u ON u.id = b.unit_id JOIN party p ON p.id = b.payer_id
	WHERE b.kind IN ('fee', 'opening') AND p.kind = 'person'
		AND NOT EXISTS (SELECT 1 FROM waiver_void v WHERE v.waiver_id = w.id)) m
GROUP BY project_id, building_id, due_day, day;

-- per unit and period (its month and its year): the counted bills falling due in it
-- @sqlite
CREATE VIEW fig_unit_v AS
WITH f AS (SELECT * FROM fig_bills_v),
g AS (SELECT f.*, strftime('%Y-%m', f.due_day * 86400, 'unixepoch') AS period,
		CAST(julianday(date(f.due_day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER) AS ps,
		CAST(julianday(date(f.due_day * 86400, 'unixepoch', 'start of month', '+1 month', '-1 day'))
			- 2440587.5 AS INTEGER) AS pe
	FROM f
	UNION ALL
	SELECT f.*, strftime('%Y', f.due_day * 86400, 'unixepoch') AS period,
		CAST(julianday(date(f.due_day * 86400, 'unixepoch', 'start of year')) - 2440587.5 AS INTEGER) AS ps,
		CAST(julianday(date(f.due_day * 86400, 'unixepoch', 'start of year', '+1 year', '-1 day'))
			- 2440587.5 AS INTEGER) AS pe
	FROM f)
SELECT x.unit_id, x.period, x.project_id, x.building_id, x.ps, x.pe, x.first_due, x.last_due, x.net_fen,
	x.open_count, x.max_settle,
	(SELECT MIN(c.day) FROM contact c WHERE c.unit_id = x.unit_id AND c.day >= x.ps) AS first_contact
FROM (SELECT unit_id, period, MIN(project_id) AS project_id, MIN(building_id) AS building_id, MIN(ps) AS ps,
		MIN(pe) AS pe, MIN(due_day) AS first_due, MAX(due_day) AS last_due,
		SUM(amount_fen - waived_fen) AS net_fen,
		SUM(CASE WHEN amount_fen - paid_fen - waived_fen > 0 THEN 1 ELSE 0 END) AS open_count,
		MAX(CASE WHEN amount_fen - paid_fen - waived_fen > 0 THEN NULL
			WHEN last_day > due_day THEN last_day ELSE due_day END) AS max_settle
	FROM g GROUP BY unit_id, period) x;
-- @pg
CREATE VIEW fig_unit_v AS
WITH f AS (SELECT * FROM fig_bills_v),
g AS (SELECT f.*, to_char(DATE '1970-01-01' + f.due_day, 'YYYY-MM') AS period,
		CAST(CAST(date_trunc('month', DATE '1970-01-01' + f.due_day) AS DATE) - DATE '1970-01-01' AS INTEGER) AS ps,
		CAST(CAST(date_trunc('month', DATE '1970-01-01' + f.due_day) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE)
			- DATE '1970-01-01' AS INTEGER) AS pe
	FROM f
	UNION ALL
	SELECT f.*, to_char(DATE '1970-01-01' + f.due_day, 'YYYY') AS period,
		CAST(CAST(date_trunc('year', DATE '1970-01-01' + f.due_day) AS DATE) - DATE '1970-01-01' AS INTEGER) AS ps,
		CAST(CAST(date_trunc('year', DATE '1970-01-01' + f.due_day) + INTERVAL '1 year' - INTERVAL '1 day' AS DATE)
			- DATE '1970-01-01' AS INTEGER) AS pe
	FROM f)
SELECT x.unit_id, x.period, x.project_id, x.building_id, x.ps, x.pe, x.first_due, x.last_due, x.net_fen,
	x.open_count, x.max_settle,
	(SELECT MIN(c.day) FROM contact c WHERE c.unit_id = x.unit_id AND c.day >= x.ps) AS first_contact
FROM (SELECT unit_id, period, MIN(project_id) AS project_id, MIN(building_id) AS building_id, MIN(ps) AS ps,
		MIN(pe) AS pe, MIN(due_day) AS first_due, MAX(due_day) AS last_due,
		SUM(amount_fen - waived_fen) AS net_fen,
		SUM(CASE WHEN amount_fen - paid_fen - waived_fen > 0 THEN 1 ELSE 0 END) AS open_count,
		MAX(CASE WHEN amount_fen - paid_fen - waived_fen > 0 THEN NULL
			WHEN last_day > due_day THEN last_day ELSE due_day END) AS max_settle
	FROM g GROUP BY unit_id, period) x;
-- @all

-- ---- the books keep the summaries ----

-- @sqlite
CREATE TRIGGER fig_bill_ins AFTER INSERT ON bill
WHEN NEW.kind IN ('fee', 'opening') AND (SELECT kind FROM party WHERE id = NEW.payer_id) = 'person'
BEGIN
	INSERT INTO fig_total (project_id, building_id, due_day, billed_fen)
		SELECT NEW.project_id, u.building_id, NEW.due_day, NEW.amount_fen FROM unit u WHERE u.id = NEW.unit_id
		ON CONFLICT (project_id, building_id, due_day) DO UPDATE SET billed_fen = billed_fen + excluded.billed_fen;
	INSERT INTO fig_unit (unit_id, period, project_id, building_id, ps, pe, first_due, last_due, net_fen,
			      open_count, max_settle, first_contact)
		SELECT NEW.unit_id, k.period, NEW.project_id, u.building_id, k.ps, k.pe, NEW.due_day, NEW.due_day,
			NEW.amount_fen, 1, NULL,
			(SELECT MIN(c.day) FROM contact c WHERE c.unit_id = NEW.unit_id AND c.day >= k.ps)
		FROM unit u, (SELECT strftime('%Y-%m', NEW.due_day * 86400, 'unixepoch') AS period,
				CAST(julianday(date(NEW.due_day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER) AS ps,
				CAST(julianday(date(NEW.due_day * 86400, 'unixepoch', 'start of month', '+1 month', '-1 day'))
					- 2440587.5 AS INTEGER) AS pe
			UNION ALL SELECT strftime('%Y', NEW.due_day * 86400, 'unixepoch'),
				CAST(julianday(date(NEW.due_day * 86400, 'unixepoch', 'start of year')) - 2440587.5 AS INTEGER),
				CAST(julianday(date(NEW.due_day * 86400, 'unixepoch', 'start of year', '+1 year', '-1 day'))
					- 2440587.5 AS INTEGER)) k
		WHERE u.id = NEW.unit_id
		ON CONFLICT (unit_id, period) DO UPDATE SET
			first_due = MIN(first_due, excluded.first_due), last_due = MAX(last_due, excluded.last_due),
			net_fen = net_fen + excluded.net_fen, open_count = open_count + 1;
END;

-- money on a bill: an allocation (paid) or a waiver (waived)
CREATE TRIGGER fig_allocation_ins AFTER INSERT ON allocation
WHEN (SELECT b.kind IN ('fee', 'opening') AND p.kind = 'person' FROM bill b JOIN party p ON p.id = b.payer_id
      WHERE b.id = NEW.bill_id)
BEGIN
	INSERT INTO fig_total (project_id, building_id, due_day, paid_fen)
		SELECT b.project_id, u.building_id, b.due_day, NEW.amount_fen FROM bill b JOIN unit u ON u.id = b.unit_id
		WHERE b.id = NEW.bill_id
		ON CONFLICT (project_id, building_id, due_day) DO UPDATE SET paid_fen = paid_fen + excluded.paid_fen;
	INSERT INTO fig_day (project_id, building_id, due_day, day, paid_fen)
		SELECT b.project_id, u.building_id, b.due_day, MAX(NEW.day, b.due_day), NEW.amount_fen
		FROM bill b JOIN unit u ON u.id = b.unit_id WHERE b.id = NEW.bill_id
		ON CONFLICT (project_id, building_id, due_day, day) DO UPDATE SET paid_fen = paid_fen + excluded.paid_fen;
	UPDATE fig_unit SET open_count = open_count - 1,
		max_settle = MAX(COALESCE(max_settle, -2147483647), (SELECT settle FROM fig_bill_settle WHERE bill_id = NEW.bill_id))
	WHERE unit_id = (SELECT unit_id FROM bill WHERE id = NEW.bill_id)
		AND (SELECT due_day FROM bill WHERE id = NEW.bill_id) BETWEEN ps AND pe
		AND (SELECT settle FROM fig_bill_settle WHERE bill_id = NEW.bill_id) IS NOT NULL;
END;

CREATE TRIGGER fig_waiver_ins AFTER INSERT ON waiver
WHEN (SELECT b.kind IN ('fee', 'opening') AND p.kind = 'person' FROM bill b JOIN party p ON p.id = b.payer_id
      WHERE b.id = NEW.bill_id)
BEGIN
	INSERT INTO fig_total (project_id, building_id, due_day, waived_fen)
		SELECT b.project_id, u.building_id, b.due_day, NEW.amount_fen FROM bill b JOIN unit u ON u.id = b.unit_id
		WHERE b.id = NEW.bill_id
		ON CONFLICT (project_id, building_id, due_day) DO UPDATE SET waived_fen = waived_fen + excluded.waived_fen;
	INSERT INTO fig_day (project_id, building_id, due_day, day, waived_fen)
		SELECT b.project_id, u.building_id, b.due_day, MAX(NEW.day, b.due_day), NEW.amount_fen
		FROM bill b JOIN unit u ON u.id = b.unit_id WHERE b.id = NEW.bill_id
		ON CONFLICT (project_id, building_id, due_day, day) DO UPDATE SET waived_fen = waived_fen + excluded.waived_fen;
	UPDATE fig_unit SET net_fen = net_fen - NEW.amount_fen
	WHERE unit_id = (SELECT unit_id FROM bill WHERE id = NEW.bill_id)
		AND (SELECT due_day FROM bill WHERE id = NEW.bill_id) BETWEEN ps AND pe;
	UPDATE fig_unit SET open_count = open_count - 1,
		max_settle = MAX(COALESCE(max_settle, -2147483647), (SELECT settle FROM fig_bill_settle WHERE bill_id = NEW.bill_id))
	WHERE unit_id = (SELECT unit_id FROM bill WHERE id = NEW.bill_id)
		AND (SELECT due_day FROM bill WHERE id = NEW.bill_id) BETWEEN ps AND pe
		AND (SELECT settle FROM fig_bill_settle WHERE bill_id = NEW.bill_id) IS NOT NULL;
END;

-- a reversal takes its payment's money out on every day it counted; a withdrawn waiver
-- likewise; the units' periods are computed again from their bills
CREATE TRIGGER fig_reversal_ins AFTER INSERT ON reversal
BEGIN
	INSERT INTO fig_total (project_id, building_id, due_day, paid_fen)
		SELECT b.project_id, u.building_id, b.due_day, -SUM(a.amount_fen)
		FROM allocation a JOIN bill b ON b.id = a.bill_id JOIN unit u ON u.id = b.unit_id JOIN party p ON p.id = b.payer_id
		WHERE a.payment_id = NEW.payment_id AND b.kind IN ('fee', 'opening') AND p.kind = 'person'
		GROUP BY b.project_id, u.building_id, b.due_day
		ON CONFLICT (project_id, building_id, due_day) DO UPDATE SET paid_fen = paid_fen + excluded.paid_fen;
	INSERT INTO fig_day (project_id, building_id, due_day, day, paid_fen)
		SELECT b.project_id, u.building_id, b.due_day, MAX(a.day, b.due_day), -SUM(a.amount_fen)
		FROM allocation a JOIN bill b ON b.id = a.bill_id JOIN unit u ON u.id = b.unit_id JOIN party p ON p.id = b.payer_id
		WHERE a.payment_id = NEW.payment_id AND b.kind IN ('fee', 'opening') AND p.kind = 'person'
		GROUP BY b.project_id, u.building_id, b.due_day, MAX(a.day, b.due_day)
		ON CONFLICT (project_id, building_id, due_day, day) DO UPDATE SET paid_fen = paid_fen + excluded.paid_fen;
	UPDATE fig_unit SET
		open_count = (SELECT COUNT(*) FROM fig_bill_settle s WHERE s.unit_id = fig_unit.unit_id
			AND s.due_day BETWEEN fig_unit.ps AND fig_unit.pe AND s.settle IS NULL),
		max_settle = (SELECT MAX(s.settle) FROM fig_bill_settle s WHERE s.unit_id = fig_unit.unit_id
			AND s.due_day BETWEEN fig_unit.ps AND fig_unit.pe)
	WHERE unit_id IN (SELECT b.unit_id FROM allocation a JOIN bill b ON b.id = a.bill_id WHERE a.payment_id = NEW.payment_id)
		AND EXISTS (SELECT 1 FROM allocation a JOIN bill b ON b.id = a.bill_id WHERE a.payment_id = NEW.payment_id
			AND b.unit_id = fig_unit.unit_id AND b.due_day BETWEEN fig_unit.ps AND fig_unit.pe);
END;

CREATE TRIGGER fig_waiver_void_ins AFTER INSERT ON waiver_void
WHEN (SELECT b.kind IN ('fee', 'opening') AND p.kind = 'person' FROM waiver w JOIN bill b ON b.id = w.bill_id
      JOIN party p ON p.id = b.payer_id WHERE w.id = NEW.waiver_id)
BEGIN
	INSERT INTO fig_total (project_id, building_id, due_day, waived_fen)
		SELECT b.project_id, u.building_id, b.due_day, -w.amount_fen
		FROM waiver w JOIN bill b ON b.id = w.bill_id JOIN unit u ON u.id = b.unit_id WHERE w.id = NEW.waiver_id
		ON CONFLICT (project_id, building_id, due_day) DO UPDATE SET waived_fen = waived_fen + excluded.waived_fen;
	INSERT INTO fig_day (project_id, building_id, due_day, day, waived_fen)
		SELECT b.project_id, u.building_id, b.due_day, MAX(w.day, b.due_day), -w.amount_fen
		FROM waiver w JOIN bill b ON b.id = w.bill_id JOIN unit u ON u.id = b.unit_id WHERE w.id = NEW.waiver_id
		ON CONFLICT (project_id, building_id, due_day, day) DO UPDATE SET waived_fen = waived_fen + excluded.waived_fen;
	UPDATE fig_unit SET
		net_fen = net_fen + (SELECT amount_fen FROM waiver WHERE id = NEW.waiver_id),
		open_count = (SELECT COUNT(*) FROM fig_bill_settle s WHERE s.unit_id = fig_unit.unit_id
			AND s.due_day BETWEEN fig_unit.ps AND fig_unit.pe AND s.settle IS NULL),
		max_settle = (SELECT MAX(s.settle) FROM fig_bill_settle s WHERE s.unit_id = fig_unit.unit_id
			AND s.due_day BETWEEN fig_unit.ps AND fig_unit.pe)
	WHERE unit_id = (SELECT b.unit_id FROM waiver w JOIN bill b ON b.id = w.bill_id WHERE w.id = NEW.waiver_id)
		AND (SELECT b.due_day FROM waiver w JOIN bill b ON b.id = w.bill_id WHERE w.id = NEW.waiver_id) BETWEEN ps AND pe;
END;

CREATE TRIGGER fig_contact_ins AFTER INSERT ON contact
BEGIN
	UPDATE fig_unit SET first_contact = NEW.day
	WHERE unit_id = NEW.unit_id AND ps <= NEW.day AND (first_contact IS NULL OR first_contact > NEW.day);
END;
-- @pg
CREATE FUNCTION fig_period_keys(due INTEGER) RETURNS TABLE (period TEXT, ps INTEGER, pe INTEGER)
LANGUAGE sql IMMUTABLE AS $$
	SELECT to_char(DATE '1970-01-01' + due, 'YYYY-MM'),
		CAST(CAST(date_trunc('month', DATE '1970-01-01' + due) AS DATE) - DATE '1970-01-01' AS INTEGER),
		CAST(CAST(date_trunc('month', DATE '1970-01-01' + due) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE)
			- DATE '1970-01-01' AS INTEGER)
	UNION ALL
	SELECT to_char(DATE '1970-01-01' + due, 'YYYY'),
		CAST(CAST(date_trunc('year', DATE '1970-01-01' + due) AS DATE) - DATE '1970-01-01' AS INTEGER),
		CAST(CAST(date_trunc('year', DATE '1970-01-01' + due) + INTERVAL '1 year' - INTERVAL '1 day' AS DATE)
			- DATE '1970-01-01' AS INTEGER)
$$;

-- a counted bill's settle day: NULL while open, else max(due day, last money day)
CREATE FUNCTION fig_settle(bid BIGINT) RETURNS INTEGER LANGUAGE sql STABLE AS $$
	SELECT settle FROM fig_bill_settle WHERE bill_id = bid
$$;

CREATE FUNCTION fig_counted(bid BIGINT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
	SELECT COALESCE((SELECT b.kind IN ('fee', 'opening') AND p.kind = 'person' FROM bill b
		JOIN party p ON p.id = b.payer_id WHERE b.id = bid), FALSE)
$$;

CREATE FUNCTION fig_unit_recount(uid BIGINT, d INTEGER) RETURNS void LANGUAGE sql AS $$
	UPDATE fig_unit SET
		open_count = (SELECT COUNT(*) FROM fig_bill_settle s WHERE s.unit_id = fig_unit.unit_id
			AND s.due_day BETWEEN fig_unit.ps AND fig_unit.pe AND s.settle IS NULL),
		max_settle = (SELECT MAX(s.settle) FROM fig_bill_settle s WHERE s.unit_id = fig_unit.unit_id
			AND s.due_day BETWEEN fig_unit.ps AND fig_unit.pe)
	WHERE unit_id = uid AND d BETWEEN ps AND pe
$$;

CREATE FUNCTION fig_money(bid BIGINT, p_day INTEGER, paid BIGINT, waived BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	b RECORD;
	s INTEGER;
BEGIN
	SELECT x.project_id, u.building_id, x.due_day, x.unit_id INTO b FROM bill x JOIN unit u ON u.id = x.unit_id WHERE x.id = bid;
	INSERT INTO fig_total (project_id, building_id, due_day, paid_fen, waived_fen)
		VALUES (b.project_id, b.building_id, b.due_day, paid, waived)
		ON CONFLICT (project_id, building_id, due_day) DO UPDATE
		SET paid_fen = fig_total.paid_fen + excluded.paid_fen, waived_fen = fig_total.waived_fen + excluded.waived_fen;
	INSERT INTO fig_day (project_id, building_id, due_day, day, paid_fen, waived_fen)
		VALUES (b.project_id, b.building_id, b.due_day, GREATEST(p_day, b.due_day), paid, waived)
		ON CONFLICT (project_id, building_id, due_day, day) DO UPDATE
		SET paid_fen = fig_day.paid_fen + excluded.paid_fen, waived_fen = fig_day.waived_fen + excluded.waived_fen;
	IF paid < 0 OR waived < 0 THEN
		UPDATE fig_unit SET net_fen = net_fen - waived WHERE unit_id = b.unit_id AND b.due_day BETWEEN ps AND pe;
		PERFORM fig_unit_recount(b.unit_id, b.due_day);
		RETURN;
	END IF;
	IF waived > 0 THEN
		UPDATE fig_unit SET net_fen = net_fen - waived WHERE unit_id = b.unit_id AND b.due_day BETWEEN ps AND pe;
	END IF;
	s := fig_settle(bid);
	IF s IS NOT NULL THEN
		UPDATE fig_unit SET open_count = open_count - 1, max_settle = GREATEST(COALESCE(max_settle, s), s)
		WHERE unit_id = b.unit_id AND b.due_day BETWEEN ps AND pe;
	END IF;
END
$$;

CREATE FUNCTION fig_bill_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT fig_counted(NEW.id) THEN
		RETURN NULL;
	END IF;
	INSERT INTO fig_total (project_id, building_id, due_day, billed_fen)
		SELECT NEW.project_id, u.building_id, NEW.due_day, NEW.amount_fen FROM unit u WHERE u.id = NEW.unit_id
		ON CONFLICT (project_id, building_id, due_day) DO UPDATE SET billed_fen = fig_total.billed_fen + excluded.billed_fen;
	INSERT INTO fig_unit (unit_id, period, project_id, building_id, ps, pe, first_due, last_due, net_fen,
			      open_count, max_settle, first_contact)
		SELECT NEW.unit_id, k.period, NEW.project_id, u.building_id, k.ps, k.pe, NEW.due_day, NEW.due_day,
			NEW.amount_fen, 1, NULL,
			(SELECT MIN(c.day) FROM contact c WHERE c.unit_id = NEW.unit_id AND c.day >= k.ps)
		FROM unit u, fig_period_keys(NEW.due_day) k WHERE u.id = NEW.unit_id
		ON CONFLICT (unit_id, period) DO UPDATE SET
			first_due = LEAST(fig_unit.first_due, excluded.first_due),
			last_due = GREATEST(fig_unit.last_due, excluded.last_due),
			net_fen = fig_unit.net_fen + excluded.net_fen, open_count = fig_unit.open_count + 1;
	RETURN NULL;
END
$$;
CREATE TRIGGER fig_bill_ins AFTER INSERT ON bill FOR EACH ROW EXECUTE FUNCTION fig_bill_ins();

CREATE FUNCTION fig_allocation_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF fig_counted(NEW.bill_id) THEN
		PERFORM fig_money(NEW.bill_id, NEW.day, NEW.amount_fen, 0);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER fig_allocation_ins AFTER INSERT ON allocation FOR EACH ROW EXECUTE FUNCTION fig_allocation_ins();

CREATE FUNCTION fig_waiver_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF fig_counted(NEW.bill_id) THEN
		PERFORM fig_money(NEW.bill_id, NEW.day, 0, NEW.amount_fen);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER fig_waiver_ins AFTER INSERT ON waiver FOR EACH ROW EXECUTE FUNCTION fig_waiver_ins();

CREATE FUNCTION fig_reversal_ins() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	a RECORD;
BEGIN
	FOR a IN SELECT bill_id, day, amount_fen FROM allocation WHERE payment_id = NEW.payment_id ORDER BY id LOOP
		IF fig_counted(a.bill_id) THEN
			PERFORM fig_money(a.bill_id, a.day, -a.amount_fen, 0);
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;
CREATE TRIGGER fig_reversal_ins AFTER INSERT ON reversal FOR EACH ROW EXECUTE FUNCTION fig_reversal_ins();

CREATE FUNCTION fig_waiver_void_ins() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	w RECORD;
BEGIN
	SELECT bill_id, day, amount_fen INTO w FROM waiver WHERE id = NEW.waiver_id;
	IF fig_counted(w.bill_id) THEN
		PERFORM fig_money(w.bill_id, w.day, 0, -w.amount_fen);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER fig_waiver_void_ins AFTER INSERT ON waiver_void FOR EACH ROW EXECUTE FUNCTION fig_waiver_void_ins();

CREATE FUNCTION fig_contact_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE fig_unit SET first_contact = NEW.day
	WHERE unit_id = NEW.unit_id AND ps <= NEW.day AND (first_contact IS NULL OR first_contact > NEW.day);
	RETURN NULL;
END
$$;
CREATE TRIGGER fig_contact_ins AFTER INSERT ON contact FOR EACH ROW EXECUTE FUNCTION fig_contact_ins();
-- @all

-- ---- the summaries of the books already posted ----
INSERT INTO fig_total (project_id, building_id, due_day, billed_fen, paid_fen, waived_fen)
	SELECT project_id, building_id, due_day, billed_fen, paid_fen, waived_fen FROM fig_total_v;
INSERT INTO fig_day (project_id, building_id, due_day, day, paid_fen, waived_fen)
	SELECT project_id, building_id, due_day, day, paid_fen, waived_fen FROM fig_day_v;
INSERT INTO fig_unit (unit_id, period, project_id, building_id, ps, pe, first_due, last_due, net_fen, open_count,
		      max_settle, first_contact)
	SELECT unit_id, period, project_id, building_id, ps, pe, first_due, last_due, net_fen, open_count, max_settle,
		first_contact FROM fig_unit_v;
