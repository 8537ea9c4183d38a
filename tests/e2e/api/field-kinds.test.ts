/**
 * The field-kind flags the studio reads (query `fieldKinds`) are the server registry's, so the studio cannot
 * drift from what the server accepts: e.g. a percent field may be a pipeline's amount, and the server applies
 * such a pipeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_KIND_IDS, FIELD_KINDS, FILTER_OPERATORS } from '@funnelcraft/definitions';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { newTenant, testPool } from '../../support/db.js';

interface KindMeta {
  id: string;
  stored: boolean;
  writable: boolean;
  indexable: boolean;
  canBeAmount: boolean;
  searchable: boolean;
  sortable: boolean;
  canBeTitle: boolean;
  link: string | null;
  filterOperators: string[];
}

describe('field kinds in the metadata', () => {
  let server: RunningServer;
  let pool: Pool;
  beforeAll(async () => {
    pool = await testPool();
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
    await pool.end();
  });

  const QUERY = '{ fieldKinds { id stored writable indexable canBeAmount searchable sortable canBeTitle link filterOperators } }';

  it('publishes every kind with the flags of the registry on the platform API', async () => {
    const data = ok(await platformGql<{ fieldKinds: KindMeta[] }>(server.url, QUERY, {}));
    expect(data.fieldKinds.map((k) => k.id).sort()).toEqual([...FIELD_KIND_IDS].sort());
    for (const k of data.fieldKinds) {
      const kind = FIELD_KINDS[k.id as keyof typeof FIELD_KINDS];
      expect(k, k.id).toEqual({
        id: kind.id,
        stored: kind.storage !== null,
        writable: kind.writable,
        indexable: kind.indexable,
        canBeAmount: kind.canBeAmount,
        searchable: kind.searchable,
        sortable: kind.sortable,
        canBeTitle: kind.canBeTitle,
        link: kind.link,
        filterOperators: [...FILTER_OPERATORS[kind.filter]],
      });
    }
    expect(
      data.fieldKinds
        .filter((k) => k.canBeAmount)
        .map((k) => k.id)
        .sort(),
    ).toEqual(['currency', 'number', 'percent']);
  });

  it('is platform metadata, not part of the data API', async () => {
    expect((await gql(server.url, QUERY, {})).errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('applies a pipeline whose amount is a percent field, as the flag says', async () => {
    const t = await newTenant(pool);
    const token = await login(server.url, t.tenant.slug, t.email);
    const project = { type: 'object', 'x-object': 'project', properties: { title: { 'x-kind': 'text' }, progress: { 'x-kind': 'percent' } } };
    const pipeline = {
      'x-pipeline': 'delivery',
      'x-object': 'project',
      'x-amount-field': 'progress',
      stages: [
        { key: 'open', category: 'open', probability: 10 },
        { key: 'won', category: 'won', probability: 100 },
        { key: 'lost', category: 'lost', probability: 0 },
      ],
    };
    const applied = ok(
      await platformGql<{ applyDefinitions: { applied: boolean } }>(
        server.url,
        'mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { applied } }',
        { d: [project, pipeline] },
        token,
      ),
    );
    expect(applied.applyDefinitions.applied).toBe(true);
    const { pipelines } = ok(
      await platformGql<{ pipelines: { amountField: string }[] }>(server.url, '{ pipelines(object: "project") { amountField } }', {}, token),
    );
    expect(pipelines).toEqual([{ amountField: 'progress' }]);
  });
});
