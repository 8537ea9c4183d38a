import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import libraries from source: no build needed to run them.
const libs = readdirSync(new URL('./libs', import.meta.url));
const alias: Record<string, string> = Object.fromEntries(
  libs.map((name) => [`@funnelcraft/${name}`, fileURLToPath(new URL(`./libs/${name}/src/index.ts`, import.meta.url))]),
);
// graphql 16 has no "exports": Node loads its CJS build (as Apollo does), Vite would pick index.mjs. One realm only.
alias['graphql'] = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['libs/*/src/**/*.spec.ts', 'apps/server/src/**/*.spec.ts', 'apps/studio/src/**/*.spec.ts', 'tests/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/api/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'browser',
          include: ['tests/e2e/studio/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
