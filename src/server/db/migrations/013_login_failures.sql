-- Issue #19: the login throttle in the database, shared by every server process (it was
-- in each process's memory: behind N processes a guesser had N times the tries, and a
-- restart forgot them). One row per wrong password, kept for the throttle's window.
-- Counted per client address AND username (a stranger guessing from elsewhere cannot
-- lock a user out) and per address (a guessing machine is slowed whatever names it tries).
CREATE TABLE login_failures (
  address text NOT NULL,
  username text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_pair ON login_failures (username, address, at);
CREATE INDEX login_failures_address ON login_failures (address, at);
