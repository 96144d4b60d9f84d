-- Issue 23: the lines of a 600,000-line snapshot (1,000,000 stock lines) were sent as one
-- JSON text built by the database: 200 MB held as a string, ~770 MB more resident memory
-- in the server while serving it. They are now read a page at a time in the list's order
-- (bin, reference, lot, serial), each page starting after the last line of the one
-- before: this index makes each page a range read, not a sort of every line.
CREATE INDEX inventory_lines_list_order ON inventory_lines (inventory_id, bin, item_ref, lot, serial);
