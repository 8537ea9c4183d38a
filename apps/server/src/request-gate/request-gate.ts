/**
 * What every API request passes before it is served (`/graphql`, `/graphql/platform`, `/files`): its client
 * address, its credentials (credentials.ts) and the rate limits (rate-limits.ts), per address first, then per
 * API token or user. Over a limit the gate answers itself: HTTP 429 with `Retry-After` and a GraphQL-shaped
 * error RATE_LIMITED. Otherwise it leaves what it found on the request for the endpoint (`gateOf`), so a
 * request is authenticated once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Session } from '@funnelcraft/auth';
import { isDomainError, rateLimited, type ClientInfo, type DomainError } from '@funnelcraft/kernel';
import type { Credentials } from '../services/credentials.js';
import { clientInfo } from './client-address.js';
import { FixedWindowLimiter, type RateLimitSettings } from './rate-limits.js';

export interface GateResult {
  client: ClientInfo;
  session: Session | null;
  /** Why the credentials were refused (UNAUTHENTICATED); the endpoint decides whether that matters. */
  error?: DomainError;
}

type GatedRequest = IncomingMessage & { funnelcraftGate?: GateResult };

/** What the gate found for this request, if it passed one. */
export const gateOf = (req: IncomingMessage): GateResult | undefined => (req as GatedRequest).funnelcraftGate;

export class RequestGate {
  private readonly principals: FixedWindowLimiter;
  private readonly addresses: FixedWindowLimiter;

  constructor(
    private readonly credentials: Credentials,
    settings: RateLimitSettings,
    private readonly trustProxy: boolean,
    now: () => number = () => Date.now(),
  ) {
    this.principals = new FixedWindowLimiter(settings.perPrincipal, now);
    this.addresses = new FixedWindowLimiter(settings.perIp, now);
  }

  /** Who the request is from, without counting it (for a request that did not come through `admit`). */
  async identify(req: IncomingMessage, client = clientInfo(req, this.trustProxy)): Promise<GateResult> {
    try {
      return { client, session: await this.credentials.sessionOf(req.headers.authorization, client) };
    } catch (e) {
      if (!isDomainError(e)) throw e;
      return { client, session: null, error: e };
    }
  }

  /** Identifies and counts the request; over a limit it answers 429 itself and returns null. */
  async admit(req: IncomingMessage, res: ServerResponse): Promise<GateResult | null> {
    const client = clientInfo(req, this.trustProxy);
    const addressWait = this.addresses.hit(client.ip ?? 'unknown');
    if (addressWait) return this.refuse(res, addressWait, 'RATE_LIMIT_IP_PER_MINUTE', this.addresses.limit, 'this address');
    const result = await this.identify(req, client);
    const actor = result.session?.actor;
    if (actor) {
      const wait = this.principals.hit(actor.tokenId ? `t:${actor.tokenId}` : `u:${actor.userId}`);
      if (wait) return this.refuse(res, wait, 'RATE_LIMIT_PER_MINUTE', this.principals.limit, actor.tokenId ? 'this API token' : 'this user');
    }
    (req as GatedRequest).funnelcraftGate = result;
    return result;
  }

  private refuse(res: ServerResponse, wait: number, setting: string, max: number, who: string): null {
    const error = rateLimited(`Too many requests: at most ${max} a minute for ${who}; retry in ${wait} seconds`, wait, {
      path: 'request',
      message: `at most ${max} requests a minute`,
      limit: setting,
      max,
    });
    const body = JSON.stringify({ errors: [{ message: error.message, extensions: { code: error.code, details: error.details } }] });
    res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'retry-after': String(wait) });
    res.end(body);
    return null;
  }
}
