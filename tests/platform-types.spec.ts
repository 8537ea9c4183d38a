import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_PATH, generatePlatformTypes, readSources } from '../scripts/platform-types.mjs';

describe('studio platform types', () => {
  it(`${GENERATED_PATH} is generated from the schema and the operations as they are`, () => {
    const { schema, operations } = readSources();
    const checkedIn = readFileSync(new URL(`../${GENERATED_PATH}`, import.meta.url), 'utf8');
    expect(generatePlatformTypes(schema, operations) === checkedIn, `${GENERATED_PATH} is out of date: run \`npm run schema\` to regenerate it`).toBe(true);
  });

  it('refuses an operation the schema does not have', () => {
    const { schema } = readSources();
    expect(() => generatePlatformTypes(schema, 'query Nope { nope }')).toThrow(/Cannot query field "nope"/);
  });
});
