-- 002_books.sql: fees, contracts, bills, payments, waivers, late fees, and the journal.
--
-- The books are append-only: every table below the line "posted records" refuses UPDATE
-- and DELETE (triggers on both backends).  Corrections are new records that point at
-- the old: a reversal at its payment, a waiver at its bill.  Balances are derived.

CREATE TABLE fee_item (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('property', 'fixed', 'parking', 'shared', 'maintenance',
	                                   'service', 'metered', 'latefee', 'other')),
	tax_rate_bp INTEGER NOT NULL DEFAULT 600,   -- VAT for invoicing, in basis points (6% = 600)
	created_at BIGINT NOT NULL,
	UNIQUE (project_id, name)
);

-- 物业服务合同: tariffs and late-fee terms, in force from from_day (inclusive).  A contract
-- past its to_day stands until the next one starts (the old agreement holds until the new
-- one takes effect).
CREATE TABLE contract (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	name TEXT NOT NULL,
	from_day INTEGER NOT NULL,
	to_day INTEGER,
	late_daily_ppm BIGINT NOT NULL DEFAULT 0,   -- late fee per day, millionths (万分之三 = 300)
	late_grace_days INTEGER NOT NULL DEFAULT 0,
	late_cap_pct INTEGER NOT NULL DEFAULT 100,
	created_at BIGINT NOT NULL,
	created_by BIGINT REFERENCES staff(id)
);
CREATE INDEX contract_project ON contract (project_id, from_day);

CREATE TABLE tariff (
	id @ID@,
	contract_id BIGINT NOT NULL REFERENCES contract(id),
	item_id BIGINT NOT NULL REFERENCES fee_item(id),
	basis TEXT NOT NULL CHECK (basis IN ('area', 'unit')),
	rate BIGINT NOT NULL CHECK (rate >= 0),     -- ten-thousandths of a yuan per m² (or unit) per month
	cycle TEXT NOT NULL CHECK (cycle IN ('month', 'quarter', 'year')),
	due_day INTEGER NOT NULL CHECK (due_day BETWEEN 1 AND 31),
	vacant_pct INTEGER NOT NULL CHECK (vacant_pct BETWEEN 0 AND 100),
	unit_type TEXT NOT NULL DEFAULT '',         -- '' for every unit, else residential/shop/parking
	created_at BIGINT NOT NULL,
	UNIQUE (contract_id, item_id)
);

-- Prompt-payment incentives (缴费优惠): rules applied at payment time, each use recorded
-- as an approved waiver.  early_annual: pct off a yearly bill of `period` paid in full by
-- until_day; latefee_amnesty: accrued late fees waived when all principal is settled by
-- until_day.
CREATE TABLE incentive (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	kind TEXT NOT NULL CHECK (kind IN ('early_annual', 'latefee_amnesty')),
	name TEXT NOT NULL,
	pct INTEGER NOT NULL DEFAULT 0,
	period TEXT NOT NULL DEFAULT '',
	from_day INTEGER NOT NULL,
	until_day INTEGER NOT NULL,
	created_at BIGINT NOT NULL,
	created_by BIGINT REFERENCES staff(id)
);

-- Receipt numbers: one counter per project, advanced inside the payment's transaction
-- (so a rolled-back payment leaves no gap and concurrent cashiers queue on the row).
CREATE TABLE receipt_counter (
	project_id BIGINT PRIMARY KEY REFERENCES project(id),
	last_no BIGINT NOT NULL
);

-- The journal's accounts.  Per unit: receivable, latefee (charged late fees), prepaid
-- (per payer: a prepayment belongs to whoever paid it).  Per project: cash by channel,
-- income by fee item, waivers (减免) by fee item.  Absent keys are 0 / '' (not NULL) so
-- the uniqueness holds.
CREATE TABLE account (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	kind TEXT NOT NULL CHECK (kind IN ('receivable', 'latefee', 'prepaid', 'cash', 'income', 'waiver')),
	unit_id BIGINT NOT NULL DEFAULT 0,
	party_id BIGINT NOT NULL DEFAULT 0,
	ref TEXT NOT NULL DEFAULT '',               -- channel for cash, item id for income/waiver
	UNIQUE (project_id, kind, unit_id, party_id, ref)
);

-- Caches of what is open, kept by the same transactions that post, so that the daily
-- work (arrears, dunning, bill runs) reads only what is open.  Not books: rows change and
-- go; `wuye check` proves they equal what the posted records say.
CREATE TABLE bill_open (
	bill_id BIGINT PRIMARY KEY,
	project_id BIGINT NOT NULL,
	unit_id BIGINT NOT NULL,
	payer_id BIGINT NOT NULL,
	due_day INTEGER NOT NULL,
	open_fen BIGINT NOT NULL
);
CREATE INDEX bill_open_unit ON bill_open (unit_id, payer_id, due_day);
CREATE INDEX bill_open_project ON bill_open (project_id, due_day);

