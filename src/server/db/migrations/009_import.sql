-- Issue 18: a shop loads its own catalogue and stock from a file (CSV or XLSX).
--
-- Whether an item's quantities take decimals is the item's own (a file may say so),
-- defaulting to its unit's rule: measured units (kg, m, l…) do, counted ones do not. The
-- rule is core's unitAllowsDecimals (src/core/line.ts); a server test checks both agree.
CREATE FUNCTION decompte_unit_decimals(unit text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT lower(unit) IN ('kg', 'g', 'l', 'ml', 'm', 'm2', 'm3', 't')
$$;

ALTER TABLE items ADD COLUMN decimals boolean;
UPDATE items SET decimals = decompte_unit_decimals(unit);
ALTER TABLE items ALTER COLUMN decimals SET NOT NULL;

-- Writers that do not say (the demo seed, Ajouter réf. applied) get the unit's rule.
CREATE FUNCTION decompte_item_decimals() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.decimals := decompte_unit_decimals(NEW.unit);
  RETURN NEW;
END $$;
CREATE TRIGGER items_decimals BEFORE INSERT ON items
  FOR EACH ROW WHEN (NEW.decimals IS NULL) EXECUTE FUNCTION decompte_item_decimals();

-- The snapshot keeps it only where it differs from the unit's rule (NULL: the unit's rule,
-- as in snapshots taken before): the lines' download stays as it was for everyone else.
ALTER TABLE inventory_lines ADD COLUMN decimals boolean;

-- An uploaded file, kept as the record of what was loaded: its bytes, who sent it, the
-- settings of its last preview (mode, location, column mapping) and what the import did.
-- The import reads the file again with those settings: nothing is staged in between.
CREATE TABLE imports (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  file_name text NOT NULL,
  format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  size integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  status text NOT NULL CHECK (status IN ('uploaded', 'previewed', 'committed')),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  uploaded_by text NOT NULL,
  settings jsonb,
  preview jsonb,
  committed_at timestamptz,
  committed_by text,
  result jsonb
);

-- The column mapping last used for a location ('' for files that name their locations),
-- offered again for the next file with the same headers.
CREATE TABLE import_mappings (
  scope text PRIMARY KEY,
  mapping jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

-- A stock movement made by an import names it.
ALTER TABLE stock_movements ADD COLUMN import_id integer REFERENCES imports;
