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

/**
 * The records of an object a read may reach, as json-logic ANDed into its WHERE (lists, reports, analytics);
 * undefined: all of them. Record scopes (own, team) plug in here.
 */
export function readScope(_ctx: RecordContext, _objectName: string): unknown {
  return undefined;
}

/** A read's filter with the viewer's scope ANDed in: what every list, count, aggregate, board and report reads. */
export function scopedFilter(ctx: RecordContext, objectName: string, filter: unknown): unknown {
  const scope = readScope(ctx, objectName);
  if (scope === undefined) return filter;
  return filter === undefined || filter === null ? scope : { and: [scope, filter] };
}
