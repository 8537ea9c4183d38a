-- Handovers (issue 11): the audit of each transfer of ownership from one user to another (records of one object
-- with a filter, or of every object; the from-user's open activities), written in the same transaction as the
-- records it moved. scope: {object, filter, openActivities} as asked; counts: {object: records moved};
-- rule_references: the rules naming the from-user (user lists, run-as, recipients, team pools it is in), reported,
-- not edited.
CREATE TABLE platform.ownership_transfers (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  from_user_id uuid REFERENCES platform.users(id) ON DELETE SET NULL,
  to_user_id uuid REFERENCES platform.users(id) ON DELETE SET NULL,
  actor_id uuid REFERENCES platform.users(id) ON DELETE SET NULL,
  scope jsonb NOT NULL,
  counts jsonb NOT NULL,
  total integer NOT NULL,
  rule_references jsonb NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ownership_transfers_tenant_at_idx ON platform.ownership_transfers USING btree (tenant_id, at);
