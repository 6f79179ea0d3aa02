-- Mount access through access rules (issue 3 on issue 4's machinery). A live lease names the ip rule that admits its
-- client; every live lease of the same client and level on a share uses the same rule, so the rule's users are the
-- active leases naming it, and a restart counts them again from here. The rule is denied when the last one ends.
ALTER TABLE mount_leases ADD COLUMN access_rule_id TEXT;
CREATE INDEX ix_mount_leases_access_rule ON mount_leases (access_rule_id) WHERE state = 'active' AND access_rule_id IS NOT NULL;
