-- The platform schema: tenants, users, every applied definition version, settings.
CREATE TABLE platform.tenants (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  currency text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE platform.users (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  roles text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_tenant_email_key ON platform.users (tenant_id, lower(email));

CREATE TABLE platform.definition_versions (
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  version integer NOT NULL,
  documents jsonb NOT NULL,
  hash text NOT NULL,
  plan jsonb NOT NULL,
  applied_by uuid REFERENCES platform.users(id) ON DELETE SET NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, version)
);

CREATE TABLE platform.settings (
  key text PRIMARY KEY,
  value text NOT NULL
);
