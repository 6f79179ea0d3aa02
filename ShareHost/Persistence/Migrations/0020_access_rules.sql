-- Access rules (issue 4). A rule belongs to a share; its state lives per share instance in share_instance_access_map,
-- as Manila's share_instance_access_map does, so every instance (replicas, migration copies) follows the same rules
-- and a new instance can be given a copy of them. The sync machinery is driven by these rows alone: a rule waiting
-- for the driver is queued_to_apply / queued_to_deny, one in a driver call applying / denying; after a restart the
-- in-flight states are put back to queued_* and sent again.

CREATE TABLE share_access_rules (
    id           TEXT PRIMARY KEY,
    share_id     TEXT NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
    access_type  TEXT NOT NULL,
    access_to    TEXT NOT NULL,
    access_level TEXT NOT NULL,
    access_key   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT
);
-- Manila's "Share access ip:10.1.0.0/24 exists.": one rule per type and target on a share.
CREATE UNIQUE INDEX ux_share_access_rules_target ON share_access_rules (share_id, access_type, access_to);

CREATE TABLE share_access_rule_metadata (
    access_id TEXT NOT NULL REFERENCES share_access_rules (id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (access_id, key)
);

CREATE TABLE share_instance_access_map (
    share_instance_id TEXT NOT NULL REFERENCES share_instances (id) ON DELETE CASCADE,
    access_id         TEXT NOT NULL REFERENCES share_access_rules (id) ON DELETE CASCADE,
    state             TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT,
    PRIMARY KEY (share_instance_id, access_id)
);
CREATE INDEX ix_share_instance_access_map_access ON share_instance_access_map (access_id);
-- What start-up recovery and the sync worker look for: rules not settled yet.
CREATE INDEX ix_share_instance_access_map_pending ON share_instance_access_map (state, share_instance_id)
    WHERE state NOT IN ('active', 'error');
