/**
 * Adding users in bulk (who may call it is the resolver's guard: admins). The rows are checked as a whole
 * (import-rows.ts) under the tenant's teams lock, against the teams and users as they are then; one problem and
 * nothing is created. Then one INSERT writes every user with a one-time invite link (the invite service's
 * links: only the secret's hash is kept) and no password, so no argon2 hash is computed per user (that is
 * what made fifty createUser calls take ten seconds); each link is in the answer, shown this once.
 */
import type { Session } from '@funnelcraft/auth';
import { NO_PASSWORD } from '@funnelcraft/auth';
import { badInput, DomainError, ErrorCode, validationFailed, type ErrorDetail } from '@funnelcraft/kernel';
import { inTeamsTransaction, insertInvitedUsers, listTeams, takenEmails, type PlatformOrm } from '@funnelcraft/storage';
import type { TenantSchemas } from '../../tenant-schemas.js';
import type { AccessDirectory } from '../access-directory.js';
import { newInvite, type UserInvite } from '../invites.service.js';
import { checkImportRows, csvImportRows, listImportRows, MAX_IMPORT_USERS, type ImportRow, type ImportRowInput } from './import-rows.js';

/** Exactly one of the two. */
export interface UserImportInput {
  csv?: string;
  users?: readonly ImportRowInput[];
}

const refuseIf = (problems: ErrorDetail[], rows: number) => {
  if (problems.length) throw validationFailed(`${problems.length} problem(s) in ${rows} user(s); nothing was created`, problems);
};

export class UserImportService {
  constructor(
    private readonly orm: PlatformOrm,
    private readonly schemas: TenantSchemas,
    private readonly directory: AccessDirectory,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async importUsers(session: Session, input: UserImportInput): Promise<UserInvite[]> {
    const rows = this.rowsOf(input);
    if (rows.length > MAX_IMPORT_USERS)
      throw new DomainError(ErrorCode.LimitExceeded, `At most ${MAX_IMPORT_USERS} users per import, got ${rows.length}`, [
        { path: input.csv !== undefined ? 'csv' : 'users', message: `at most ${MAX_IMPORT_USERS}` },
      ]);
    const roleDocuments = (await this.schemas.modelFor(session.tenant)).roles.keys();
    const tenantId = session.tenant.id;
    try {
      // Under the teams lock: no team the rows name can be deleted or renamed between the check and the insert.
      return await inTeamsTransaction(this.orm, tenantId, async (em) => {
        const [teams, taken] = await Promise.all([
          listTeams(em, tenantId),
          takenEmails(
            em,
            tenantId,
            rows.map((r) => r.email.trim()),
          ),
        ]);
        const { users, problems } = checkImportRows(rows, { teams, roleDocuments, taken });
        refuseIf(problems, rows.length);
        const invites = users.map(() => newInvite(this.now()));
        const created = await insertInvitedUsers(
          em,
          tenantId,
          users.map((u, i) => ({ ...u, passwordHash: NO_PASSWORD, inviteHash: invites[i]!.hash, inviteExpiresAt: invites[i]!.expiresAt })),
        );
        return created.map((user, i) => ({ user, secret: invites[i]!.secret, expiresAt: invites[i]!.expiresAt }));
      });
    } finally {
      this.directory.forget(tenantId);
    }
  }

  private rowsOf(input: UserImportInput): ImportRow[] {
    if ((input.csv === undefined) === (input.users === undefined))
      throw badInput('Give either csv or users', [{ path: 'csv', message: 'exactly one of csv and users' }]);
    if (input.users !== undefined) return listImportRows(input.users);
    const { rows, problems } = csvImportRows(input.csv ?? '');
    refuseIf(problems, rows.length);
    if (!rows.length) throw badInput('The CSV has a header but no users', [{ path: 'csv', message: 'no rows', reason: 'empty' }]);
    return rows;
  }
}
