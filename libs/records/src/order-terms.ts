/**
 * The sort terms of a list or board, checked as a filter is: a sort reveals the order of values (and a cursor
 * carries them), so it may read only what a filter may. A term through a lookup (`account.name`) is given
 * the object the lookup points at; it is refused where a filter on the same field would be (a field hidden
 * from the actor, or a target whose records the actor reaches only in part).
 */
import type { ObjectModel } from '@funnelcraft/definitions';
import { badInput, DomainError } from '@funnelcraft/kernel';
import type { OrderTerm } from '@funnelcraft/storage';
import type { RecordContext } from './context.js';
import { assertVisibleVariables } from './permissions.js';

export function checkedOrder(ctx: RecordContext, o: ObjectModel, orderBy: OrderTerm[] | undefined): OrderTerm[] | undefined {
  return orderBy?.map((t, i) => {
    const path = `orderBy[${i}].field`;
    try {
      assertVisibleVariables(ctx, o, { var: t.field }, path);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      throw new DomainError(e.code, `The sort reads what your role may not see: ${e.details.map((d) => d.message).join('; ')}`, e.details);
    }
    const dot = t.field.indexOf('.');
    if (dot < 0) return t;
    const lookup = o.fieldsByName.get(t.field.slice(0, dot));
    const target = lookup?.kind.link === 'record' && lookup.target ? ctx.model.byName.get(lookup.target) : undefined;
    if (!target) throw badInput(`"${t.field.slice(0, dot)}" is not a lookup of ${o.name}`, [{ path, message: 'not a lookup' }]);
    return { ...t, target };
  });
}
