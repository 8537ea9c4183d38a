/**
 * Typed GraphQL filters → json-logic. The json-logic then compiles to SQL through the same back end as every
 * other expression, so a GraphQL filter and a saved view's json-logic filter mean exactly the same thing.
 */
import { badInput } from '@funnelcraft/kernel';

type FieldFilter = Record<string, unknown>;
export type RecordFilter = { and?: RecordFilter[]; or?: RecordFilter[]; not?: RecordFilter } & Record<string, unknown>;

const v = (field: string) => ({ var: field });

function fieldConditions(field: string, f: FieldFilter, isList: boolean): unknown[] {
  const out: unknown[] = [];
  for (const [op, value] of Object.entries(f)) {
    if (value === undefined) continue;
    if (op === 'isNull') {
      if (value !== null) out.push({ [value ? '==' : '!=']: [v(field), null] });
      continue;
    }
    if (isList) {
      if (op === 'contains') out.push({ in: [value, v(field)] });
      else if (op === 'containsAny') out.push({ or: (value as string[]).map((x) => ({ in: [x, v(field)] })) });
      else if (op === 'containsAll') out.push({ and: (value as string[]).map((x) => ({ in: [x, v(field)] })) });
      continue;
    }
    switch (op) {
      case 'eq':
        out.push({ '==': [v(field), value] });
        break;
      case 'neq':
        out.push({ '!=': [v(field), value] });
        break;
      case 'in':
        out.push({ in: [v(field), value] });
        break;
      case 'notIn':
        out.push({ '!': { in: [v(field), value] } });
        break;
      case 'gt':
        out.push({ '>': [v(field), value] });
        break;
      case 'gte':
        out.push({ '>=': [v(field), value] });
        break;
      case 'lt':
        out.push({ '<': [v(field), value] });
        break;
      case 'lte':
        out.push({ '<=': [v(field), value] });
        break;
      case 'contains':
        out.push({ icontains: [v(field), value] });
        break;
      case 'startsWith':
        out.push({ starts_with: [v(field), value] });
        break;
      default:
        throw badInput(`Unknown filter operator ${op} on ${field}`);
    }
  }
  return out;
}

const combine = (conds: unknown[]): unknown => (conds.length === 0 ? undefined : conds.length === 1 ? conds[0] : { and: conds });

/** @param listFields fields whose values are lists (multi select) */
export function filterToLogic(filter: RecordFilter | null | undefined, listFields: ReadonlySet<string>): unknown {
  if (!filter) return undefined;
  const conds: unknown[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (key === 'and') conds.push(...(value as RecordFilter[]).map((f) => filterToLogic(f, listFields)).filter((c) => c !== undefined));
    else if (key === 'or') {
      const parts = (value as RecordFilter[]).map((f) => filterToLogic(f, listFields) ?? true);
      if (parts.length) conds.push({ or: parts });
    } else if (key === 'not') {
      const inner = filterToLogic(value as RecordFilter, listFields);
      if (inner !== undefined) conds.push({ '!': [inner] });
    } else conds.push(...fieldConditions(key, value as FieldFilter, listFields.has(key)));
  }
  return combine(conds);
}
