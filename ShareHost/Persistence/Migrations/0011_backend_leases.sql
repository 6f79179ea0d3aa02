-- Backend ownership leases (issue 3): at most one ShareHost process drives a backend. The holder renews its lease
-- before expires_at (database time); another process takes the backend over only once it has expired, with
-- token + 1, which the driver sees as DriverContext.OwnershipToken.
CREATE TABLE backend_leases (
    backend     TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    token       INTEGER NOT NULL,
    acquired_at TEXT NOT NULL,
    renewed_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
