/**
 * Password sign-in with a throttle and a history. Every attempt is recorded (success, failure, throttled;
 * address, user agent). Before the password is checked, the account (tenant and email as typed, whether or
 * not they exist) and the address are looked up in the recent failures (loginWaits): one held answers
 * RATE_LIMITED with the seconds to wait, the same for every account, so the answer tells nothing about it.
 */
import { checkPassword, issueLogin, type LoginResult } from '@funnelcraft/auth';
import { rateLimited, type ClientInfo } from '@funnelcraft/kernel';
import {
  findTenantBySlug,
  findUserByEmail,
  loginWaits,
  recordLoginEvent,
  type LoginOutcome,
  type LoginThrottleLimits,
  type PlatformOrm,
  type Queryable,
} from '@funnelcraft/storage';

export interface LoginInput {
  tenant: string;
  email: string;
  password: string;
}

export class SignInService {
  constructor(
    private readonly orm: PlatformOrm,
    private readonly db: Queryable,
    private readonly secret: string,
    private readonly limits: LoginThrottleLimits,
  ) {}

  async login(input: LoginInput, client: ClientInfo): Promise<LoginResult> {
    const tenantSlug = input.tenant.trim().toLowerCase().slice(0, 64);
    const email = input.email.trim().toLowerCase().slice(0, 254);
    const record = (outcome: LoginOutcome, found: { tenantId?: string; userId?: string }, reason: string | null) =>
      recordLoginEvent(this.db, {
        tenantId: found.tenantId ?? null,
        userId: found.userId ?? null,
        tokenId: null,
        method: 'password',
        outcome,
        tenantSlug,
        email,
        ip: client.ip,
        userAgent: client.userAgent,
        reason,
      });
    const waits = await loginWaits(this.db, { tenantSlug, email, ip: client.ip }, this.limits);
    const wait = Math.max(waits.account ?? 0, waits.ip ?? 0);
    if (wait > 0) {
      // Looked up for the admin's history only: the answer is the same whether or not they exist.
      const tenant = /^[a-z][a-z0-9_]{1,29}$/.test(tenantSlug) ? await findTenantBySlug(this.orm, tenantSlug) : undefined;
      const user = tenant ? await findUserByEmail(this.orm, tenant.id, email) : undefined;
      await record(
        'throttled',
        { tenantId: tenant?.id, userId: user?.id },
        waits.account ? 'too many failures for this account' : 'too many failures from this address',
      );
      throw rateLimited(`Too many failed sign-ins; try again in ${wait} seconds`, wait, {
        path: 'login',
        message: 'too many failed sign-ins, wait before trying again',
      });
    }
    const check = await checkPassword(this.orm, input);
    const reason = check.ok ? null : !check.tenant ? 'unknown tenant' : !check.user ? 'unknown email' : 'wrong password';
    await record(check.ok ? 'success' : 'failure', { tenantId: check.tenant?.id, userId: check.user?.id }, reason);
    return issueLogin(check, this.secret);
  }
}
