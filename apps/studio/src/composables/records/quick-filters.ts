/**
 * Quick filters beside a list's full filter dialog: one click for the filters a rep uses every day ("my open
 * deals", "closing this quarter"). Each is registered once with what an object needs for it (an owner, a pipeline,
 * a close date) and the conditions it stands for: ordinary chips, so the user sees them in words and can edit them.
 * A quick filter replaces the list's chips; it is "on" while the chips are exactly its conditions.
 */
import type { FieldMeta, ObjectMeta } from '../../api/operations';
import type { Condition } from '../../conditions/condition-tree';
import { closeDateFieldOf } from '../deals/deal-flags';
import { localDay } from '../home/day-window';

export interface QuickFilterContext {
  meta: ObjectMeta;
  /** The fields the list can filter on. */
  fields: readonly FieldMeta[];
  userId: string | null;
  now: Date;
}

export interface QuickFilter {
  id: string;
  /** Its label's key under `records.quick` (`{label}`: the object's plural label). */
  label: string;
  /** The conditions it stands for on this object, or null when the object lacks what it needs. */
  conditions: (ctx: QuickFilterContext) => Condition[] | null;
}

const registry: QuickFilter[] = [];

export function defineQuickFilter(filter: QuickFilter): void {
  registry.push(filter);
}

const has = (ctx: QuickFilterContext, name: string) => ctx.fields.some((f) => f.name === name);
const mine = (ctx: QuickFilterContext): Condition | null => (ctx.userId && has(ctx, 'owner') ? { field: 'owner', op: 'in', value: [ctx.userId] } : null);
/** Still open: neither won nor lost (only objects with a pipeline have an outcome). */
const open = (ctx: QuickFilterContext): Condition | null => (ctx.meta.pipelines?.length && has(ctx, 'outcome') ? { field: 'outcome', op: 'isNull' } : null);

/** The calendar quarter of a day, as its first and last days (YYYY-MM-DD). */
export function quarterOf(now: Date): [string, string] {
  const first = Math.floor(now.getMonth() / 3) * 3;
  return [localDay(new Date(now.getFullYear(), first, 1)), localDay(new Date(now.getFullYear(), first + 3, 0))];
}

defineQuickFilter({
  id: 'mine',
  label: 'mine',
  // Deals have "my open deals" instead.
  conditions: (ctx) => {
    const owner = mine(ctx);
    return owner && !open(ctx) ? [owner] : null;
  },
});
defineQuickFilter({
  id: 'myOpen',
  label: 'myOpen',
  conditions: (ctx) => {
    const [owner, stillOpen] = [mine(ctx), open(ctx)];
    return owner && stillOpen ? [owner, stillOpen] : null;
  },
});
defineQuickFilter({
  id: 'closingThisQuarter',
  label: 'closingThisQuarter',
  conditions: (ctx) => {
    const close = closeDateFieldOf(ctx.meta);
    const stillOpen = open(ctx);
    if (!close || !stillOpen || !has(ctx, close.name)) return null;
    return [{ field: close.name, op: 'between', value: quarterOf(ctx.now) }, stillOpen];
  },
});

export interface AvailableQuickFilter {
  id: string;
  label: string;
  conditions: Condition[];
}

/** The quick filters an object has, in the order they were registered. */
export function quickFiltersFor(ctx: QuickFilterContext): AvailableQuickFilter[] {
  return registry.flatMap((f) => {
    const conditions = f.conditions(ctx);
    return conditions ? [{ id: f.id, label: f.label, conditions }] : [];
  });
}

/** Whether a list's chips are exactly a quick filter's conditions (in any order). */
export function isQuickFilterOn(quick: AvailableQuickFilter, chips: readonly unknown[]): boolean {
  const key = (c: unknown) => JSON.stringify(c, Object.keys(c as object).sort());
  const want = quick.conditions.map(key).sort();
  const have = chips.map(key).sort();
  return want.length === have.length && want.every((w, i) => w === have[i]);
}
