-- Issue 18: importing 250,000 stock lines spent most of its time (embedded database) in
-- the foreign keys of stock_lines, stock_movements and item_barcodes, which PostgreSQL
-- checks one row at a time (a lookup and a row lock each): 100,000 stock lines took
-- 1.37 s with them and 0.36 s without, 100,000 movements 0.93 s against 0.32 s. The same rules, checked once
-- per statement against the rows it wrote (one anti-join each), as migration 007 does for
-- inventory_lines; the other half of each rule (a referenced item, location, inventory or
-- import cannot be deleted or renumbered) by a guard on those tables. The app never
-- deletes any of them: the guards stop hands-on maintenance from orphaning stock.
ALTER TABLE stock_lines DROP CONSTRAINT stock_lines_location_id_fkey;
ALTER TABLE stock_lines DROP CONSTRAINT stock_lines_item_ref_fkey;
ALTER TABLE stock_movements DROP CONSTRAINT stock_movements_location_id_fkey;
ALTER TABLE stock_movements DROP CONSTRAINT stock_movements_inventory_id_fkey;
ALTER TABLE stock_movements DROP CONSTRAINT stock_movements_import_id_fkey;
ALTER TABLE item_barcodes DROP CONSTRAINT item_barcodes_item_ref_fkey;

CREATE FUNCTION decompte_stock_lines_refs() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  bad text;
BEGIN
  SELECT 'location ' || w.location_id INTO bad FROM written w
  WHERE NOT EXISTS (SELECT 1 FROM locations l WHERE l.id = w.location_id) LIMIT 1;
  IF NOT FOUND THEN
    SELECT 'item ' || w.item_ref INTO bad FROM written w
    WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.ref = w.item_ref) LIMIT 1;
  END IF;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'stock line of % which does not exist', bad USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER stock_lines_refs_insert AFTER INSERT ON stock_lines
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION decompte_stock_lines_refs();
CREATE TRIGGER stock_lines_refs_update AFTER UPDATE ON stock_lines
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION decompte_stock_lines_refs();

-- Barcodes: 250,000 of them took 1.4 s with the row-by-row key, about half without.
CREATE FUNCTION decompte_item_barcodes_refs() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  bad text;
BEGIN
  SELECT w.item_ref INTO bad FROM written w
  WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.ref = w.item_ref) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'barcode of item % which does not exist', bad USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER item_barcodes_refs_insert AFTER INSERT ON item_barcodes
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION decompte_item_barcodes_refs();
CREATE TRIGGER item_barcodes_refs_update AFTER UPDATE ON item_barcodes
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION decompte_item_barcodes_refs();

-- stock_movements is append-only (migration 011): inserts are the only writes to check.
CREATE FUNCTION decompte_stock_movements_refs() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  bad text;
BEGIN
  SELECT 'location ' || w.location_id INTO bad FROM written w
  WHERE NOT EXISTS (SELECT 1 FROM locations l WHERE l.id = w.location_id) LIMIT 1;
  IF NOT FOUND THEN
    SELECT 'inventory ' || w.inventory_id INTO bad FROM written w
    WHERE w.inventory_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM inventories i WHERE i.id = w.inventory_id) LIMIT 1;
  END IF;
  IF NOT FOUND THEN
    SELECT 'import ' || w.import_id INTO bad FROM written w
    WHERE w.import_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = w.import_id) LIMIT 1;
  END IF;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'stock movement of % which does not exist', bad USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER stock_movements_refs AFTER INSERT ON stock_movements
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION decompte_stock_movements_refs();

-- The other half: what stock names cannot vanish or change its key. One function per table:
-- PL/pgSQL resolves NEW.ref against the row it fires for, so one shared body cannot name
-- another table's key.
CREATE FUNCTION decompte_item_keeps_stock() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM stock_lines WHERE item_ref = OLD.ref) THEN
    RAISE EXCEPTION 'item % still has stock lines', OLD.ref USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM item_barcodes WHERE item_ref = OLD.ref) THEN
    RAISE EXCEPTION 'item % still has barcodes', OLD.ref USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE FUNCTION decompte_location_keeps_stock() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM stock_lines WHERE location_id = OLD.id)
     OR EXISTS (SELECT 1 FROM stock_movements WHERE location_id = OLD.id) THEN
    RAISE EXCEPTION 'location % still has stock', OLD.id USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE FUNCTION decompte_inventory_keeps_movements() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM stock_movements WHERE inventory_id = OLD.id) THEN
    RAISE EXCEPTION 'inventory % still has stock movements', OLD.id USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE FUNCTION decompte_import_keeps_movements() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM stock_movements WHERE import_id = OLD.id) THEN
    RAISE EXCEPTION 'import % still has stock movements', OLD.id USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

-- UPDATE OF fires only when the key is among the columns set; WHEN skips a key set to itself.
CREATE TRIGGER items_keep_stock_delete BEFORE DELETE ON items
  FOR EACH ROW EXECUTE FUNCTION decompte_item_keeps_stock();
CREATE TRIGGER items_keep_stock_update BEFORE UPDATE OF ref ON items
  FOR EACH ROW WHEN (NEW.ref IS DISTINCT FROM OLD.ref) EXECUTE FUNCTION decompte_item_keeps_stock();
CREATE TRIGGER locations_keep_stock_delete BEFORE DELETE ON locations
  FOR EACH ROW EXECUTE FUNCTION decompte_location_keeps_stock();
CREATE TRIGGER locations_keep_stock_update BEFORE UPDATE OF id ON locations
  FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION decompte_location_keeps_stock();
CREATE TRIGGER inventories_keep_movements_delete BEFORE DELETE ON inventories
  FOR EACH ROW EXECUTE FUNCTION decompte_inventory_keeps_movements();
CREATE TRIGGER inventories_keep_movements_update BEFORE UPDATE OF id ON inventories
  FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION decompte_inventory_keeps_movements();
CREATE TRIGGER imports_keep_movements_delete BEFORE DELETE ON imports
  FOR EACH ROW EXECUTE FUNCTION decompte_import_keeps_movements();
CREATE TRIGGER imports_keep_movements_update BEFORE UPDATE OF id ON imports
  FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION decompte_import_keeps_movements();
