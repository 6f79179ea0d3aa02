-- Snapshot mounts: a read-only lease on a mountable snapshot (2.32) is a mount of its share's lease family (the
-- share's fencing token, its backend's address pool) that names the snapshot whose export path it binds.
ALTER TABLE mount_leases ADD COLUMN snapshot_id TEXT;
