-- Issue #6: a 250,000-line snapshot spent 4 of its 11.4 s (embedded database) in the
-- foreign key inventory_lines → inventories, which PostgreSQL checks one row at a time
-- (a lookup and a row lock each). The same rule, checked once per statement against the
-- rows the statement wrote: one anti-join, ~0.1 s for the whole snapshot.
ALTER TABLE inventory_lines DROP CONSTRAINT inventory_lines_inventory_id_fkey;

CREATE FUNCTION decompte_lines_have_inventory() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  missing integer;
BEGIN
  SELECT n.inventory_id INTO missing FROM written n
  WHERE NOT EXISTS (SELECT 1 FROM inventories i WHERE i.id = n.inventory_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'inventory line of inventory % which does not exist', missing
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER inventory_lines_inventory_insert AFTER INSERT ON inventory_lines
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION decompte_lines_have_inventory();
CREATE TRIGGER inventory_lines_inventory_update AFTER UPDATE ON inventory_lines
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION decompte_lines_have_inventory();

-- The other half of the foreign key: an inventory that has lines cannot be deleted (the
-- app never deletes inventories; this guards hands-on maintenance).
CREATE FUNCTION decompte_inventory_keeps_lines() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM inventory_lines WHERE inventory_id = OLD.id) THEN
    RAISE EXCEPTION 'inventory % still has lines', OLD.id USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN OLD;
END $$;

CREATE TRIGGER inventories_keep_lines BEFORE DELETE ON inventories
  FOR EACH ROW EXECUTE FUNCTION decompte_inventory_keeps_lines();
