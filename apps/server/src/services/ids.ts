/** Ids from clients are checked before they reach SQL, so a typo is a coded error with a path, not a cast failure. */
import { badInput } from '@funnelcraft/kernel';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function assertUuid(id: string, path: string): void {
  if (!UUID.test(id)) throw badInput(`${path} must be an id (a UUID), got ${JSON.stringify(id)}`, [{ path, message: 'not a UUID' }]);
}
