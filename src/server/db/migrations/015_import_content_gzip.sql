-- Issue 18: a 21 MB CSV took 1.2 s to store and 0.35 s to read back on the embedded
-- database, and grew its memory by the size of the file several times over (the text of
-- the statement, then the value). The server now gzips a CSV before storing it (4 to 6
-- times smaller); an XLSX is already a ZIP and is stored as it came. EXTERNAL: the
-- database need not try to compress it again.
ALTER TABLE imports ADD COLUMN content_encoding text NOT NULL DEFAULT 'identity'
  CHECK (content_encoding IN ('identity', 'gzip'));
ALTER TABLE imports ALTER COLUMN content SET STORAGE EXTERNAL;
