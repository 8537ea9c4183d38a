import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPlatformSchema, printPlatformSchema, SCHEMA_FILE } from './schema-file.js';

describe('platform schema file', () => {
  it(`${SCHEMA_FILE} is what the resolvers define`, async () => {
    const checkedIn = readFileSync(new URL(`../../../../${SCHEMA_FILE}`, import.meta.url), 'utf8');
    const printed = printPlatformSchema(await buildPlatformSchema());
    expect(printed === checkedIn, `${SCHEMA_FILE} is out of date: run \`npm run schema\` to regenerate it (and the studio's types)`).toBe(true);
  });
});
