/**
 * The one place where the records service asks whether an actor may do something. For now every user of a
 * tenant may do anything in it (the tenant itself is fixed by the token); roles plug in here.
 */
import { DomainError, ErrorCode } from '@funnelcraft/kernel';
import type { RecordContext } from './context.js';

export type RecordAction = 'read' | 'create' | 'update' | 'delete' | 'restore';

export function authorize(ctx: RecordContext, action: RecordAction, objectName: string): void {
  if (!ctx.actor.userId) throw new DomainError(ErrorCode.Forbidden, `Not allowed to ${action} ${objectName}`);
}
