-- Décompte: initial schema. Quantities numeric(16,3), money numeric(16,4): exact.
-- Absent lot/serial are '' in stock tables (so they can be part of a primary key) and
-- NULL on the API.

CREATE TABLE users (
  username text PRIMARY KEY,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('counter', 'supervisor', 'accountant')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  username text NOT NULL REFERENCES users ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE locations (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL
);

CREATE TABLE bins (
  location_id integer NOT NULL REFERENCES locations,
  code text NOT NULL,
  PRIMARY KEY (location_id, code)
);

CREATE TABLE items (
  ref text PRIMARY KEY,
  designation text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('articles', 'pieces')),
  supplier text,
  unit text NOT NULL DEFAULT 'pcs',
  tracking text NOT NULL DEFAULT 'none' CHECK (tracking IN ('none', 'lot', 'serial')),
  unit_cost numeric(16, 4) NOT NULL DEFAULT 0 CHECK (unit_cost >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A barcode names one item; pack_qty > 1 for a case (a carton of 12).
CREATE TABLE item_barcodes (
  barcode text PRIMARY KEY,
  item_ref text NOT NULL REFERENCES items,
  pack_qty numeric(16, 3) NOT NULL DEFAULT 1 CHECK (pack_qty > 0)
);
CREATE INDEX item_barcodes_item ON item_barcodes (item_ref);

CREATE TABLE stock_lines (
  location_id integer NOT NULL REFERENCES locations,
  item_ref text NOT NULL REFERENCES items,
  bin text NOT NULL,
  lot text NOT NULL DEFAULT '',
  serial text NOT NULL DEFAULT '',
  qty numeric(16, 3) NOT NULL CHECK (qty >= 0),
  PRIMARY KEY (location_id, item_ref, bin, lot, serial)
);

CREATE TABLE inventories (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  location_id integer NOT NULL REFERENCES locations,
  kind text NOT NULL CHECK (kind IN ('articles', 'pieces')),
  status text NOT NULL CHECK (status IN ('counting', 'closed', 'applied', 'cancelled')),
  uncounted_policy text NOT NULL DEFAULT 'keep' CHECK (uncounted_policy IN ('keep', 'zero')),
  show_expected boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  closed_at timestamptz,
  applied_at timestamptz,
  cancelled_at timestamptz
);
-- One inventory per location at a time, even when two requests race (or two processes).
CREATE UNIQUE INDEX inventories_one_open_per_location ON inventories (location_id)
  WHERE status IN ('counting', 'closed');

CREATE TABLE inventory_lines (
  inventory_id integer NOT NULL REFERENCES inventories,
  line_key text NOT NULL,
  item_ref text NOT NULL,
  designation text NOT NULL,
  kind text NOT NULL,
  supplier text,
  bin text NOT NULL,
  lot text NOT NULL DEFAULT '',
  serial text NOT NULL DEFAULT '',
  barcodes text[] NOT NULL DEFAULT '{}',
  unit text NOT NULL,
  expected_qty numeric(16, 3) NOT NULL,
  unit_cost numeric(16, 4) NOT NULL,
  added boolean NOT NULL DEFAULT false,
  added_by text,
  added_at timestamptz,
  PRIMARY KEY (inventory_id, line_key)
);

-- The append-only audit trail. `cursor` orders events for pulls; ingest holds the
-- inventory row lock, so cursors of one inventory are committed in order.
CREATE TABLE count_events (
  id uuid PRIMARY KEY,
  cursor bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  inventory_id integer NOT NULL REFERENCES inventories,
  line_key text NOT NULL,
  device_id text NOT NULL,
  qty numeric(16, 3) NOT NULL,
  seq bigint NOT NULL,
  counter text NOT NULL,
  at text NOT NULL,
  late boolean NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  received_by text NOT NULL
);
CREATE INDEX count_events_inventory_cursor ON count_events (inventory_id, cursor);

-- Derived from count_events (highest seq per line × device), kept for fast recaps.
CREATE TABLE count_registers (
  inventory_id integer NOT NULL REFERENCES inventories,
  line_key text NOT NULL,
  device_id text NOT NULL,
  qty numeric(16, 3) NOT NULL,
  seq bigint NOT NULL,
  counter text NOT NULL,
  at text NOT NULL,
  event_id uuid NOT NULL,
  PRIMARY KEY (inventory_id, line_key, device_id)
);

CREATE TABLE stock_movements (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  location_id integer NOT NULL REFERENCES locations,
  item_ref text NOT NULL,
  bin text NOT NULL,
  lot text NOT NULL DEFAULT '',
  serial text NOT NULL DEFAULT '',
  delta numeric(16, 3) NOT NULL,
  reason text NOT NULL,
  inventory_id integer REFERENCES inventories,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL
);

CREATE TABLE exports (
  inventory_id integer NOT NULL REFERENCES inventories,
  phase text NOT NULL CHECK (phase IN ('before', 'after')),
  file_name text NOT NULL,
  sha256 text NOT NULL,
  size integer NOT NULL,
  content bytea NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  uploaded_by text NOT NULL,
  PRIMARY KEY (inventory_id, phase)
);

-- encodeURIComponent in SQL, so a snapshot is one INSERT … SELECT and its keys equal
-- core's makeLineKey (a server test checks both agree on awkward strings).
CREATE FUNCTION decompte_uri_encode(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE WHEN t ~ '^[A-Za-z0-9_.!~*''()-]*$' THEN t ELSE (
    SELECT coalesce(string_agg(
      CASE WHEN c ~ '^[A-Za-z0-9_.!~*''()-]$' THEN c
           ELSE upper(regexp_replace(encode(convert_to(c, 'UTF8'), 'hex'), '(..)', '%\1', 'g')) END,
      '' ORDER BY i), '')
    FROM regexp_split_to_table(t, '') WITH ORDINALITY AS x(c, i)
  ) END
$$;

-- Codes are nearly always plain ASCII: that case is one regex test and a concatenation,
-- and this function has no subquery so the planner inlines it (100k keys: 3 s → 0.1 s).
CREATE FUNCTION decompte_line_key(item_ref text, bin text, lot text, serial text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN (item_ref || bin || coalesce(lot, '') || coalesce(serial, '')) ~ '^[A-Za-z0-9_.!~*''()-]*$'
      THEN item_ref || '|' || bin || '|' || coalesce(lot, '') || '|' || coalesce(serial, '')
    ELSE decompte_uri_encode(item_ref) || '|' || decompte_uri_encode(bin) || '|' ||
         decompte_uri_encode(coalesce(lot, '')) || '|' || decompte_uri_encode(coalesce(serial, ''))
  END
$$;
