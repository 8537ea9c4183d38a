/**
 * What a deal on a board card or a list row is flagged with: overdue (its expected close date has passed and
 * it is still open) and idle (longer in its stage than the stage allows, the server's `isIdle`). Pure: the
 * caller passes today, so a spec can pin it.
 */
import type { FieldMeta, ObjectMeta } from '../../api/operations';

export type DealFlag = 'overdue' | 'idle';

/**
 * The field holding a deal's expected close date: the field named `closeDate` (the name the sales model,
 * the home page and the analytics' forecast use). Only objects with a pipeline have deals to flag.
 */
export const CLOSE_DATE_FIELD = 'closeDate';

export function closeDateFieldOf(meta: ObjectMeta | undefined): FieldMeta | undefined {
  if (!meta?.pipelines?.length) return undefined;
  return meta.fields.find((f) => f.name === CLOSE_DATE_FIELD);
}

/** The fields a row must carry for its flags (beside what it shows): empty for objects without a pipeline. */
export function flagFieldNames(meta: ObjectMeta | undefined): string[] {
  if (!meta?.pipelines?.length) return [];
  const close = closeDateFieldOf(meta);
  return ['outcome', 'isIdle', ...(close ? [close.name] : [])];
}

/** `today` is the user's calendar day, YYYY-MM-DD. A won or lost deal (an outcome) is never flagged. */
export function dealFlags(row: Record<string, unknown>, meta: ObjectMeta | undefined, today: string): DealFlag[] {
  if (!meta?.pipelines?.length || row['outcome']) return [];
  const flags: DealFlag[] = [];
  const close = closeDateFieldOf(meta);
  const due = close ? row[close.name] : undefined;
  if (typeof due === 'string' && due.slice(0, 10) < today) flags.push('overdue');
  if (row['isIdle'] === true) flags.push('idle');
  return flags;
}
