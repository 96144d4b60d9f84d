-- Issue 21: a counter may add a new reference without its unit cost ("Ajouter réf.", the
-- cost left empty). The line was stored at 0 and valued 0 € in the recap and the ZIPs
-- with nothing to say so. The mark says the cost is still to be given: the recap lists
-- such lines under "À valoriser", a supervisor values them (PUT /line-cost clears it),
-- and the apply is refused while one is left, unless the supervisor confirms 0 €. Only
-- added lines can carry it (a snapshot line's cost is the catalogue's): the partial index
-- of migration 008 finds them.
ALTER TABLE inventory_lines ADD COLUMN cost_missing boolean NOT NULL DEFAULT false;
ALTER TABLE inventory_lines ADD CONSTRAINT inventory_lines_cost_missing_added CHECK (NOT cost_missing OR added);
