/** Users of a tenant: the signed-in one, the list, and adding one (signing in: sign-in/sign-in.service.ts). Passwords are hashed with argon2, never returned. */
import { hashPassword, type Session } from '@funnelcraft/auth';
import { validationFailed, type ErrorDetail } from '@funnelcraft/kernel';
import { createUser, findUserByEmail, findUsersByIds, listUsers, type PlatformOrm, type UserRow } from '@funnelcraft/storage';
import type { TenantSchemas } from '../tenant-schemas.js';

/** Roles a user may have: `admin` may change the workspace (definitions, users, rates); `member` works with records. */
export const USER_ROLES = ['admin', 'member'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface NewUser {
  email: string;
  name: string;
  password: string;
  roles: string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A user's email (already trimmed) as every way of adding users accepts it. */
export const isUserEmail = (email: string): boolean => EMAIL.test(email) && email.length <= 254;
/** A user's name as every way of adding users accepts it. */
export const isUserName = (name: string): boolean => name.trim() !== '' && name.length <= 120;

/** Roles a user of this tenant may be given: the built-in ones and the tenant's role documents (x-role). */
export function roleProblems(roles: readonly string[], roleDocuments: Iterable<string>, path = 'roles'): ErrorDetail[] {
  const known = [...USER_ROLES, ...[...roleDocuments].sort()];
  return roles.flatMap((r, i) => (known.includes(r) ? [] : [{ path: `${path}[${i}]`, message: `unknown role "${r}"; roles: ${known.join(', ')}` }]));
}

function checkNewUser(input: NewUser, roleDocuments: Iterable<string>): ErrorDetail[] {
  const email = input.email.trim();
  return [
    ...(isUserEmail(email) ? [] : [{ path: 'email', message: 'an email address such as ana@example.com' }]),
    ...(isUserName(input.name) ? [] : [{ path: 'name', message: 'between 1 and 120 characters' }]),
    ...(input.password.length >= 10 && input.password.length <= 200 ? [] : [{ path: 'password', message: 'at least 10 characters' }]),
    ...roleProblems(input.roles, roleDocuments),
  ];
}

export class UsersService {
  constructor(
    private readonly orm: PlatformOrm,
    private readonly schemas: TenantSchemas,
  ) {}

  async me(session: Session): Promise<UserRow | null> {
    const [user] = await findUsersByIds(this.orm, session.tenant.id, [session.actor.userId]);
    return user ?? null;
  }

  byIds(session: Session, ids: readonly string[]): Promise<UserRow[]> {
    return findUsersByIds(this.orm, session.tenant.id, ids);
  }

  list(session: Session): Promise<UserRow[]> {
    return listUsers(this.orm, session.tenant.id);
  }

  /** Adds a user to the session's tenant, a `member` unless roles say otherwise (who may add one is the caller's guard). */
  async create(session: Session, input: NewUser): Promise<UserRow> {
    const problems = checkNewUser(input, (await this.schemas.modelFor(session.tenant)).roles.keys());
    if (problems.length) throw validationFailed('Invalid user', problems);
    const email = input.email.trim();
    if (await findUserByEmail(this.orm, session.tenant.id, email)) {
      throw validationFailed('A user with this email exists already', [{ path: 'email', message: 'already a user of this workspace' }]);
    }
    const roles = input.roles.length ? [...new Set(input.roles)] : ['member'];
    return createUser(this.orm, { tenantId: session.tenant.id, email, name: input.name.trim(), passwordHash: await hashPassword(input.password), roles });
  }
}
