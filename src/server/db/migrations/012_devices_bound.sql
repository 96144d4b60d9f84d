-- Issue #19: devices bound to people, refusals told to the supervisor, event ids scoped
-- per inventory, exports the server vouches for.
--
-- A device id belongs to the user who first pushed with it on an inventory (`owner`);
-- another user pushing as that device id is refused. Existing devices get the user who
-- sent their first event (received_by: the authenticated sender, not the name the client
-- wrote). Devices that only pulled have no owner until their first push.
ALTER TABLE inventory_devices
  ADD COLUMN owner text,
  -- Events the device holds refused by the server, and the last reason, as it reported.
  ADD COLUMN refused integer NOT NULL DEFAULT 0 CHECK (refused >= 0),
  ADD COLUMN refused_reason text;

UPDATE inventory_devices d SET owner = f.received_by, counter = f.received_by
FROM (
  SELECT DISTINCT ON (inventory_id, device_id) inventory_id, device_id, received_by
  FROM count_events ORDER BY inventory_id, device_id, cursor
) f
WHERE f.inventory_id = d.inventory_id AND f.device_id = d.device_id;

-- The counter of an event is the logged-in user who sent it (received_by) from now on;
-- `counter` keeps what older clients claimed, for the record, and is read nowhere. The
-- registers, derived data, name the real sender.
UPDATE count_registers r SET counter = e.received_by
FROM count_events e
WHERE e.id = r.event_id AND e.inventory_id = r.inventory_id AND r.counter <> e.received_by;

-- An event id is an event of ITS inventory: the same id pushed to another inventory is
-- another event there, not a "duplicate" silently dropped.
ALTER TABLE count_events DROP CONSTRAINT count_events_pkey;
ALTER TABLE count_events ADD PRIMARY KEY (inventory_id, id);

-- An export is stored only once the server, rebuilding its files from its own data, got
-- the same bytes (verified). Exports stored before that check are marked unverified: a
-- verified upload of the same phase may replace one; a verified export never changes.
ALTER TABLE exports ADD COLUMN verified boolean NOT NULL DEFAULT false;
