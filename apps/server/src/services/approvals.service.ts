/** Approval requests for a session: its inbox, a record's requests, and decisions (the logic is the records library's). */
import type { Session } from '@funnelcraft/auth';
import { badInput } from '@funnelcraft/kernel';
import { approvalsOfRecord, decideApproval, pendingApprovalsFor, type ApprovalDecision } from '@funnelcraft/records';
import type { ApprovalRequestRow, PlatformOrm, Pool } from '@funnelcraft/storage';
import type { TenantSchemas } from '../tenant-schemas.js';
import { recordContextFor } from './record-context.js';

const MAX_PAGE = 200;

function pageSize(limit: number | undefined): number {
  const n = limit ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw badInput(`limit is 1 to ${MAX_PAGE}`, [{ path: 'limit', message: `1 to ${MAX_PAGE}` }]);
  return n;
}

export class ApprovalsService {
  constructor(
    private readonly pool: Pool,
    private readonly orm: PlatformOrm,
    private readonly schemas: TenantSchemas,
  ) {}

  private context(session: Session) {
    return recordContextFor(this.pool, this.orm, this.schemas, session);
  }

  async inbox(session: Session, limit?: number): Promise<ApprovalRequestRow[]> {
    return pendingApprovalsFor(await this.context(session), pageSize(limit));
  }

  async ofRecord(session: Session, object: string, recordId: string, limit?: number): Promise<ApprovalRequestRow[]> {
    return approvalsOfRecord(await this.context(session), object, recordId, pageSize(limit));
  }

  async decide(session: Session, id: string, decision: ApprovalDecision, comment?: string | null): Promise<ApprovalRequestRow> {
    return decideApproval(await this.context(session), id, decision, comment);
  }
}
