-- Export locations that serve reads only (a readable replica, a mirror, a snapshot): the driver says so with
-- ExportPath.ReadOnly (contract 1.2) and the API shows it as the standardized "readonly" attribute.
ALTER TABLE export_locations ADD COLUMN readonly INTEGER NOT NULL DEFAULT 0;
