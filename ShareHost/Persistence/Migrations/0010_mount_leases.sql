-- Mount leases (issue 3). A share's fencing token is a counter on the share: every granted mount takes the next
-- value, so it only grows, in this process and in whichever process owns the share's backend next.
-- Lease times are database time (SQLite's clock, text 'YYYY-MM-DD HH:MM:SS.SSS' UTC), so processes agree on them.
ALTER TABLE shares ADD COLUMN fencing_token INTEGER NOT NULL DEFAULT 0;

-- No foreign key to shares: a lease is history that outlives the share it mounted.
CREATE TABLE mount_leases (
    id                TEXT PRIMARY KEY,
    share_id          TEXT NOT NULL,
    share_instance_id TEXT NOT NULL,
    backend           TEXT NOT NULL,
    project_id        TEXT NOT NULL,
    user_id           TEXT NOT NULL,
    client            TEXT NOT NULL,
    access_level      TEXT NOT NULL,
    exclusive         INTEGER NOT NULL DEFAULT 0,
    address           TEXT NOT NULL,
    address_source    TEXT NOT NULL,
    protocol          TEXT NOT NULL,
    export_path       TEXT NOT NULL,
    mount_options     TEXT,
    fencing_token     INTEGER NOT NULL,
    state             TEXT NOT NULL,
    access            TEXT NOT NULL,
    lease_seconds     INTEGER NOT NULL,
    renewals          INTEGER NOT NULL DEFAULT 0,
    granted_at        TEXT NOT NULL,
    renewed_at        TEXT,
    expires_at        TEXT NOT NULL,
    ended_at          TEXT
);
-- Only live leases are indexed by backend (loaded when a process takes a backend), so ending one removes one index
-- entry and the indexes on columns that never change stay untouched: the expiry sweep writes little per lease.
CREATE INDEX ix_mount_leases_active ON mount_leases (backend) WHERE state = 'active';
CREATE INDEX ix_mount_leases_share ON mount_leases (share_id);
CREATE INDEX ix_mount_leases_project_granted ON mount_leases (project_id, granted_at);
