/**
 * Approvals on the platform API: the signed-in user's inbox, a record's requests, and the decisions. Types come
 * from the generated operations; a request's change is read field by field against its object's metadata.
 */
import { GraphqlError } from '../../api/graphql-client';
import type { FieldMeta, ObjectMeta } from '../../api/operations';
import {
  ApproveChangeDocument,
  MyApprovalsDocument,
  RecordApprovalsDocument,
  RejectChangeDocument,
  type MyApprovalsQuery,
} from '../../api/platform-operations.generated';
import { apiKeyOf } from '../../fields';
import { useSessionStore } from '../../stores/session';

export type ApprovalRequest = MyApprovalsQuery['myApprovals'][number];
export type Decision = 'approve' | 'reject';

/** One field of the change asked for: its value when asked and the value asked for. */
export interface ApprovalChange {
  name: string;
  field: FieldMeta | undefined;
  from: unknown;
  to: unknown;
}

/** The change a request holds, in the object's field order where known (patch keys are input names). */
export function changesOf(request: ApprovalRequest, meta: ObjectMeta | undefined): ApprovalChange[] {
  const fieldOf = (key: string) => meta?.fields.find((f) => f.name === key || apiKeyOf(f) === key);
  return Object.entries(request.patch).map(([key, to]) => {
    const field = fieldOf(key);
    return { name: field?.name ?? key, field, from: request.previous[key] ?? (field ? request.previous[field.name] : undefined) ?? null, to };
  });
}

/** The fields a pending request holds, as field names of the object. */
export function lockedFieldNames(requests: readonly ApprovalRequest[], meta: ObjectMeta | undefined): Set<string> {
  const out = new Set<string>();
  for (const r of requests) {
    if (r.status !== 'pending') continue;
    for (const key of r.fields) out.add(meta?.fields.find((f) => f.name === key || apiKeyOf(f) === key)?.name ?? key);
  }
  return out;
}

/** The approvers of a request's current step: user ids, or the role anyone holding it may decide with. */
export function currentStep(request: ApprovalRequest): { users: string[]; role: string | null; title: string | null } {
  const step = request.steps[request.step];
  return { users: step?.users ?? [], role: step?.role ?? null, title: step?.title ?? null };
}

/** The refusal reason of a decision (notApprover, selfApproval, recordDeleted …), when the server gave one. */
export function refusalReason(e: unknown): string | undefined {
  if (!(e instanceof GraphqlError)) return undefined;
  const reason = e.details.find((d) => typeof d['reason'] === 'string')?.['reason'];
  return typeof reason === 'string' ? reason : undefined;
}

export function useApprovalsApi() {
  const session = useSessionStore();
  return {
    inbox: async (limit = 100) => (await session.request(MyApprovalsDocument, { limit })).myApprovals,
    ofRecord: async (object: string, recordId: string) => (await session.request(RecordApprovalsDocument, { object, recordId })).recordApprovals,
    decide: async (id: string, decision: Decision, comment: string): Promise<ApprovalRequest> => {
      const variables = { id, comment: comment.trim() || null };
      return decision === 'approve'
        ? (await session.request(ApproveChangeDocument, variables)).approveChange
        : (await session.request(RejectChangeDocument, variables)).rejectChange;
    },
  };
}
