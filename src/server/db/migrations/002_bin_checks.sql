-- Bins as a checklist: "bin empty" confirmations from the devices. Like count registers,
-- one row per inventory × bin × device, written only by that device with an increasing
-- seq; an upsert replaces a row only when the incoming seq is higher, so a check pushed
-- twice, or an older one arriving late, changes nothing. A device un-confirms with a
-- newer check where empty = false.
--
-- The bin is its code (text), as on inventory lines: bins have no surrogate id, and a
-- line added during the count may name a bin that is not in `bins`.
CREATE TABLE bin_checks (
  inventory_id integer NOT NULL REFERENCES inventories,
  bin text NOT NULL,
  device_id text NOT NULL,
  empty boolean NOT NULL,
  seq bigint NOT NULL CHECK (seq >= 1),
  counter text NOT NULL,
  -- time on the device
  at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- the authenticated user who pushed it (`counter` is what the device says)
  received_by text NOT NULL,
  PRIMARY KEY (inventory_id, bin, device_id)
);
