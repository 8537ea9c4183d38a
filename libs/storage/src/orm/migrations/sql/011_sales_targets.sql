-- Sales targets (issue 13): the amount a user (owner_id) or a team (team_id, counting its members and those of
-- every team below it) is to win in a month or a quarter (period_start: its first day), in the tenant's
-- reporting currency. One target per subject and period; the forecast shows attainment (won to date ÷ amount).
CREATE TABLE platform.sales_targets (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  period text NOT NULL CHECK (period IN ('month', 'quarter')),
  period_start date NOT NULL,
  owner_id uuid REFERENCES platform.users(id) ON DELETE CASCADE,
  team_id uuid REFERENCES platform.teams(id) ON DELETE CASCADE,
  amount numeric NOT NULL CHECK (amount >= 0),
  set_by uuid REFERENCES platform.users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sales_targets_subject_check CHECK ((owner_id IS NULL) <> (team_id IS NULL))
);
CREATE UNIQUE INDEX sales_targets_subject_key ON platform.sales_targets USING btree (tenant_id, period, period_start, COALESCE(owner_id, team_id));
