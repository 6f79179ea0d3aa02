-- ShareHost schema 1: the foundation (share types, shares and their instances, export locations, metadata,
-- durable operations, user messages, quotas, services and availability zones).
-- Timestamps are UTC text written by the host; booleans are 0/1.

CREATE TABLE share_types (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT,
    is_public   INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT
);
CREATE UNIQUE INDEX ux_share_types_name ON share_types (name);

CREATE TABLE share_type_extra_specs (
    share_type_id TEXT NOT NULL REFERENCES share_types (id) ON DELETE CASCADE,
    key           TEXT NOT NULL,
    value         TEXT NOT NULL,
    PRIMARY KEY (share_type_id, key)
);

CREATE TABLE share_type_projects (
    share_type_id TEXT NOT NULL REFERENCES share_types (id) ON DELETE CASCADE,
    project_id    TEXT NOT NULL,
    PRIMARY KEY (share_type_id, project_id)
);

CREATE TABLE shares (
    id                                 TEXT PRIMARY KEY,
    project_id                         TEXT NOT NULL,
    user_id                            TEXT NOT NULL,
    name                               TEXT,
    description                        TEXT,
    size                               INTEGER NOT NULL,
    share_proto                        TEXT NOT NULL,
    share_type_id                      TEXT REFERENCES share_types (id),
    is_public                          INTEGER NOT NULL DEFAULT 0,
    snapshot_id                        TEXT,
    task_state                         TEXT,
    snapshot_support                   INTEGER NOT NULL DEFAULT 0,
    create_share_from_snapshot_support INTEGER NOT NULL DEFAULT 0,
    revert_to_snapshot_support         INTEGER NOT NULL DEFAULT 0,
    mount_snapshot_support             INTEGER NOT NULL DEFAULT 0,
    replication_type                   TEXT,
    created_at                         TEXT NOT NULL,
    updated_at                         TEXT
);
CREATE INDEX ix_shares_project_created ON shares (project_id, created_at);
CREATE INDEX ix_shares_created ON shares (created_at);
CREATE INDEX ix_shares_project_size ON shares (project_id, size);
CREATE INDEX ix_shares_share_type ON shares (share_type_id);

-- A share's physical copies. is_primary marks the instance the share shows (the only one, the active replica,
-- or a migration's source until it completes).
CREATE TABLE share_instances (
    id                  TEXT PRIMARY KEY,
    share_id            TEXT NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
    is_primary          INTEGER NOT NULL DEFAULT 1,
    status              TEXT NOT NULL,
    backend             TEXT,
    pool                TEXT,
    availability_zone   TEXT,
    replica_state       TEXT,
    access_rules_status TEXT NOT NULL DEFAULT 'active',
    progress            TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT
);
CREATE INDEX ix_share_instances_share ON share_instances (share_id, is_primary);
CREATE INDEX ix_share_instances_backend ON share_instances (backend);
CREATE INDEX ix_share_instances_status ON share_instances (status);

CREATE TABLE export_locations (
    id                TEXT PRIMARY KEY,
    share_instance_id TEXT NOT NULL REFERENCES share_instances (id) ON DELETE CASCADE,
    path              TEXT NOT NULL,
    preferred         INTEGER NOT NULL DEFAULT 0,
    is_admin_only     INTEGER NOT NULL DEFAULT 0,
    position          INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT
);
CREATE INDEX ix_export_locations_instance ON export_locations (share_instance_id);

CREATE TABLE share_metadata (
    share_id TEXT NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (share_id, key)
);

-- Work accepted by the API and not yet finished. A row is written in the same transaction as the status change
-- that announces the work, and removed in the same transaction as the status change that ends it, so after a
-- crash every transitional status has its operation waiting here.
CREATE TABLE operations (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    share_id    TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    payload     TEXT,
    request_id  TEXT,
    project_id  TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX ix_operations_created ON operations (created_at);

CREATE TABLE messages (
    id            TEXT PRIMARY KEY,
    project_id    TEXT NOT NULL,
    request_id    TEXT,
    resource_type TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    action_id     TEXT NOT NULL,
    detail_id     TEXT NOT NULL,
    message_level TEXT NOT NULL,
    user_message  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX ix_messages_project_created ON messages (project_id, created_at);

CREATE TABLE quotas (
    project_id TEXT NOT NULL,
    resource   TEXT NOT NULL,
    hard_limit INTEGER NOT NULL,
    PRIMARY KEY (project_id, resource)
);

CREATE TABLE services (
    backend         TEXT PRIMARY KEY,
    disabled        INTEGER NOT NULL DEFAULT 0,
    disabled_reason TEXT,
    updated_at      TEXT
);

CREATE TABLE availability_zones (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
