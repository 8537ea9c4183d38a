/**
 * Field kinds are a registry (libs/definitions/src/field-kinds/README.md): behaviour that differs between kinds
 * is declared by the kind or in a per-layer table keyed by kind id, never tested as `kind.id === 'currency'` in
 * the code that uses it. This fails when such a test comes back, in the libraries or in the studio.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const KINDS = [
  'text',
  'long_text',
  'email',
  'phone',
  'url',
  'number',
  'percent',
  'currency',
  'date',
  'datetime',
  'boolean',
  'single_select',
  'multi_select',
  'lookup',
  'user',
  'auto_number',
  'formula',
];
/** A kind compared with a literal: `kind.id === 'lookup'`, `f.kind !== "user"`, `['a', 'b'].includes(f.kind)`. */
const SWITCH = new RegExp(`kind(\\.id)?\\s*[!=]==?\\s*['"](${KINDS.join('|')})['"]|\\]\\.(includes|has)\\((\\w+\\.)?kind(\\.id)?\\)`);

/** Where kinds are defined: the registry and its per-layer tables, the studio's widget and designer registrations. */
const REGISTRIES = [
  'libs/definitions/src/field-kinds',
  'libs/definitions/src/field-kinds.ts',
  'libs/storage/src/kind-sql.ts',
  'libs/graphql-api/src/kind-types.ts',
  'apps/studio/src/fields/formats.ts',
  'apps/studio/src/fields/widgets.ts',
  'apps/studio/src/components/setup/field-kinds.ts',
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(p);
    return /\.(ts|vue)$/.test(e.name) && !/\.spec\.ts$/.test(e.name) ? [p] : [];
  });
}

describe('field kinds', () => {
  it('are not switched on outside their registries', () => {
    const files = [
      ...readdirSync(join(ROOT, 'libs')).map((l) => join(ROOT, 'libs', l, 'src')),
      join(ROOT, 'apps/server/src'),
      join(ROOT, 'apps/studio/src'),
    ].flatMap(sources);
    const found = files
      .filter((f) => !REGISTRIES.some((r) => relative(ROOT, f).startsWith(r)))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => [`${relative(ROOT, f)}:${i + 1}`, line] as const),
      )
      .filter(([, line]) => SWITCH.test(line))
      .map(([where, line]) => `${where}: ${line.trim()}`);
    expect(found).toEqual([]);
  });

  it('would notice one', () => {
    expect(SWITCH.test(`if (f.kind.id === 'currency') {`)).toBe(true);
    expect(SWITCH.test(`fields.filter((f) => f.kind === 'lookup')`)).toBe(true);
    expect(SWITCH.test(`AMOUNT_KINDS.includes(f.kind)`)).toBe(false);
    expect(SWITCH.test(`['number', 'percent'].includes(f.kind)`)).toBe(true);
    expect(SWITCH.test(`if (f.kind.link === 'record')`)).toBe(false);
  });
});
