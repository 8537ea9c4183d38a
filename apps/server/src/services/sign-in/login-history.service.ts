/** The tenant's login history for its admins (who may call this is the resolver's guard). */
import type { Session } from '@funnelcraft/auth';
import { badInput } from '@funnelcraft/kernel';
import { listLoginEvents, type LoginEventFilter, type LoginEventRow, type Queryable } from '@funnelcraft/storage';
import { assertUuid } from '../ids.js';

export const LOGIN_HISTORY_MAX_PAGE = 200;

export class LoginHistoryService {
  constructor(private readonly db: Queryable) {}

  list(
    session: Session,
    filter: LoginEventFilter,
    page: { first: number; after?: string },
  ): Promise<{ nodes: LoginEventRow[]; endCursor: string | null; hasNextPage: boolean }> {
    if (!Number.isInteger(page.first) || page.first < 1 || page.first > LOGIN_HISTORY_MAX_PAGE)
      throw badInput(`first must be between 1 and ${LOGIN_HISTORY_MAX_PAGE}`, [{ path: 'first', message: `between 1 and ${LOGIN_HISTORY_MAX_PAGE}` }]);
    if (filter.userId) assertUuid(filter.userId, 'filter.userId');
    if (filter.tokenId) assertUuid(filter.tokenId, 'filter.tokenId');
    for (const key of ['from', 'to'] as const) {
      const v = filter[key];
      if (v !== undefined && isNaN(Date.parse(v)))
        throw badInput(`filter.${key} is not a date and time`, [{ path: `filter.${key}`, message: 'an ISO date and time' }]);
    }
    return listLoginEvents(this.db, session.tenant.id, filter, page);
  }
}
