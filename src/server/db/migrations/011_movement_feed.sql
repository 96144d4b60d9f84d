-- Issue #18, out to the ERP: the stock movements as a feed an ERP pulls with a cursor,
-- each movement valued at the unit cost it moved at, and a webhook outbox.

-- 1. The unit cost of each movement, as it was when the stock moved (the catalogue's cost
-- changes later; a movement's value must not). An inventory's movements take the cost the
-- recap valued them at (the snapshot's), so they add up to its difference value; every
-- other writer may leave it out and the trigger below takes the item's cost then.
ALTER TABLE stock_movements ADD COLUMN unit_cost numeric(16, 4);

-- Movements made before this migration: an inventory's from its snapshot line, any other
-- from the catalogue as it is now (the closest there is), 0 for an item that is gone.
UPDATE stock_movements m SET unit_cost = l.unit_cost
FROM inventory_lines l
WHERE m.inventory_id IS NOT NULL AND l.inventory_id = m.inventory_id
  AND l.item_ref = m.item_ref AND l.bin = m.bin AND l.lot = m.lot AND l.serial = m.serial;
UPDATE stock_movements m SET unit_cost = i.unit_cost FROM items i WHERE m.unit_cost IS NULL AND i.ref = m.item_ref;
UPDATE stock_movements SET unit_cost = 0 WHERE unit_cost IS NULL;
ALTER TABLE stock_movements ALTER COLUMN unit_cost SET NOT NULL;
ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_unit_cost_check CHECK (unit_cost >= 0);

CREATE FUNCTION decompte_movement_unit_cost() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  SELECT unit_cost INTO NEW.unit_cost FROM items WHERE ref = NEW.item_ref;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'stock movement of item % which does not exist', NEW.item_ref
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END $$;

-- WHEN: a writer that gives the cost (a 250,000-line import joining items anyway) pays no
-- function call per row; one that does not pays a lookup (~9 µs a row on the embedded
-- database, measured).
CREATE TRIGGER stock_movements_unit_cost BEFORE INSERT ON stock_movements
  FOR EACH ROW WHEN (NEW.unit_cost IS NULL) EXECUTE FUNCTION decompte_movement_unit_cost();

-- 2. Movement ids commit in order (see src/server/repos/movements.ts): every transaction
-- that inserts movements holds this transaction-scoped advisory lock, so no movement id is
-- drawn while a smaller one may still commit, and a reader's `id > cursor` skips nothing.
-- Writers take it first thing (lockMovementFeed); the statement trigger takes it again
-- (re-entrant, free when held) so a writer that forgot is still correct.
CREATE FUNCTION decompte_lock_movement_feed() RETURNS void
LANGUAGE sql AS $$ SELECT pg_advisory_xact_lock(7301018) $$;

CREATE FUNCTION decompte_movements_locked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM decompte_lock_movement_feed();
  RETURN NULL;
END $$;

CREATE TRIGGER stock_movements_feed_lock BEFORE INSERT ON stock_movements
  FOR EACH STATEMENT EXECUTE FUNCTION decompte_movements_locked();

-- A movement pulled by an ERP never changes afterwards: the table is append-only.
CREATE FUNCTION decompte_movements_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stock movements are append-only (a correction is a new movement)'
    USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER stock_movements_append_only BEFORE UPDATE OR DELETE ON stock_movements
  FOR EACH STATEMENT EXECUTE FUNCTION decompte_movements_append_only();

-- 3. Webhook deliveries: a transactional outbox. The apply inserts the delivery in its own
-- transaction (rolled back with it), a loop in each server process sends the due ones.
-- `payload` is the exact body sent and signed, kept as text (jsonb would reorder it).
-- `attempts` counts every attempt; `retry_base` is where the current round started (a
-- "Renvoyer" starts a new round of retries). `next_attempt_at` is also the lease of a
-- claimed delivery: a process that dies while sending leaves it to be sent again later.
CREATE TABLE webhook_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event text NOT NULL,
  inventory_id integer REFERENCES inventories,
  payload text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  retry_base integer NOT NULL DEFAULT 0 CHECK (retry_base >= 0 AND retry_base <= attempts),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  last_status integer,
  last_error text
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

-- One row per attempt, for the supervisor's delivery log.
CREATE TABLE webhook_attempts (
  delivery_id bigint NOT NULL REFERENCES webhook_deliveries,
  attempt integer NOT NULL CHECK (attempt >= 1),
  at timestamptz NOT NULL DEFAULT now(),
  -- The HTTP status of the answer; NULL when there was none (timeout, refused connection).
  http_status integer,
  error text,
  duration_ms integer NOT NULL CHECK (duration_ms >= 0),
  PRIMARY KEY (delivery_id, attempt)
);
