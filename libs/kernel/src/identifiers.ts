/**
 * Names that come from metadata end up in SQL and GraphQL. They are validated against one strict pattern
 * here and always quoted when written into SQL, so a name can never change the meaning of a statement.
 */
import { DomainError, ErrorCode } from './errors.js';

/** API names of objects and fields: camelCase ASCII, starting with a lower-case letter. */
export const API_NAME_PATTERN = /^[a-z][a-zA-Z0-9]{0,39}$/;
/** Tenant slugs become part of a schema name. */
export const TENANT_SLUG_PATTERN = /^[a-z][a-z0-9_]{1,29}$/;
/** What PostgreSQL accepts unquoted is irrelevant: we only ever emit identifiers that match this. */
const SQL_IDENT_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

export const isApiName = (name: unknown): name is string => typeof name === 'string' && API_NAME_PATTERN.test(name);

/** camelCase → snake_case: `closeDate` → `close_date`. */
export const toSnake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** `salesOrder` → `SalesOrder`. */
export const toPascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** English plural of a camelCase API name, for GraphQL list fields: opportunity → opportunities. */
export function pluralize(name: string): string {
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

/** Double-quotes an identifier after checking it against the strict pattern; throws otherwise. */
export function quoteIdent(ident: string): string {
  if (!SQL_IDENT_PATTERN.test(ident)) {
    throw new DomainError(ErrorCode.InvalidDefinition, `Refusing unsafe SQL identifier ${JSON.stringify(ident)}`);
  }
  return `"${ident}"`;
}

/** `"schema"."table"` */
export const qualified = (schema: string, table: string) => `${quoteIdent(schema)}.${quoteIdent(table)}`;

export const tenantSchemaName = (slug: string): string => {
  if (!TENANT_SLUG_PATTERN.test(slug)) {
    throw new DomainError(ErrorCode.BadInput, `Invalid tenant slug ${JSON.stringify(slug)}`);
  }
  return `tenant_${slug}`;
};
