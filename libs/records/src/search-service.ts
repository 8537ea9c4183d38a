/** The global search across the objects a reader may read (see searchRecords in libs/storage). */
import { badInput } from '@funnelcraft/kernel';
import { searchRecords, type SearchHit } from '@funnelcraft/storage';
import type { RecordContext } from './context.js';
import { limitedFields, readScope } from './permissions.js';

export const MAX_SEARCH = 50;

export async function searchAll(ctx: RecordContext, text: string, first: number): Promise<SearchHit[]> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_SEARCH)
    throw badInput(`first must be between 1 and ${MAX_SEARCH}`, [{ path: 'first', message: `between 1 and ${MAX_SEARCH}` }]);
  if (text.length > 200) throw badInput('The search text is too long', [{ path: 'text', message: 'at most 200 characters' }]);
  // Only the objects the reader may read, each within the records the reader may see.
  const scopes = new Map(ctx.model.objects.map((o) => [o.name, readScope(ctx, o.name)]));
  const readable = ctx.model.objects.filter((o) => scopes.get(o.name) !== false);
  return searchRecords(
    ctx.db,
    ctx.tenant.schema,
    readable,
    text,
    first,
    (o) => scopes.get(o.name),
    (o, f) => limitedFields(ctx, o).get(f.name) !== 'hidden',
  );
}
