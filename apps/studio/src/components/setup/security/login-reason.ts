/**
 * The catalogue key (access.logins.reasons.*) of a sign-in's reason as the server writes it (sign-in.service.ts,
 * credentials.ts): a table, so a reason it does not know yet is shown in the server's words.
 */
export type LoginReasonKey =
  | 'unknownTenant'
  | 'unknownEmail'
  | 'wrongPassword'
  | 'accountThrottled'
  | 'addressThrottled'
  | 'unknownToken'
  | 'revoked'
  | 'expired'
  | 'creatorDeactivated'
  | 'rolesNotGrantable';

const REASONS: Record<string, LoginReasonKey> = {
  'unknown tenant': 'unknownTenant',
  'unknown email': 'unknownEmail',
  'wrong password': 'wrongPassword',
  'too many failures for this account': 'accountThrottled',
  'too many failures from this address': 'addressThrottled',
  'unknown token': 'unknownToken',
  revoked: 'revoked',
  expired: 'expired',
  'creator deactivated': 'creatorDeactivated',
  'roles no longer grantable': 'rolesNotGrantable',
};

export const loginReasonKey = (reason: string): LoginReasonKey | undefined => REASONS[reason.trim().toLowerCase()];
