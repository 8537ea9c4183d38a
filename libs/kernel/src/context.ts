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
}
