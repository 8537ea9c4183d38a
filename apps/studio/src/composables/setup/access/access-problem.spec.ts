import { describe, expect, it } from 'vitest';
import { GraphqlError } from '../../../api/graphql-client';
import { accessProblems } from './access-problem';

const refusal = (code: string, details: Record<string, unknown>[], message = 'Refused') =>
  accessProblems(new GraphqlError(code, message, details as { path: string; message: string }[]));

describe('access refusals', () => {
  it('are worded by code and reason, at the field of their path', () => {
    expect(refusal('VALIDATION_FAILED', [{ path: 'parentId', message: 'a cycle', reason: 'cycle' }])).toEqual([
      { key: 'cycle', field: 'parentId', message: 'a cycle' },
    ]);
    expect(refusal('CONFLICT', [{ path: 'roles', message: 'the last active admin keeps admin', reason: 'lastAdmin' }])[0]).toMatchObject({
      key: 'lastAdmin',
      field: 'roles',
    });
    expect(refusal('VALIDATION_FAILED', [{ path: 'name', message: 'x', reason: 'length' }])[0]!.key).toBe('nameLength');
    expect(refusal('VALIDATION_FAILED', [{ path: 'password', message: 'x', reason: 'length' }])[0]!.key).toBe('passwordLength');
    expect(refusal('VALIDATION_FAILED', [{ path: 'roles[1]', message: 'unknown role' }])[0]).toMatchObject({ key: 'roleUnknown', field: 'roles' });
  });

  it('fall back to the code, then to the server words', () => {
    expect(refusal('NOT_FOUND', [{ path: 'id', message: 'not found' }])[0]!.key).toBe('notFound');
    expect(refusal('FORBIDDEN', [])[0]).toMatchObject({ key: 'forbidden', field: null });
    expect(refusal('SOMETHING_NEW', [], 'Odd')[0]).toEqual({ key: 'failed', field: null, message: 'Odd' });
    expect(accessProblems(new Error('boom'))[0]).toEqual({ key: 'failed', field: null, message: 'boom' });
  });
});
