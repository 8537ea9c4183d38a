/**
 * A refusal of the access API in the user's language. The server codes every refusal (extensions.code) and
 * gives each detail a path and, where the words matter, a stable `reason`; the studio words them from its
 * catalogue by code and reason (a table, not a switch), and says where the problem is (the path's field).
 */
import { GraphqlError } from '../../../api/graphql-client';

/** Keys of the `access.errors` catalogue. */
export type AccessErrorKey =
  | 'lastAdmin'
  | 'cycle'
  | 'nameTaken'
  | 'nameLength'
  | 'parentUnknown'
  | 'managerInvalid'
  | 'notFound'
  | 'forbidden'
  | 'roleUnknown'
  | 'inviteDeactivated'
  | 'inviteInvalid'
  | 'passwordLength'
  | 'tokenName'
  | 'tokenRoles'
  | 'tokenExpiry'
  | 'rateLimited'
  | 'network'
  | 'failed';

export interface AccessProblem {
  key: AccessErrorKey;
  /** The input the problem is about (name, parentId, managerId, roles, userId, password…); null: the whole action. */
  field: string | null;
  /** The server's words, for `failed`. */
  message: string;
}

/** code:reason, then code:field, then code alone: the first entry found words the problem. */
const WORDS: Record<string, AccessErrorKey> = {
  'CONFLICT:lastAdmin': 'lastAdmin',
  'CONFLICT:deactivated': 'inviteDeactivated',
  'VALIDATION_FAILED:cycle': 'cycle',
  'VALIDATION_FAILED:taken': 'nameTaken',
  'VALIDATION_FAILED:unknown': 'parentUnknown',
  'VALIDATION_FAILED:length@password': 'passwordLength',
  'VALIDATION_FAILED:length@name': 'nameLength',
  'VALIDATION_FAILED:@managerId': 'managerInvalid',
  'VALIDATION_FAILED:@roles': 'roleUnknown',
  'VALIDATION_FAILED:@name': 'tokenName',
  'VALIDATION_FAILED:@expiresAt': 'tokenExpiry',
  'FORBIDDEN:@roles': 'tokenRoles',
  'NOT_FOUND:inviteInvalid': 'inviteInvalid',
  NOT_FOUND: 'notFound',
  FORBIDDEN: 'forbidden',
  RATE_LIMITED: 'rateLimited',
  NETWORK_ERROR: 'network',
};

/** The field of a detail's path: `roles[1]` → roles. */
const fieldOf = (path: unknown) => (typeof path === 'string' && path ? path.split(/[.[]/)[0]! : null);

export function accessProblems(error: unknown): AccessProblem[] {
  if (!(error instanceof GraphqlError)) return [{ key: 'failed', field: null, message: error instanceof Error ? error.message : String(error) }];
  const details = error.details.length ? error.details : [{ path: '', message: error.message }];
  return details.map((d) => {
    const field = fieldOf(d.path);
    const reason = typeof d['reason'] === 'string' ? d['reason'] : '';
    const key =
      WORDS[`${error.code}:${reason}@${field}`] ?? WORDS[`${error.code}:${reason}`] ?? WORDS[`${error.code}:@${field}`] ?? WORDS[error.code] ?? 'failed';
    return { key, field, message: key === 'failed' ? `${error.message}${d.message && d.message !== error.message ? ` (${d.message})` : ''}` : d.message };
  });
}
