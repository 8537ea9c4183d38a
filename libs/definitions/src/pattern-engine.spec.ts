import { describe, expect, it } from 'vitest';
import { RE2JS } from 're2js';
import { URL_SCHEME_PATTERN } from './field-kinds/url.js';
import { FIELD_KINDS } from './field-kinds.js';
import { linearRegExp } from './pattern-engine.js';

const phonePattern = (FIELD_KINDS.phone.valueSchema({}) as { pattern: string }).pattern;

describe('pattern engine', () => {
  it("runs the platform's own patterns on JavaScript's engine, any other on RE2", () => {
    expect(linearRegExp(phonePattern, 'u')).toBeInstanceOf(RegExp);
    expect(linearRegExp(URL_SCHEME_PATTERN, 'u')).toBeInstanceOf(RegExp);
    expect(linearRegExp('^(a+)+$', 'u')).toBeInstanceOf(RE2JS);
  });

  it('answers as RE2 does on the platform patterns', () => {
    const samples = [
      '+1 555 0100',
      '(030) 1234-5678',
      '12',
      'call me',
      '+86 138 0013 8000',
      'https://a.example',
      'HTTP://x',
      'mailto:a@b',
      'javascript:x',
      'tel:+1',
      'ftp://x',
    ];
    for (const pattern of [phonePattern, URL_SCHEME_PATTERN]) {
      const fast = linearRegExp(pattern, 'u');
      const re2 = RE2JS.compile(pattern);
      for (const s of samples) expect(fast.test(s), `${pattern} on ${s}`).toBe(re2.test(s));
    }
  });
});
