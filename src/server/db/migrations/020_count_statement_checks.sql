-- Each count push inserts its events and upserts their registers in one statement; the
-- foreign keys count_events → inventories and count_registers → inventories checked
-- every row on its own (a lookup and a row lock each), up to 1,000 checks for a push of
-- 500 events. The same rule, checked once per statement against the rows it wrote (one
-- anti-join each), as migrations 007 and 014 do for the snapshot and the stock.
ALTER TABLE count_events DROP CONSTRAINT count_events_inventory_id_fkey;
ALTER TABLE count_registers DROP CONSTRAINT count_registers_inventory_id_fkey;

CREATE FUNCTION decompte_counts_have_inventory() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  missing integer;
BEGIN
  SELECT w.inventory_id INTO missing FROM written w
  WHERE NOT EXISTS (SELECT 1 FROM inventories i WHERE i.id = w.inventory_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION '% of inventory % which does not exist', TG_TABLE_NAME, missing
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER count_events_inventory_insert AFTER INSERT ON count_events
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION decompte_counts_have_inventory();
CREATE TRIGGER count_registers_inventory_insert AFTER INSERT ON count_registers
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION decompte_counts_have_inventory();

-- A push's upsert updates registers in place, never their inventory: a statement trigger
-- on UPDATE would scan every register the push moved. A row trigger whose WHEN is false
-- costs nothing, and catches the hands-on update that moves a row to another inventory.
CREATE FUNCTION decompte_count_row_has_inventory() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM inventories WHERE id = NEW.inventory_id) THEN
    RAISE EXCEPTION '% of inventory % which does not exist', TG_TABLE_NAME, NEW.inventory_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER count_events_inventory_update BEFORE UPDATE OF inventory_id ON count_events
  FOR EACH ROW WHEN (NEW.inventory_id IS DISTINCT FROM OLD.inventory_id)
  EXECUTE FUNCTION decompte_count_row_has_inventory();
CREATE TRIGGER count_registers_inventory_update BEFORE UPDATE OF inventory_id ON count_registers
  FOR EACH ROW WHEN (NEW.inventory_id IS DISTINCT FROM OLD.inventory_id)
  EXECUTE FUNCTION decompte_count_row_has_inventory();

-- The other half: an inventory that holds counts cannot be deleted (the app never does;
-- this guards hands-on maintenance). Its id cannot change: it is GENERATED ALWAYS.
CREATE FUNCTION decompte_inventory_keeps_counts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM count_events WHERE inventory_id = OLD.id)
     OR EXISTS (SELECT 1 FROM count_registers WHERE inventory_id = OLD.id) THEN
    RAISE EXCEPTION 'inventory % still has counts', OLD.id USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN OLD;
END $$;

CREATE TRIGGER inventories_keep_counts BEFORE DELETE ON inventories
  FOR EACH ROW EXECUTE FUNCTION decompte_inventory_keeps_counts();
