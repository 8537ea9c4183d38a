/**
 * Filter operators as the filter editors offer them, and how each maps to the server's typed filter inputs
 * (StringFilter, NumberFilter, DateFilter, BooleanFilter, IdFilter, StringListFilter). The mapping goes both
 * ways, so a saved view's filter turns back into the operator and value the user picked.
 */
export type FilterOperatorId =
  | 'contains'
  | 'startsWith'
  | 'eq'
  | 'neq'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'between'
  | 'in'
  | 'notIn'
  | 'containsAny'
  | 'containsAll'
  | 'isNull'
  | 'notNull'
  | 'isTrue'
  | 'isFalse';

/** How many values an operator takes: none, one, a [from, to] pair, or a list. */
export type Arity = 'none' | 'one' | 'two' | 'many';

export const ARITY: Record<FilterOperatorId, Arity> = {
  contains: 'one',
  startsWith: 'one',
  eq: 'one',
  neq: 'one',
  gt: 'one',
  gte: 'one',
  lt: 'one',
  lte: 'one',
  between: 'two',
  in: 'many',
  notIn: 'many',
  containsAny: 'many',
  containsAll: 'many',
  isNull: 'none',
  notNull: 'none',
  isTrue: 'none',
  isFalse: 'none',
};

export interface FilterCondition {
  op: FilterOperatorId;
  /** one: the value; two: [from, to]; many: the values; none: unused */
  value?: unknown;
}

const blank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** The typed filter for a condition, or null while the condition is incomplete. */
export function toFieldFilter(c: FilterCondition): Record<string, unknown> | null {
  switch (ARITY[c.op]) {
    case 'none':
      if (c.op === 'isTrue') return { eq: true };
      if (c.op === 'isFalse') return { eq: false };
      return { isNull: c.op === 'isNull' };
    case 'one':
      return blank(c.value) ? null : { [c.op]: c.value };
    case 'two': {
      const [from, to] = Array.isArray(c.value) ? c.value : [];
      if (blank(from) && blank(to)) return null;
      return { ...(blank(from) ? {} : { gte: from }), ...(blank(to) ? {} : { lte: to }) };
    }
    case 'many':
      return Array.isArray(c.value) && c.value.length ? { [c.op]: [...c.value] } : null;
  }
}

/** Whether a condition says enough to be written (its operator's values are there). */
export const conditionComplete = (c: FilterCondition): boolean => toFieldFilter(c) !== null;

/** The condition a typed filter stands for, among the operators a kind offers; null when it fits none. */
export function fromFieldFilter(filter: Record<string, unknown> | null | undefined, operators: readonly FilterOperatorId[]): FilterCondition | null {
  if (!filter) return null;
  const keys = Object.keys(filter);
  const has = (op: FilterOperatorId) => operators.includes(op);
  if (keys.length === 1 && keys[0] === 'isNull') {
    const op = filter['isNull'] ? 'isNull' : 'notNull';
    return has(op) ? { op } : null;
  }
  if (keys.length === 1 && keys[0] === 'eq' && typeof filter['eq'] === 'boolean' && has('isTrue')) return { op: filter['eq'] ? 'isTrue' : 'isFalse' };
  if (has('between') && keys.length === 2 && 'gte' in filter && 'lte' in filter) return { op: 'between', value: [filter['gte'], filter['lte']] };
  if (keys.length !== 1) return null;
  const op = keys[0] as FilterOperatorId;
  if (!has(op)) return null;
  return { op, value: filter[op] };
}