CREATE TABLE prepaid_open (
	payment_id BIGINT PRIMARY KEY,
	project_id BIGINT NOT NULL,
	unit_id BIGINT NOT NULL,
	payer_id BIGINT NOT NULL,
	remaining_fen BIGINT NOT NULL
);
CREATE INDEX prepaid_open_unit ON prepaid_open (unit_id, payer_id);
CREATE INDEX prepaid_open_project ON prepaid_open (project_id);

-- ---- posted records: append-only ----

CREATE TABLE bill_run (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	period TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('run', 'import')),
	business_day INTEGER NOT NULL,              -- what it billed: the bills and allocations with its run_id
	staff_id BIGINT REFERENCES staff(id),
	created_at BIGINT NOT NULL
);

-- A bill: one payer, one unit, one fee item, one period (or the part of it the payer is
-- liable for).  explain says how the amount was computed.  At most one bill per unit, item,
-- period and liable start: running a period again bills nothing twice.
CREATE TABLE bill (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	payer_id BIGINT NOT NULL REFERENCES party(id),
	item_id BIGINT NOT NULL REFERENCES fee_item(id),
	kind TEXT NOT NULL CHECK (kind IN ('fee', 'opening', 'latefee')),
	tariff_id BIGINT REFERENCES tariff(id),
	contract_id BIGINT REFERENCES contract(id),
	period TEXT NOT NULL,
	period_start INTEGER NOT NULL,
	period_end INTEGER NOT NULL,
	liable_from INTEGER NOT NULL,
	due_day INTEGER NOT NULL,
	amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
	explain TEXT NOT NULL,
	run_id BIGINT REFERENCES bill_run(id),
	created_at BIGINT NOT NULL
);
-- at most one bill per unit, item, period and liable start (late-fee charges excepted)
CREATE UNIQUE INDEX bill_once ON bill (unit_id, item_id, period_start, liable_from) WHERE kind <> 'latefee';

CREATE TABLE payment (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	payer_id BIGINT NOT NULL REFERENCES party(id),
	amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
	channel TEXT NOT NULL CHECK (channel IN ('cash', 'card', 'transfer', 'wechat', 'alipay', 'autodebit', 'online')),
	ref TEXT UNIQUE,                            -- the external payment id: posts once
	receipt_no BIGINT NOT NULL,
	paid_day INTEGER NOT NULL,
	staff_id BIGINT REFERENCES staff(id),
	created_at BIGINT NOT NULL,
	UNIQUE (project_id, receipt_no)
);
CREATE INDEX payment_unit ON payment (unit_id);

