-- Snapshot schedules (a ShareHost extension): per share, a Quartz cron expression and how many scheduled snapshots
-- to keep. Quartz triggers are registered from this table at every start, so schedules survive restarts. Deleting
-- the share deletes its schedule.
CREATE TABLE snapshot_schedules (
    share_id        TEXT PRIMARY KEY REFERENCES shares (id) ON DELETE CASCADE,
    project_id      TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    cron_expression TEXT NOT NULL,
    retention       INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT,
    last_run_at     TEXT,
    last_result     TEXT
);
