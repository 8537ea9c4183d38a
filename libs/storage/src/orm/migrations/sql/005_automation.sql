-- Automation events: one row per record write that a rule watches, inserted by the write's own statement
-- (a CTE of write-effects.ts), so a write and its event commit or roll back together. The dispatcher marks
-- a row dispatched when it has turned it into rule runs.
CREATE TABLE platform.automation_events (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  object text NOT NULL,
  record_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('created', 'updated', 'deleted', 'restored')),
  record jsonb NOT NULL,
  previous jsonb,
  actor_id uuid,
  -- How many rule actions led to this write (0: a person or the API); chains stop at a set depth.
  depth int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz
);
CREATE INDEX automation_events_pending_idx ON platform.automation_events (created_at) WHERE dispatched_at IS NULL;
CREATE INDEX automation_events_record_idx ON platform.automation_events (tenant_id, object, record_id, created_at);
