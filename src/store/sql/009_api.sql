-- 009_api.sql: indexes the JSON API (and the console's unit page) read a unit's account
-- through: `GET /api/v1/units/{id}/account` is a few indexed lookups, never a scan.

-- a unit's bills in the order the account lists them (bill_once leaves late-fee
-- charges out, so it cannot serve "every bill of the unit")
CREATE INDEX bill_unit ON bill (unit_id, due_day);

-- what was refunded of a payment (the account's prepaid figure asks per payment)
CREATE INDEX refund_payment ON refund (payment_id);
