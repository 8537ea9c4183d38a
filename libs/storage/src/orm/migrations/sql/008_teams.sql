-- Teams (issue 11): a tenant's department tree. A team has a parent (NULL: a top team), a manager (a user of
-- the tenant, or none); trees nest to any depth (cycles are refused by the teams service, which changes a
-- tenant's tree under an advisory lock). Names are unique per tenant, case-insensitively.
CREATE TABLE platform.teams (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) >= 1 AND length(name) <= 120),
  parent_id uuid REFERENCES platform.teams(id) ON DELETE SET NULL,
  manager_id uuid REFERENCES platform.users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX teams_tenant_name_key ON platform.teams USING btree (tenant_id, lower(name));
CREATE INDEX teams_parent_idx ON platform.teams USING btree (parent_id);
-- A user's one primary team (NULL: none); deactivated users keep their rows (history, records) but cannot sign
-- in; an invited user signs in once it has set a password through its one-time link (only its hash is kept).
ALTER TABLE platform.users ADD COLUMN team_id uuid REFERENCES platform.teams(id) ON DELETE SET NULL;
ALTER TABLE platform.users ADD COLUMN deactivated_at timestamptz;
ALTER TABLE platform.users ADD COLUMN invite_hash text UNIQUE;
ALTER TABLE platform.users ADD COLUMN invite_expires_at timestamptz;
CREATE INDEX users_team_idx ON platform.users USING btree (team_id);
