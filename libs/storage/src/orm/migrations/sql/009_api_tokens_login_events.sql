-- API tokens and login history (issue 11). A token belongs to a tenant, acts as its creator with the roles
-- it was scoped to (never more than the creator may grant), and is kept only as the SHA-256 of its secret
-- (`fc_<random>`, shown once); it always has an expiry. last_used_at is written at most once a minute per
-- token and server, not on every request.
CREATE TABLE platform.api_tokens (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) >= 1 AND length(name) <= 120),
  roles text[] NOT NULL CHECK (cardinality(roles) >= 1),
  secret_hash text NOT NULL UNIQUE,
  hint text NOT NULL,
  created_by uuid REFERENCES platform.users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES platform.users(id) ON DELETE SET NULL,
  last_used_at timestamptz
);
CREATE INDEX api_tokens_tenant_idx ON platform.api_tokens USING btree (tenant_id, created_at);
-- Every sign-in: password logins (success, failure, throttled) and API token authentications. tenant_id is
-- NULL when the tenant named does not exist (kept for the per-IP throttle, shown to no tenant). The login
-- throttle reads its windows from here, so it holds across servers.
CREATE TABLE platform.login_events (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  tenant_id uuid REFERENCES platform.tenants(id) ON DELETE CASCADE,
  user_id uuid REFERENCES platform.users(id) ON DELETE SET NULL,
  token_id uuid REFERENCES platform.api_tokens(id) ON DELETE SET NULL,
  method text NOT NULL CHECK (method = ANY (ARRAY['password'::text, 'token'::text])),
  outcome text NOT NULL CHECK (outcome = ANY (ARRAY['success'::text, 'failure'::text, 'throttled'::text])),
  tenant_slug text,
  email text,
  ip text,
  user_agent text,
  reason text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_events_tenant_at_idx ON platform.login_events USING btree (tenant_id, at);
CREATE INDEX login_events_account_idx ON platform.login_events USING btree (tenant_slug, email, at) WHERE (method = 'password'::text);
CREATE INDEX login_events_ip_idx ON platform.login_events USING btree (ip, at) WHERE ((method = 'password'::text) AND (outcome = 'failure'::text));
