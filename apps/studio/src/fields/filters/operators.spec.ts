import { describe, expect, it } from 'vitest';
import { fromFieldFilter, toFieldFilter, type FilterOperatorId } from './operators';

describe('filter operators', () => {
  it('map to the typed filter inputs of the server', () => {
    expect(toFieldFilter({ op: 'contains', value: 'acme' })).toEqual({ contains: 'acme' });
    expect(toFieldFilter({ op: 'between', value: [10, 20] })).toEqual({ gte: 10, lte: 20 });
    expect(toFieldFilter({ op: 'between', value: [null, 20] })).toEqual({ lte: 20 });
    expect(toFieldFilter({ op: 'in', value: ['web', 'event'] })).toEqual({ in: ['web', 'event'] });
    expect(toFieldFilter({ op: 'isNull' })).toEqual({ isNull: true });
    expect(toFieldFilter({ op: 'notNull' })).toEqual({ isNull: false });
    expect(toFieldFilter({ op: 'isFalse' })).toEqual({ eq: false });
  });

  it('leave incomplete conditions out', () => {
    expect(toFieldFilter({ op: 'eq', value: '' })).toBeNull();
    expect(toFieldFilter({ op: 'in', value: [] })).toBeNull();
    expect(toFieldFilter({ op: 'between', value: [null, null] })).toBeNull();
  });

  it('read a saved filter back as the operator the kind offers', () => {
    const numbers: FilterOperatorId[] = ['eq', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull', 'notNull'];
    expect(fromFieldFilter({ gte: 10, lte: 20 }, numbers)).toEqual({ op: 'between', value: [10, 20] });
    expect(fromFieldFilter({ gt: 5 }, numbers)).toEqual({ op: 'gt', value: 5 });
    expect(fromFieldFilter({ isNull: false }, numbers)).toEqual({ op: 'notNull' });
    expect(fromFieldFilter({ eq: true }, ['isTrue', 'isFalse', 'isNull'])).toEqual({ op: 'isTrue' });
    // Not an operator of this kind: the caller keeps it as a raw filter.
    expect(fromFieldFilter({ contains: 'x' }, numbers)).toBeNull();
    expect(fromFieldFilter({ gt: 1, lt: 3 }, numbers)).toBeNull();
  });
});
