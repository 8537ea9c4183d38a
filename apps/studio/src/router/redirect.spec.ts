import { describe, expect, it } from 'vitest';
import { safeRedirect } from './redirect';

describe('safeRedirect', () => {
  it('keeps paths on this site', () => {
    expect(safeRedirect('/o/opportunity?x=1')).toBe('/o/opportunity?x=1');
  });

  it('sends anything else home', () => {
    for (const value of ['//evil.example', '/\\evil.example', 'https://evil.example', '', undefined, ['/setup']]) expect(safeRedirect(value)).toBe('/');
  });
});
