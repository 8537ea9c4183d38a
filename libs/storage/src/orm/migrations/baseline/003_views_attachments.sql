-- Saved list views (a user's own, or shared with the tenant) and file attachments of records.
CREATE TABLE platform.saved_views (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  object text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  owner_id uuid REFERENCES platform.users(id) ON DELETE CASCADE,
  shared boolean NOT NULL DEFAULT false,
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saved_views_tenant_object_idx ON platform.saved_views (tenant_id, object);

CREATE TABLE platform.attachments (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  object text NOT NULL,
  record_id uuid NOT NULL,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size integer NOT NULL CHECK (size >= 0),
  uploaded_by uuid REFERENCES platform.users(id) ON DELETE SET NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_record_idx ON platform.attachments (tenant_id, object, record_id);
