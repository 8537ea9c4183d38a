/**
 * Plan-time checks on what a field definition says about its values: constraints that can be met at all
 * (`minimum` ≤ `maximum`…), patterns that the linear-time engine runs, currency codes that exist. A field
 * that fails them is refused with the keyword's place, before any record meets it.
 */
import { isCurrencyCode, type ErrorDetail } from '@funnelcraft/kernel';
import type { FieldModel, ObjectModel } from './model.js';
import { patternProblem } from './pattern-engine.js';

/** Lower and upper bounds that must not cross. */
const BOUNDS: readonly [string, string][] = [
  ['minimum', 'maximum'],
  ['minLength', 'maxLength'],
  ['minItems', 'maxItems'],
];

/** A U+0000 anywhere in a document: PostgreSQL's jsonb and text cannot hold it. */
function nulPaths(value: unknown, at: string): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nulPaths(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => (k.includes('\u0000') ? [at] : nulPaths(v, `${at}.${k}`)));
  return [];
}

/** Adds the problems of one field, placed under `at` (`documents[0].properties.amount`); returns how many. */
function checkField(f: FieldModel, at: string, problems: ErrorDetail[]): number {
  const doc = f.document as Record<string, unknown>;
  const before = problems.length;
  for (const [low, high] of BOUNDS) {
    const [min, max] = [doc[low], doc[high]];
    if (typeof min === 'number' && typeof max === 'number' && min > max)
      problems.push({ path: `${at}.${low}`, message: `${low} (${min}) is greater than ${high} (${max}): no value could be valid`, keyword: 'bounds' });
  }
  if (typeof doc['pattern'] === 'string') {
    const problem = patternProblem(doc['pattern']);
    if (problem) problems.push({ path: `${at}.pattern`, message: problem, keyword: 'pattern' });
  }
  if (doc['x-currency'] !== undefined && !isCurrencyCode(doc['x-currency']))
    problems.push({ path: `${at}.x-currency`, message: `"${String(doc['x-currency'])}" is not an ISO 4217 currency code`, keyword: 'currency' });
  return problems.length - before;
}

/**
 * Adds the problems of an object's fields and any NUL in its document (at `path`, e.g. `documents[0]`). Returns
 * the fields whose value schema cannot be compiled: their defaults cannot be checked against it.
 */
export function checkObjectValueRules(obj: ObjectModel, path: string, problems: ErrorDetail[]): Set<FieldModel> {
  for (const at of nulPaths(obj.document, path))
    problems.push({ path: at, message: 'contains a NUL character (U+0000), which cannot be stored', keyword: 'nul' });
  return new Set(obj.fields.filter((f) => checkField(f, `${path}.properties.${f.name}`, problems) > 0));
}
