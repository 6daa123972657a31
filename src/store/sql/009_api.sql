-- 009_api.sql: indexes a unit's account is read through (`wuye account`, the unit's
-- page, and `GET /api/v1/units/{id}/account`, the API's busiest path): a few index
-- searches, most of them answered from the index alone, never a scan.

-- every bill of a unit in the order the account lists them: bill_unit (006_units_web.sql;
-- bill_once leaves the late-fee charges out, so it cannot serve "every bill of the unit")

-- what was refunded of a payment (the account's prepaid figure asks per payment)
CREATE INDEX refund_payment ON refund (payment_id);

-- what was applied to a bill, and what of a payment was applied by a day: the
-- columns the account reads are in the index, so the rows themselves are not visited
DROP INDEX allocation_bill;
CREATE INDEX allocation_bill ON allocation (bill_id, day, amount_fen, payment_id);
DROP INDEX allocation_payment;
CREATE INDEX allocation_payment ON allocation (payment_id, day, amount_fen);

-- a unit's payments with what the account shows of them
DROP INDEX payment_unit;
CREATE INDEX payment_unit ON payment (unit_id, paid_day, project_id, receipt_no, amount_fen, channel);
