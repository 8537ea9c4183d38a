/** ajv's errors as error details with paths into the request (`documents[2].properties.amount.x-kind`). */
import type { ErrorDetail } from '@funnelcraft/kernel';
import type { ErrorObject } from 'ajv';

/**
 * ajv errors as details. A keyword refused by `propertyNames` comes as two errors (the name, then the enum
 * it failed): they are merged into one that names the keyword and what is allowed there.
 */
export function ajvDetails(prefix: string, errors: ErrorObject[] | null | undefined): ErrorDetail[] {
  const all = (errors ?? []).filter((e) => e.keyword !== 'if');
  // ajv marks the errors raised while checking a property's name with `propertyName`.
  const nameChecks = all.filter((e) => e.propertyName !== undefined && e.keyword !== 'propertyNames');
  return all
    .filter((e) => !nameChecks.includes(e))
    .map((e) => {
      const path = `${prefix}${e.instancePath.replace(/\//g, '.')}`;
      if (e.keyword === 'propertyNames') {
        const name = String(e.params['propertyName']);
        const check = nameChecks.find((c) => c.instancePath === e.instancePath && c.keyword === 'enum');
        const allowed = check ? `; allowed here: ${(check.params['allowedValues'] as unknown[]).join(', ')}` : '';
        const pattern = nameChecks.find((c) => c.instancePath === e.instancePath && c.keyword === 'pattern');
        return {
          path,
          message: pattern ? `"${name}" is not a valid name: ${pattern.message ?? ''}` : `"${name}" is not allowed${allowed}`,
          keyword: 'propertyNames',
        };
      }
      const named = e.params['additionalProperty'];
      const extra = named !== undefined ? ` (${String(named)})` : '';
      const allowed = e.keyword === 'enum' ? `: ${(e.params['allowedValues'] as unknown[]).join(', ')}` : '';
      return { path, message: `${e.message ?? 'invalid'}${allowed}${extra}`, keyword: e.keyword };
    });
}
