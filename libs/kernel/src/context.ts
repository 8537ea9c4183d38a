/** Who is acting, in which tenant. Passed explicitly through every service call. */
export interface Tenant {
  id: string;
  slug: string;
  /** PostgreSQL schema holding this tenant's object tables. */
  schema: string;
  currency: string;
}

export interface Actor {
  userId: string;
  email: string;
  roles: readonly string[];
  /** What teams and shares add to the records the actor reaches; set per request by the server (none: own only). */
  reach?: ActorReach;
  /** Set when the request came with an API token: the actor is the token's creator, with the token's roles. */
  tokenId?: string;
}

/** The actor's place in the tenant's teams, computed from its directory (apps/server access-directory.ts). */
export interface ActorReach {
  /**
   * Owners whose records `team` visibility reaches: the actor, the members of its team and of every team
   * below it, and the members of every team it manages and of the teams below those.
   */
  teamUserIds: readonly string[];
}

/** Where a request came from, for rate limits, the login throttle and the login history. */
export interface ClientInfo {
  /** The client's address (see the server's client-address.ts); null when unknown. */
  ip: string | null;
  userAgent: string | null;
}
