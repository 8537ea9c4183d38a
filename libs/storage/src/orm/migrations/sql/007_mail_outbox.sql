-- Mail sent by rule actions. Without SMTP settings (the embedded default) mail is kept here with status
-- 'stored' and shown through the API, so nothing is silently dropped; sent mail is recorded as 'sent'.
CREATE TABLE platform.mail_outbox (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  action_id uuid UNIQUE,
  to_address text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  language text NOT NULL,
  status text NOT NULL CHECK (status IN ('stored', 'sent')),
  message_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_outbox_tenant_idx ON platform.mail_outbox (tenant_id, created_at DESC);
-- The language a user reads mail and notifications in (en, zh, …); NULL: English.
ALTER TABLE platform.users ADD COLUMN IF NOT EXISTS language text;
