-- 008_office_web.sql: what the office pages of the console (工作台, 账单, 导入) read and
-- keep.
--
-- The dashboard sums what was billed and collected in a month and what is overdue by
-- age, project by project, on databases of a million units: each sum is one range of
-- one of these indexes, never a walk over units, bills or payments.  The bill index also
-- carries run_id, so that a bill run's count and total come from it (a run's bills all
-- start on the first day of its month).
CREATE INDEX bill_project_period ON bill (project_id, period_start, run_id, amount_fen);
CREATE INDEX payment_project_day ON payment (project_id, paid_day, amount_fen);
CREATE INDEX bill_open_due ON bill_open (project_id, due_day, open_fen);

-- A file uploaded for an import (业主档案, 期初欠费, 缴费记录): kept between its dry run
-- and the import the staff member then confirms, in the database so that any node of
-- the console can take the second request.  The contents are dropped once imported; a
-- day-old upload is removed by the next upload.
CREATE TABLE web_upload (
	token TEXT PRIMARY KEY,                   -- random, 64 hex characters
	staff_id BIGINT NOT NULL REFERENCES staff(id),
	project_id BIGINT NOT NULL REFERENCES project(id),
	kind TEXT NOT NULL CHECK (kind IN ('units', 'arrears', 'payments')),
	filename TEXT NOT NULL,
	size BIGINT NOT NULL,
	data TEXT NOT NULL,                       -- base64 of the file as sent
	channel TEXT NOT NULL DEFAULT '',         -- payments: the channel of rows that name none
	state TEXT NOT NULL CHECK (state IN ('checking', 'valid', 'invalid', 'importing', 'imported', 'failed')),
	result TEXT NOT NULL DEFAULT '',          -- what the last step said; problems one per line
	job_id BIGINT NOT NULL DEFAULT 0,         -- the job (on the node that runs it) doing the step
	created_at BIGINT NOT NULL
);
CREATE INDEX web_upload_created ON web_upload (created_at);
