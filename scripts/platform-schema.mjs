/**
 * `npm run schema`: prints the platform API's schema to apps/server/schema.gql (from the built server), then
 * regenerates the studio's types for its platform operations from it. Specs fail when either file is stale.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { GENERATED_PATH, generatePlatformTypes, readSources } from './platform-types.mjs';

const root = new URL('..', import.meta.url);
execFileSync('npx', ['tsc', '-b', 'apps/server'], { cwd: root, stdio: 'inherit' });
await import('reflect-metadata');
const { buildPlatformSchema, printPlatformSchema, SCHEMA_FILE } = await import('../apps/server/dist/platform-api/schema-file.js');
writeFileSync(new URL(SCHEMA_FILE, root), printPlatformSchema(await buildPlatformSchema()));
const { schema, operations } = readSources();
writeFileSync(new URL(GENERATED_PATH, root), generatePlatformTypes(schema, operations));
console.log(`wrote ${SCHEMA_FILE} and ${GENERATED_PATH}`);
