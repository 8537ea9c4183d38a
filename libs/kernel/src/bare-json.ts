/**
 * JSON values whose objects have no prototype. A field may be named like a member of every JavaScript object
 * (`constructor`, `toString`, `valueOf`, `hasOwnProperty`): on a parsed JSON object `input.toString` is then a
 * function even when the client sent no such key, and code that reads a field by name (GraphQL's variable
 * coercion, validation, column mapping) takes it for a value. Objects without a prototype answer `undefined`
 * for a key they do not hold.
 */
export function bareJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(bareJson) as T;
  if (value === null || typeof value !== 'object') return value;
  const bare = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) bare[key] = bareJson((value as Record<string, unknown>)[key]);
  return bare as T;
}

/** A record keyed by field name with no prototype, so only its own keys are ever found in it. */
export const bareRecord = <V>(): Record<string, V> => Object.create(null) as Record<string, V>;
