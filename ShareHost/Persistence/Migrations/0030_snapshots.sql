-- Snapshots (issue 5). A snapshot is the logical object the API shows; its instances are the physical copies, one
-- per share instance it was taken of (today one: the share's primary instance), as in Manila. A share with
-- snapshots cannot be deleted (no cascade from shares). The scheduled flag marks snapshots a schedule took:
-- retention only ever deletes those.

CREATE TABLE snapshots (
    id          TEXT PRIMARY KEY,
    share_id    TEXT NOT NULL REFERENCES shares (id),
    project_id  TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    name        TEXT,
    description TEXT,
    size        INTEGER NOT NULL,
    share_size  INTEGER NOT NULL,
    share_proto TEXT NOT NULL,
    scheduled   INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT
);
CREATE INDEX ix_snapshots_share_created ON snapshots (share_id, created_at);
CREATE INDEX ix_snapshots_project_created ON snapshots (project_id, created_at);
CREATE INDEX ix_snapshots_created ON snapshots (created_at);

CREATE TABLE snapshot_instances (
    id                TEXT PRIMARY KEY,
    snapshot_id       TEXT NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    share_instance_id TEXT NOT NULL REFERENCES share_instances (id),
    status            TEXT NOT NULL,
    progress          TEXT,
    provider_location TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT
);
CREATE INDEX ix_snapshot_instances_snapshot ON snapshot_instances (snapshot_id);
CREATE INDEX ix_snapshot_instances_share_instance ON snapshot_instances (share_instance_id);

-- Read-only exports of mountable snapshots, paths without an address (bound when shown).
CREATE TABLE snapshot_export_locations (
    id                   TEXT PRIMARY KEY,
    snapshot_instance_id TEXT NOT NULL REFERENCES snapshot_instances (id) ON DELETE CASCADE,
    path                 TEXT NOT NULL,
    preferred            INTEGER NOT NULL DEFAULT 0,
    is_admin_only        INTEGER NOT NULL DEFAULT 0,
    position             INTEGER NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT
);
CREATE INDEX ix_snapshot_export_locations_instance ON snapshot_export_locations (snapshot_instance_id);

-- Snapshot access rules are always read-only. state: queued_to_apply, applying, active, error, queued_to_deny,
-- denying (a denied rule's row is removed once the driver has removed it).
CREATE TABLE snapshot_access_rules (
    id          TEXT PRIMARY KEY,
    snapshot_id TEXT NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    access_type TEXT NOT NULL,
    access_to   TEXT NOT NULL,
    state       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT
);
CREATE UNIQUE INDEX ux_snapshot_access_rules_to ON snapshot_access_rules (snapshot_id, access_type, access_to);

CREATE TABLE snapshot_metadata (
    snapshot_id TEXT NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, key)
);

-- Shares created from a snapshot: a snapshot cannot be deleted while one is being created, and lists filter on it.
CREATE INDEX ix_shares_snapshot ON shares (snapshot_id);
