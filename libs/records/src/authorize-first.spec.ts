import { describe, expect, it } from 'vitest';
import { validateDefinitions } from '@funnelcraft/definitions';
import { DomainError } from '@funnelcraft/kernel';
import type { PlatformOrm, Pool } from '@funnelcraft/storage';
import type { RecordContext } from './context.js';
import { convertRecord } from './conversion-service.js';
import { createRecord, createRecords, deleteRecord, moveRecord, restoreDeletedRecord, updateRecordVersioned } from './records-service.js';

const model = validateDefinitions([{ type: 'object', 'x-object': 'note', properties: { title: { 'x-kind': 'text', maxLength: 5 } }, required: ['title'] }]);
// Nothing may reach the database: a refused actor is refused before anything is read or checked.
const db = new Proxy(
  {},
  {
    get: () => {
      throw new Error('the database was used');
    },
  },
) as Pool;
const orm = new Proxy(
  {},
  {
    get: () => {
      throw new Error('the database was used');
    },
  },
) as PlatformOrm;
const refused: RecordContext = {
  tenant: { id: 't', slug: 't', schema: 'tenant_t', currency: 'USD' },
  actor: { userId: '', email: '', roles: [] },
  db,
  orm,
  model,
};

async function codeOf(work: () => Promise<unknown>): Promise<string> {
  const e = await work().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return (e as DomainError).code;
}

describe('one order everywhere: authorize, then validate', () => {
  it('refuses an actor who may not write with FORBIDDEN, whatever is wrong with the input', async () => {
    expect(await codeOf(() => createRecord(refused, 'note', { title: 'far too long', nope: 1 }))).toBe('FORBIDDEN');
    expect(
      await codeOf(() =>
        createRecords(
          refused,
          'note',
          Array.from({ length: 2000 }, () => ({})),
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(await codeOf(() => updateRecordVersioned(refused, 'note', 'not-a-uuid', 1, { title: 'far too long' }))).toBe('FORBIDDEN');
    expect(await codeOf(() => moveRecord(refused, 'note', 'not-a-uuid', 1, { stage: 'x' }))).toBe('FORBIDDEN');
    expect(await codeOf(() => deleteRecord(refused, 'note', 'not-a-uuid'))).toBe('FORBIDDEN');
    expect(await codeOf(() => restoreDeletedRecord(refused, 'note', 'not-a-uuid'))).toBe('FORBIDDEN');
    expect(await codeOf(() => convertRecord(refused, 'note', 'not-a-uuid', 1, [{ target: 'ghost' }]))).toBe('FORBIDDEN');
  });

  it('still tells an actor who may write what is wrong', async () => {
    const allowed = { ...refused, actor: { userId: '00000000-0000-7000-8000-000000000001', email: 'a@b.c', roles: [] } };
    expect(await codeOf(() => createRecord(allowed, 'note', { title: 'far too long' }))).toBe('VALIDATION_FAILED');
    expect(await codeOf(() => updateRecordVersioned(allowed, 'note', 'not-a-uuid', 1, {}))).toBe('BAD_USER_INPUT');
  });
});
