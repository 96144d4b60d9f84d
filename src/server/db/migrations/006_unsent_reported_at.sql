-- Issue #5: the figure a device reports as still unsent is only as good as its age. Two
-- pushes of one device can reach the server out of order (a page reloaded with a push in
-- flight sends again while the first request is still being handled); the server must keep
-- the NEWER report, not the last to arrive, or an old "3 unsent" would block a close after
-- the phone has sent everything. The device stamps each report with its own clock.
ALTER TABLE inventory_devices ADD COLUMN unsent_reported_at timestamptz;
