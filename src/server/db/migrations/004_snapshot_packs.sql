-- Pack barcodes in the snapshot: a carton's barcode counts its pack quantity (12), not 1.
-- The snapshot is what the catalogue said when counting started, so the packs are copied
-- into each line then (as its barcodes are), as [{"code": "...", "qty": "12.000"}] — only
-- barcodes whose pack_qty is not 1. Lines of inventories taken before this migration get
-- their item's packs as the catalogue has them now: they had none recorded, and a carton
-- scanned as one unit would be a wrong count.
ALTER TABLE inventory_lines ADD COLUMN packs jsonb NOT NULL DEFAULT '[]';

-- One definition of "an item's packs" for the snapshot, Ajouter réf. and the backfill below.
CREATE FUNCTION decompte_item_packs(ref text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object('code', barcode, 'qty', pack_qty::text) ORDER BY barcode), '[]')
  FROM item_barcodes WHERE item_ref = ref AND pack_qty <> 1
$$;

UPDATE inventory_lines SET packs = decompte_item_packs(item_ref)
WHERE item_ref IN (SELECT item_ref FROM item_barcodes WHERE pack_qty <> 1);
