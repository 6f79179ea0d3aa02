-- A fresh lab has a share type named "default" (ShareHost:DefaultShareType), so `manila create NFS 1` works at once.
-- Deleting it is respected: this runs once.
INSERT INTO share_types (id, name, description, is_public, created_at)
VALUES ('00000000-0000-4000-8000-000000000001', 'default', 'Created by ShareHost on first start', 1, strftime('%Y-%m-%d %H:%M:%f', 'now'));
INSERT INTO share_type_extra_specs (share_type_id, key, value)
VALUES ('00000000-0000-4000-8000-000000000001', 'driver_handles_share_servers', 'False');
