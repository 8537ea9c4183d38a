/** Saved list views: anyone may save their own; sharing and changing a shared view is for its owner or admins. */
import { DomainError, ErrorCode, validationFailed } from '@funnelcraft/kernel';
import { deleteView, findView, insertView, listViews, updateView, type SavedView } from '@funnelcraft/storage';
import type { RecordContext } from './context.js';
import { authorize } from './permissions.js';
import { objectOf } from './records-service.js';

export interface ViewInput {
  id?: string;
  object: string;
  name: string;
  shared?: boolean;
  definition: unknown;
}

function checkDefinition(definition: unknown): void {
  const problems = [];
  if (!definition || typeof definition !== 'object' || Array.isArray(definition))
    problems.push({ path: 'definition', message: 'must be an object {columns, filter, orderBy, pageSize}' });
  else {
    const d = definition as Record<string, unknown>;
    if (d['columns'] !== undefined && !(Array.isArray(d['columns']) && d['columns'].every((c) => typeof c === 'string')))
      problems.push({ path: 'definition.columns', message: 'must be a list of field names' });
    if (d['pageSize'] !== undefined && !(Number.isInteger(d['pageSize']) && (d['pageSize'] as number) >= 1 && (d['pageSize'] as number) <= 500))
      problems.push({ path: 'definition.pageSize', message: 'between 1 and 500' });
    if (JSON.stringify(definition).length > 50_000) problems.push({ path: 'definition', message: 'too large' });
  }
  if (problems.length) throw validationFailed('Invalid view', problems);
}

const mayChange = (ctx: RecordContext, view: SavedView) => view.ownerId === ctx.actor.userId || ctx.actor.roles.includes('admin');

export function savedViews(ctx: RecordContext, object: string): Promise<SavedView[]> {
  authorize(ctx, 'read', objectOf(ctx, object).name);
  return listViews(ctx.orm, ctx.tenant.id, ctx.actor.userId, object);
}

export async function saveView(ctx: RecordContext, input: ViewInput): Promise<SavedView> {
  authorize(ctx, 'read', objectOf(ctx, input.object).name);
  const name = input.name.trim();
  if (!name || name.length > 120) throw validationFailed('Invalid view', [{ path: 'name', message: 'between 1 and 120 characters' }]);
  checkDefinition(input.definition);
  const shared = input.shared ?? false;
  if (!input.id)
    return insertView(ctx.orm, { tenantId: ctx.tenant.id, ownerId: ctx.actor.userId, object: input.object, name, shared, definition: input.definition });
  const existing = await findView(ctx.orm, ctx.tenant.id, input.id);
  if (!existing || existing.object !== input.object || (!existing.shared && existing.ownerId !== ctx.actor.userId)) {
    throw new DomainError(ErrorCode.NotFound, `View ${input.id} not found`, [{ path: 'id', message: 'not found' }]);
  }
  if (!mayChange(ctx, existing)) throw new DomainError(ErrorCode.Forbidden, 'Only its owner or an admin may change a shared view');
  return updateView(ctx.orm, ctx.tenant.id, input.id, { name, shared, definition: input.definition });
}

export async function removeView(ctx: RecordContext, id: string): Promise<boolean> {
  const existing = await findView(ctx.orm, ctx.tenant.id, id);
  if (!existing || (!existing.shared && existing.ownerId !== ctx.actor.userId)) return false;
  if (!mayChange(ctx, existing)) throw new DomainError(ErrorCode.Forbidden, 'Only its owner or an admin may delete a shared view');
  return deleteView(ctx.orm, ctx.tenant.id, id);
}