-- Money of a payment applied to a bill: at payment time, or later from the prepaid
-- remainder (source 'prepaid', by a bill run or a later payment).
CREATE TABLE allocation (
	id @ID@,
	payment_id BIGINT NOT NULL REFERENCES payment(id),
	bill_id BIGINT NOT NULL REFERENCES bill(id),
	amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
	source TEXT NOT NULL CHECK (source IN ('payment', 'prepaid')),
	day INTEGER NOT NULL,
	run_id BIGINT REFERENCES bill_run(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX allocation_bill ON allocation (bill_id);
CREATE INDEX allocation_payment ON allocation (payment_id);

-- 冲正: the payment counts as never made; what it settled reopens; its receipt number stays.
CREATE TABLE reversal (
	id @ID@,
	payment_id BIGINT NOT NULL UNIQUE REFERENCES payment(id),
	reason TEXT NOT NULL,
	day INTEGER NOT NULL,
	staff_id BIGINT REFERENCES staff(id),
	created_at BIGINT NOT NULL
);

-- Money of a payment's prepaid remainder handed back to the payer.
CREATE TABLE refund (
	id @ID@,
	payment_id BIGINT NOT NULL REFERENCES payment(id),
	amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
	reason TEXT NOT NULL,
	day INTEGER NOT NULL,
	staff_id BIGINT REFERENCES staff(id),
	created_at BIGINT NOT NULL
);

-- Things that need a second person: waivers now; write-offs, public notices and lawsuits
-- later.  A request takes effect only with an approval by a manager or admin other than
-- the requester (or by an incentive rule, approved_by NULL and incentive_id set).
CREATE TABLE request (
	id @ID@,
	project_id BIGINT NOT NULL REFERENCES project(id),
	kind TEXT NOT NULL CHECK (kind IN ('waiver', 'latefee_waiver', 'writeoff', 'public_notice', 'lawsuit')),
	unit_id BIGINT REFERENCES unit(id),
	bill_id BIGINT REFERENCES bill(id),
	amount_fen BIGINT NOT NULL DEFAULT 0,
	reason TEXT NOT NULL,
	requested_by BIGINT REFERENCES staff(id),
	incentive_id BIGINT REFERENCES incentive(id),
	business_day INTEGER NOT NULL,
	created_at BIGINT NOT NULL
);

CREATE TABLE decision (
	id @ID@,
	request_id BIGINT NOT NULL UNIQUE REFERENCES request(id),
	approved INTEGER NOT NULL CHECK (approved IN (0, 1)),
	staff_id BIGINT REFERENCES staff(id),
	note TEXT NOT NULL DEFAULT '',
	business_day INTEGER NOT NULL,
	created_at BIGINT NOT NULL
);

-- An approved waiver (减免) of a bill: lowers its open principal from `day` on.
-- payment_id is set when an incentive granted it at payment time (a reversal of that
-- payment withdraws it: see waiver_void).
CREATE TABLE waiver (
	id @ID@,
	request_id BIGINT NOT NULL REFERENCES request(id),
	bill_id BIGINT NOT NULL REFERENCES bill(id),
	amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
	day INTEGER NOT NULL,
	payment_id BIGINT REFERENCES payment(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX waiver_bill ON waiver (bill_id);

CREATE TABLE waiver_void (
	waiver_id BIGINT PRIMARY KEY REFERENCES waiver(id),
	reversal_id BIGINT NOT NULL REFERENCES reversal(id),
	created_at BIGINT NOT NULL
);

-- Late fees accrued on a bill become owed only when charged (with a payment, or
-- confirmed by a manager): `charge` moves part of the accrual of source_bill into the
-- late-fee bill latefee_bill; `waive` forgives accrual that was never charged.
CREATE TABLE latefee_event (
	id @ID@,
	source_bill_id BIGINT NOT NULL REFERENCES bill(id),
	kind TEXT NOT NULL CHECK (kind IN ('charge', 'waive')),
	amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
	latefee_bill_id BIGINT REFERENCES bill(id),
	request_id BIGINT REFERENCES request(id),
	day INTEGER NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX latefee_event_source ON latefee_event (source_bill_id);

-- The journal: one row per movement, debit and credit in the same row, so every entry
-- balances by construction.  source names the record that caused it.
CREATE TABLE posting (
	id @ID@,
	project_id BIGINT NOT NULL,
	debit_id BIGINT NOT NULL REFERENCES account(id),
	credit_id BIGINT NOT NULL REFERENCES account(id),
	amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
	kind TEXT NOT NULL CHECK (kind IN ('bill', 'payment', 'allocation', 'waiver', 'reversal',
	                                   'unallocation', 'unwaiver', 'refund', 'latefee')),
	source_id BIGINT NOT NULL,
	day INTEGER NOT NULL,
	CHECK (debit_id <> credit_id)
);
-- no index on the source: the checker reads the journal in id order, and nothing else
-- looks postings up one by one

-- @sqlite
CREATE TRIGGER bill_run_append_only_u BEFORE UPDATE ON bill_run BEGIN SELECT RAISE(ABORT, 'bill_run is append-only'); END;
CREATE TRIGGER bill_run_append_only_d BEFORE DELETE ON bill_run BEGIN SELECT RAISE(ABORT, 'bill_run is append-only'); END;
CREATE TRIGGER bill_append_only_u BEFORE UPDATE ON bill BEGIN SELECT RAISE(ABORT, 'bill is append-only'); END;
CREATE TRIGGER bill_append_only_d BEFORE DELETE ON bill BEGIN SELECT RAISE(ABORT, 'bill is append-only'); END;
CREATE TRIGGER payment_append_only_u BEFORE UPDATE ON payment BEGIN SELECT RAISE(ABORT, 'payment is append-only'); END;
CREATE TRIGGER payment_append_only_d BEFORE DELETE ON payment BEGIN SELECT RAISE(ABORT, 'payment is append-only'); END;
CREATE TRIGGER allocation_append_only_u BEFORE UPDATE ON allocation BEGIN SELECT RAISE(ABORT, 'allocation is append-only'); END;
CREATE TRIGGER allocation_append_only_d BEFORE DELETE ON allocation BEGIN SELECT RAISE(ABORT, 'allocation is append-only'); END;
CREATE TRIGGER reversal_append_only_u BEFORE UPDATE ON reversal BEGIN SELECT RAISE(ABORT, 'reversal is append-only'); END;
CREATE TRIGGER reversal_append_only_d BEFORE DELETE ON reversal BEGIN SELECT RAISE(ABORT, 'reversal is append-only'); END;
CREATE TRIGGER refund_append_only_u BEFORE UPDATE ON refund BEGIN SELECT RAISE(ABORT, 'refund is append-only'); END;
CREATE TRIGGER refund_append_only_d BEFORE DELETE ON refund BEGIN SELECT RAISE(ABORT, 'refund is append-only'); END;
CREATE TRIGGER request_append_only_u BEFORE UPDATE ON request BEGIN SELECT RAISE(ABORT, 'request is append-only'); END;
CREATE TRIGGER request_append_only_d BEFORE DELETE ON request BEGIN SELECT RAISE(ABORT, 'request is append-only'); END;
CREATE TRIGGER decision_append_only_u BEFORE UPDATE ON decision BEGIN SELECT RAISE(ABORT, 'decision is append-only'); END;
CREATE TRIGGER decision_append_only_d BEFORE DELETE ON decision BEGIN SELECT RAISE(ABORT, 'decision is append-only'); END;
CREATE TRIGGER waiver_append_only_u BEFORE UPDATE ON waiver BEGIN SELECT RAISE(ABORT, 'waiver is append-only'); END;
CREATE TRIGGER waiver_append_only_d BEFORE DELETE ON waiver BEGIN SELECT RAISE(ABORT, 'waiver is append-only'); END;
CREATE TRIGGER waiver_void_append_only_u BEFORE UPDATE ON waiver_void BEGIN SELECT RAISE(ABORT, 'waiver_void is append-only'); END;
CREATE TRIGGER waiver_void_append_only_d BEFORE DELETE ON waiver_void BEGIN SELECT RAISE(ABORT, 'waiver_void is append-only'); END;
CREATE TRIGGER latefee_event_append_only_u BEFORE UPDATE ON latefee_event BEGIN SELECT RAISE(ABORT, 'latefee_event is append-only'); END;
CREATE TRIGGER latefee_event_append_only_d BEFORE DELETE ON latefee_event BEGIN SELECT RAISE(ABORT, 'latefee_event is append-only'); END;
CREATE TRIGGER posting_append_only_u BEFORE UPDATE ON posting BEGIN SELECT RAISE(ABORT, 'posting is append-only'); END;
CREATE TRIGGER posting_append_only_d BEFORE DELETE ON posting BEGIN SELECT RAISE(ABORT, 'posting is append-only'); END;
-- @pg
CREATE FUNCTION wuye_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER bill_run_append_only BEFORE UPDATE OR DELETE ON bill_run FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
CREATE TRIGGER bill_append_only BEFORE UPDATE OR DELETE ON bill FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
CREATE TRIGGER payment_append_only BEFORE UPDATE OR DELETE ON payment FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
CREATE TRIGGER allocation_append_only BEFORE UPDATE OR DELETE ON allocation FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
CREATE TRIGGER reversal_append_only BEFORE UPDATE OR DELETE ON reversal FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
CREATE TRIGGER refund_append_only BEFORE UPDATE OR DELETE ON refund FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
CREATE TRIGGER request_append_only BEFORE UPDATE OR DELETE ON request FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
CREATE TRIGGER decision_append_only BEFORE UPDATE OR DELETE ON decision FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
CREATE TRIGGER waiver_append_only BEFORE UPDATE OR DELETE ON waiver FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
CREATE TRIGGER waiver_void_append_only BEFORE UPDATE OR DELETE ON waiver_void FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
CREATE TRIGGER latefee_event_append_only BEFORE UPDATE OR DELETE ON latefee_event FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
CREATE TRIGGER posting_append_only BEFORE UPDATE OR DELETE ON posting FOR EACH ROW EXECUTE FUNCTION wuye_append_only();
-- PostgreSQL has TRUNCATE too
CREATE FUNCTION wuye_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER bill_no_truncate BEFORE TRUNCATE ON bill FOR EACH STATEMENT EXECUTE FUNCTION wuye_no_truncate();
CREATE TRIGGER payment_no_truncate BEFORE TRUNCATE ON payment FOR EACH STATEMENT EXECUTE FUNCTION wuye_no_truncate();
CREATE TRIGGER allocation_no_truncate BEFORE TRUNCATE ON allocation FOR EACH STATEMENT EXECUTE FUNCTION wuye_no_truncate();
CREATE TRIGGER posting_no_truncate BEFORE TRUNCATE ON posting FOR EACH STATEMENT EXECUTE FUNCTION wuye_no_truncate();
-- @all
-- projects made before the books existed get their receipt counter
INSERT INTO receipt_counter (project_id, last_no) SELECT id, 0 FROM project;
