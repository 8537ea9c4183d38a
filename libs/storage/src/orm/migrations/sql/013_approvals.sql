-- Approval requests: a record update that an approval rule gates is not applied but kept here, pending, with
-- the patch it would write and the approvers of each step (resolved when requested: the owner's manager, the
-- named users; a role is kept by name and checked when someone decides). While pending, the record's `fields`
-- are locked. On the last step's approval the records service applies `patch`; on a rejection it is dropped.
CREATE TABLE platform.approval_requests (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  rule text NOT NULL,
  object text NOT NULL,
  record_id uuid NOT NULL,
  requested_by uuid NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
  patch jsonb NOT NULL,
  fields text[] NOT NULL,
  -- The values of those fields when the change was asked for.
  previous jsonb NOT NULL,
  message text,
  -- [{ "title"?, "users": [uuid…] } | { "title"?, "role": text }], in order.
  steps jsonb NOT NULL,
  step int NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz
);
CREATE INDEX approval_requests_record_idx ON platform.approval_requests (tenant_id, object, record_id, created_at DESC);
CREATE INDEX approval_requests_pending_idx ON platform.approval_requests (tenant_id, created_at) WHERE status = 'pending';

-- One decision per step of a request: who, which way, with their comment.
CREATE TABLE platform.approval_decisions (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  request_id uuid NOT NULL REFERENCES platform.approval_requests(id) ON DELETE CASCADE,
  step int NOT NULL,
  decision text NOT NULL CHECK (decision IN ('approved', 'rejected')),
  decided_by uuid NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
  comment text,
  decided_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (request_id, step)
);
