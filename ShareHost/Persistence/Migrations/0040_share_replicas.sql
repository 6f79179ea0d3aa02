-- Share replicas (issue 7). A replica is a share instance with a replica_state (active, in_sync, out_of_sync, error);
-- is_primary marks the active one, the instance the share shows. Nothing new is stored per replica: what the polling
-- job looks for (non-active replicas) gets its own index, and so does the lookup of a share's replicas.
CREATE INDEX ix_share_instances_replicas ON share_instances (replica_state, status) WHERE replica_state IS NOT NULL;
