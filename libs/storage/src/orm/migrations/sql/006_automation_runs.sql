-- Rule runs and their actions: the run log, and the idempotency of execution. A run is one rule meeting one
-- event (unique: a re-dispatched event makes no second run); an action row is one action of a run (unique by
-- index), and the job that executes it carries the row's id, so a retried job finds the row already done.
CREATE TABLE platform.automation_runs (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  rule text NOT NULL,
  rule_version int NOT NULL,
  event_id uuid NOT NULL,
  event_kind text NOT NULL,
  object text NOT NULL,
  record_id uuid,
  condition_result boolean NOT NULL,
  depth int NOT NULL DEFAULT 0,
  -- The user the actions act as; NULL: the system.
  run_as uuid,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, rule, event_id)
);
CREATE INDEX automation_runs_rule_idx ON platform.automation_runs (tenant_id, rule, created_at DESC);
CREATE INDEX automation_runs_record_idx ON platform.automation_runs (tenant_id, object, record_id, created_at DESC);

CREATE TABLE platform.automation_actions (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  run_id uuid NOT NULL REFERENCES platform.automation_runs(id) ON DELETE CASCADE,
  action_index int NOT NULL,
  type text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed', 'dead', 'skipped')),
  attempts int NOT NULL DEFAULT 0,
  last_error text,
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  UNIQUE (run_id, action_index)
);
CREATE INDEX automation_actions_status_idx ON platform.automation_actions (status) WHERE status IN ('failed', 'dead');

-- In-app notifications written by rule actions.
CREATE TABLE platform.notifications (
  id uuid PRIMARY KEY DEFAULT platform.new_id(),
  tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
  message text NOT NULL,
  object text,
  record_id uuid,
  action_id uuid UNIQUE,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_user_idx ON platform.notifications (tenant_id, user_id, created_at DESC);

-- Wakes the dispatchers of every server (LISTEN automation_events) when a write's events commit: NOTIFY is
-- delivered at commit only, so rolled-back writes wake nobody. One notification per statement, not per row.
CREATE FUNCTION platform.automation_wake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('automation_events', '');
  RETURN NULL;
END $$;
CREATE TRIGGER automation_events_wake AFTER INSERT ON platform.automation_events FOR EACH STATEMENT EXECUTE FUNCTION platform.automation_wake();
