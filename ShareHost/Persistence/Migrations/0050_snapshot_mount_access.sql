-- Snapshot mounts through snapshot access rules (issue 3 on issue 5's machinery). A snapshot mount's client is
-- admitted by the snapshot's ro ip rule; a rule a mount made is marked here (snapshot rules have no metadata), so the
-- end of the last lease naming it denies it, while a rule made by hand is never denied by a mount.
ALTER TABLE snapshot_access_rules ADD COLUMN mount_made INTEGER NOT NULL DEFAULT 0;
