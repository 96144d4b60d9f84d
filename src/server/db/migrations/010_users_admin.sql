-- Users managed in the app: the `admin` role (users and locations, and everything a
-- supervisor does), an active flag (a deactivated user cannot log in and keeps its name in
-- the history: counts, inventories and ZIPs name it), and who created and last changed it
-- (NULL: `npm run user:add` or the demo data).

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('counter', 'supervisor', 'accountant', 'admin'));

ALTER TABLE users
  ADD COLUMN active boolean NOT NULL DEFAULT true,
  ADD COLUMN created_by text,
  ADD COLUMN updated_at timestamptz,
  ADD COLUMN updated_by text;
UPDATE users SET updated_at = created_at;
ALTER TABLE users ALTER COLUMN updated_at SET NOT NULL;
ALTER TABLE users ALTER COLUMN updated_at SET DEFAULT now();
