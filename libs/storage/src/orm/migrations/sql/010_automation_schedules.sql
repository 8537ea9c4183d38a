-- The time zone a tenant's scheduled rules read their cron in (a rule may name its own); IANA name.
ALTER TABLE platform.tenants ADD COLUMN IF NOT EXISTS time_zone text NOT NULL DEFAULT 'UTC';
-- Round-robin owner assignment: one counter per tenant and pool of users (a rule's action). Each assignment
-- takes the next position with one UPDATE … RETURNING, so concurrent assignments never draw the same turn.
CREATE TABLE platform.automation_round_robin (
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  pool_key text NOT NULL,
  position bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, pool_key)
);
