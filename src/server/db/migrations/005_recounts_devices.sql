-- Issue #5: many counters, one inventory, bad network.
--
-- Count ROUNDS (core/counting.ts, core/recount.ts): round 0 is the first count, a recount
-- request opens round n for a line or for every line of a bin. A device's register is
-- now per line × device × ROUND, so a recount never overwrites the first count; the line's
-- count is the sum of its highest round that holds a quantity. Existing events and
-- registers are round 0, which is what they were.
ALTER TABLE count_events ADD COLUMN round integer NOT NULL DEFAULT 0 CHECK (round >= 0);
ALTER TABLE count_registers ADD COLUMN round integer NOT NULL DEFAULT 0 CHECK (round >= 0);
ALTER TABLE count_registers DROP CONSTRAINT count_registers_pkey;
ALTER TABLE count_registers ADD PRIMARY KEY (inventory_id, line_key, device_id, round);

-- A late event (arrived after the close) joins the count when the inventory is reopened;
-- until then the recap shows it apart. Late events of inventories reopened before this
-- migration were folded then: those that arrived before the current close (or while the
-- inventory is counting again) are marked joined.
ALTER TABLE count_events ADD COLUMN late_joined boolean NOT NULL DEFAULT false;
UPDATE count_events e SET late_joined = true
FROM inventories i
WHERE e.inventory_id = i.id AND e.late AND (i.closed_at IS NULL OR e.received_at < i.closed_at);

-- When the recap suggests a recount: |difference| ≥ this % of the expected quantity, or
-- |difference value| ≥ this amount. NULL: that test is off.
ALTER TABLE inventories
  ADD COLUMN recount_qty_percent numeric(10, 3) CHECK (recount_qty_percent > 0),
  ADD COLUMN recount_value numeric(16, 4) CHECK (recount_value > 0);

-- The devices taking part, for the supervisor: last contact (any push or pull), the
-- counter last seen, and how many events the device said it still holds unsent on its
-- last push. Event counts are read from count_events, so they cannot drift.
CREATE TABLE inventory_devices (
  inventory_id integer NOT NULL REFERENCES inventories,
  device_id text NOT NULL,
  counter text NOT NULL,
  last_contact_at timestamptz NOT NULL DEFAULT now(),
  unsent integer NOT NULL DEFAULT 0 CHECK (unsent >= 0),
  PRIMARY KEY (inventory_id, device_id)
);
INSERT INTO inventory_devices (inventory_id, device_id, counter, last_contact_at)
SELECT inventory_id, device_id, (array_agg(counter ORDER BY cursor DESC))[1], max(received_at)
FROM count_events GROUP BY inventory_id, device_id;

-- Recount requests. A bin recount opens one round for every line of the bin (the round
-- above the highest any of them had). `avoid_counters`: who counted in the previous round,
-- so the recount goes preferably to someone else. Whether it is done is derived from the
-- registers, never stored, so it cannot disagree with the counts.
CREATE TABLE recounts (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inventory_id integer NOT NULL REFERENCES inventories,
  line_key text,
  bin text,
  round integer NOT NULL CHECK (round >= 1),
  reason text NOT NULL CHECK (reason IN ('manual', 'threshold')),
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  avoid_counters text[] NOT NULL DEFAULT '{}',
  CHECK ((line_key IS NULL) <> (bin IS NULL))
);
CREATE INDEX recounts_inventory ON recounts (inventory_id, id);
