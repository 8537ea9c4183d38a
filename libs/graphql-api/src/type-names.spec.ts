import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_TYPE_NAMES, generatedTypeNames, STATIC_TYPE_NAMES, validateDefinitions } from '@funnelcraft/definitions';
import { buildTenantSchema } from './build-schema.js';

const SALES = new URL('../../../schemas/examples/sales/', import.meta.url);
const salesDocuments = () =>
  readdirSync(SALES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, SALES), 'utf8')) as unknown);

/** Plan-time type-name checks (libs/definitions/src/type-names.ts) are only as good as their list of names. */
describe('the type names definitions reserve', () => {
  const model = validateDefinitions(salesDocuments());
  const names = Object.keys(buildTenantSchema(model).getTypeMap()).filter((n) => !n.startsWith('__') && !BUILT_IN_TYPE_NAMES.has(n));
  const generated = new Set(model.objects.flatMap((o) => generatedTypeNames(o.name)));

  it('cover every type the schema builder generates, for objects with pipelines and conversions too', () => {
    expect(model.pipelines.size * model.conversions.size).toBeGreaterThan(0);
    expect(
      names.filter((n) => !generated.has(n) && !STATIC_TYPE_NAMES.has(n)),
      'generated: add the suffix to type-names.ts; static: add to STATIC_TYPE_NAMES',
    ).toEqual([]);
  });

  it('name every static type, so that a generated name meeting one is refused', () => {
    const staticNames = Object.keys(buildTenantSchema(validateDefinitions([])).getTypeMap()).filter((n) => !n.startsWith('__') && !BUILT_IN_TYPE_NAMES.has(n));
    // A new static type belongs in STATIC_TYPE_NAMES (libs/definitions/src/naming.ts): objects must not generate it.
    expect(
      staticNames.filter((n) => !STATIC_TYPE_NAMES.has(n)),
      'add these to STATIC_TYPE_NAMES in libs/definitions/src/naming.ts',
    ).toEqual([]);
    expect(names.filter((n) => generated.has(n) && STATIC_TYPE_NAMES.has(n))).toEqual([]);
  });
});
