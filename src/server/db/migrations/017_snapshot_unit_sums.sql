-- Issue 21: the recap totals quantities per unit (metres, kilograms and pieces do not add
-- up). As with the snapshot's sums (migration 008), the uncounted lines' sums per unit
-- come from sums kept when the snapshot is taken — written by the statement that takes
-- it — plus the lines added during the count, less the counted lines: no scan of every
-- line. One row per inventory and unit of its snapshot (a handful per inventory).
CREATE TABLE inventory_unit_sums (
  inventory_id integer NOT NULL REFERENCES inventories,
  unit text NOT NULL,
  lines integer NOT NULL,
  expected numeric(20, 3) NOT NULL,
  PRIMARY KEY (inventory_id, unit)
);

INSERT INTO inventory_unit_sums (inventory_id, unit, lines, expected)
SELECT inventory_id, unit, count(*)::int, sum(expected_qty)
FROM inventory_lines WHERE NOT added GROUP BY inventory_id, unit;
