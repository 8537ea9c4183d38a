/**
 * SQL of approvals (platform.approval_requests and approval_decisions, migration 013). A record's approval
 * state changes only under its approval lock (`lockRecordApprovals`, a transaction-scoped advisory lock on the
 * record id): the write that asks for approval, a write checked against the pending requests, and a decision
 * all take it first, so a write never slips past a request committing beside it.
 */
import type { Queryable } from './db.js';

/** The approvers of one step as kept on the request: user ids resolved when asked, or a role checked when deciding. */
export type ApprovalStepApprovers = { title?: string } & ({ users: string[] } | { role: string });

export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

export interface ApprovalDecisionRow {
  step: number;
  decision: 'approved' | 'rejected';
  decidedBy: string;
  comment: string | null;
  decidedAt: string;
}

export interface ApprovalRequestRow {
  id: string;
  rule: string;
  object: string;
  recordId: string;
  requestedBy: string;
  patch: Record<string, unknown>;
  fields: string[];
  previous: Record<string, unknown>;
  message: string | null;
  steps: ApprovalStepApprovers[];
  /** The step waiting for a decision (0-based); past the last one once decided. */
  step: number;
  status: ApprovalStatus;
  createdAt: string;
  decidedAt: string | null;
  decisions: ApprovalDecisionRow[];
}

export interface NewApprovalRequest {
  tenantId: string;
  rule: string;
  object: string;
  recordId: string;
  requestedBy: string;
  patch: Record<string, unknown>;
  fields: string[];
  previous: Record<string, unknown>;
  message: string | null;
  steps: ApprovalStepApprovers[];
}

/** Holds the record's approval lock until the transaction ends. */
export async function lockRecordApprovals(db: Queryable, recordId: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('approval:' || $1::text, 0))`, [recordId]);
}

/** Pending requests on a record (id, rule, the fields they lock). */
export async function pendingApprovalsOn(
  db: Queryable,
  tenantId: string,
  object: string,
  recordId: string,
): Promise<{ id: string; rule: string; fields: string[] }[]> {
  const { rows } = await db.query<{ id: string; rule: string; fields: string[] }>(
    `SELECT id, rule, fields FROM platform.approval_requests WHERE tenant_id = $1 AND object = $2 AND record_id = $3 AND status = 'pending' ORDER BY created_at`,
    [tenantId, object, recordId],
  );
  return rows;
}

export async function insertApprovalRequest(db: Queryable, r: NewApprovalRequest): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO platform.approval_requests (tenant_id, rule, object, record_id, requested_by, patch, fields, previous, message, steps)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      r.tenantId,
      r.rule,
      r.object,
      r.recordId,
      r.requestedBy,
      JSON.stringify(r.patch),
      r.fields,
      JSON.stringify(r.previous),
      r.message,
      JSON.stringify(r.steps),
    ],
  );
  return rows[0]!.id;
}

const SELECT_REQUESTS = `SELECT r.id, r.rule, r.object, r.record_id AS "recordId", r.requested_by AS "requestedBy", r.patch, r.fields, r.previous,
       r.message, r.steps, r.step, r.status, r.created_at AS "createdAt", r.decided_at AS "decidedAt",
       coalesce((SELECT jsonb_agg(jsonb_build_object('step', d.step, 'decision', d.decision, 'decidedBy', d.decided_by, 'comment', d.comment,
                 'decidedAt', d.decided_at) ORDER BY d.step) FROM platform.approval_decisions d WHERE d.request_id = r.id), '[]'::jsonb) AS decisions
  FROM platform.approval_requests r`;

/** One request of the tenant; `forUpdate` locks its row for the transaction (a decision). */
export async function findApprovalRequest(db: Queryable, tenantId: string, id: string, forUpdate = false): Promise<ApprovalRequestRow | undefined> {
  const { rows } = await db.query<ApprovalRequestRow>(`${SELECT_REQUESTS} WHERE r.tenant_id = $1 AND r.id = $2${forUpdate ? ' FOR UPDATE OF r' : ''}`, [
    tenantId,
    id,
  ]);
  return rows[0];
}

/** A record's requests, newest first. */
export async function approvalRequestsOf(db: Queryable, tenantId: string, object: string, recordId: string, limit: number): Promise<ApprovalRequestRow[]> {
  const { rows } = await db.query<ApprovalRequestRow>(
    `${SELECT_REQUESTS} WHERE r.tenant_id = $1 AND r.object = $2 AND r.record_id = $3 ORDER BY r.created_at DESC, r.id DESC LIMIT $4`,
    [tenantId, object, recordId, limit],
  );
  return rows;
}

/** Pending requests whose current step the user may decide (named, or holding the step's role), oldest first; never their own. */
export async function approvalInbox(db: Queryable, tenantId: string, userId: string, roles: readonly string[], limit: number): Promise<ApprovalRequestRow[]> {
  const { rows } = await db.query<ApprovalRequestRow>(
    `${SELECT_REQUESTS} WHERE r.tenant_id = $1 AND r.status = 'pending' AND r.requested_by <> $2
        AND ((r.steps -> r.step -> 'users') ? $2::text OR (r.steps -> r.step ->> 'role') = ANY($3::text[]))
      ORDER BY r.created_at, r.id LIMIT $4`,
    [tenantId, userId, roles, limit],
  );
  return rows;
}

/** Records a step's decision and moves the request on: to the next step, or to its final status. */
export async function decideApprovalStep(
  db: Queryable,
  d: { requestId: string; step: number; decision: 'approved' | 'rejected'; decidedBy: string; comment: string | null; status: ApprovalStatus },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `WITH moved AS (
       UPDATE platform.approval_requests SET step = $2 + 1, status = $6, decided_at = CASE WHEN $6 = 'pending' THEN NULL ELSE now() END
        WHERE id = $1 AND step = $2 AND status = 'pending' RETURNING id)
     INSERT INTO platform.approval_decisions (request_id, step, decision, decided_by, comment)
     SELECT id, $2, $3, $4, $5 FROM moved RETURNING id`,
    [d.requestId, d.step, d.decision, d.decidedBy, d.comment, d.status],
  );
  if (!rows[0]) throw new Error(`approval request ${d.requestId} is no longer at step ${d.step}`);
  return rows[0].id;
}

/** Active users of the tenant holding a role (the approvers of a role step, to notify). */
export async function activeUsersWithRole(db: Queryable, tenantId: string, role: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM platform.users WHERE tenant_id = $1 AND deactivated_at IS NULL AND $2 = ANY(roles) ORDER BY created_at, id`,
    [tenantId, role],
  );
  return rows.map((r) => r.id);
}

/** In-app notifications about a request (no rule action wrote them: action_id stays NULL). */
export async function insertApprovalNotifications(
  db: Queryable,
  tenantId: string,
  userIds: readonly string[],
  n: { message: string; object: string; recordId: string },
): Promise<void> {
  if (!userIds.length) return;
  await db.query(`INSERT INTO platform.notifications (tenant_id, user_id, message, object, record_id) SELECT $1, u, $3, $4, $5 FROM unnest($2::uuid[]) u`, [
    tenantId,
    [...new Set(userIds)],
    n.message,
    n.object,
    n.recordId,
  ]);
}
