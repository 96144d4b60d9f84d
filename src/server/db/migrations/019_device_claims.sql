-- A device id is claimed by a user for good, on every inventory (before: bound per
-- inventory to whoever first PUSHED with it). The phone claims its id right after login,
-- before the id ever leaves it otherwise (POST /api/devices/claim); a push with an id
-- nobody claimed claims it for the pusher (older apps), and a push or a claim of an id
-- another user holds is refused (403 device_taken). Someone who learns a phone's id
-- before that phone first pushes can no longer strand its counts: the phone holds the id
-- from its login, and if it lost the race anyway it moves its unsent counts to a new id.
CREATE TABLE device_claims (
  device_id text PRIMARY KEY,
  username text NOT NULL REFERENCES users,
  claimed_at timestamptz NOT NULL DEFAULT now()
);

-- The ids already bound go to their owner where there is exactly one (every inventory the
-- id was pushed to names the same user). An id two users hold on two inventories (pushed
-- by both before this migration) is left unclaimed: the first of them to claim it or push
-- with it gets it, and the other's phone moves to a new id. When the binding was made was
-- never kept, so claimed_at is the earliest contact the server recorded.
INSERT INTO device_claims (device_id, username, claimed_at)
SELECT d.device_id, min(d.owner), min(d.last_contact_at)
FROM inventory_devices d
WHERE d.owner IS NOT NULL
GROUP BY d.device_id
HAVING count(DISTINCT d.owner) = 1 AND min(d.owner) IN (SELECT username FROM users);
