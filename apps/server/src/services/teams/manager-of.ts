/**
 * "The owner's manager", for rules and approvals: `managerOf(db, tenantId, userId)` is the manager of the
 * user's primary team or, when the user manages that team itself (or it has no active manager), the nearest
 * manager up the tree; null when there is none. Takes any pg pool or transaction client (one statement).
 */
export { managerOf } from '@funnelcraft/storage';
