-- Share replicas (issue 7). A replica is a share instance with a replica_state (active, in_sync, out_of_sync, error);
-- is_primary marks the active one, the instance the share shows and mounts bind to. Nothing new is stored per replica:
-- what the polling job looks for gets its own index, and a share has at most one primary instance (a promotion moves
-- the flag in one transaction, old one first).
CREATE INDEX ix_share_instances_replicas ON share_instances (replica_state, status) WHERE replica_state IS NOT NULL;
CREATE UNIQUE INDEX ux_share_instances_primary ON share_instances (share_id) WHERE is_primary = 1;
