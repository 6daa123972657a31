-- 006_documents.sql: what the printed documents read.
--
-- A unit's bills (bills.c: `wuye account`, every notice, demand and statement) are read
-- by unit; the only index on bill(unit_id) was partial (bill_once, kind <> 'latefee'),
-- which a query for all of a unit's bills cannot use, so each read scanned every bill.
-- (Numbered 005: 004 is taken by the notify work.)
CREATE INDEX bill_unit ON bill (unit_id, due_day);
