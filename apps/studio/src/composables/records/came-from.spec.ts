import { describe, expect, it } from 'vitest';
import { cameFrom, cameFromQuery } from './came-from';

const ID = '0192f0c4-6b1e-7c3a-9d2e-1f2a3b4c5d6e';
const known = (o: string) => o === 'account';

describe('cameFrom', () => {
  it('reads the record a screen was opened from', () => {
    expect(cameFrom(cameFromQuery('account', ID) as Record<string, string>, known)).toEqual({ object: 'account', id: ID });
  });

  it('ignores unknown objects, ids that are not record ids and anything else', () => {
    expect(cameFrom({ _from: `deal:${ID}` }, known)).toBeNull();
    expect(cameFrom({ _from: 'account:../../login' }, known)).toBeNull();
    expect(cameFrom({ _from: `account:${ID}:x` }, known)).toBeNull();
    expect(cameFrom({ _from: ['a', 'b'] }, known)).toBeNull();
    expect(cameFrom({}, known)).toBeNull();
  });
});
