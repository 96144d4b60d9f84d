-- A count event may withdraw a device's count of a line: qty NULL (the "undo" of a first
-- count made on the wrong line). The line must go back to NOT counted — a counted 0 would
-- zero its stock on apply, an uncounted line keeps it (uncounted policy 'keep'). The
-- withdrawal is an ordinary event (own id, higher seq, kept in the log), so the register
-- it wins holds NULL too and contributes nothing. Existing rows all have a quantity and
-- stay valid: this only drops the NOT NULL constraints.
ALTER TABLE count_events ALTER COLUMN qty DROP NOT NULL;
ALTER TABLE count_registers ALTER COLUMN qty DROP NOT NULL;
