/**
 * The regex engine the server runs field patterns on (libs/definitions/src/pattern-engine.ts): RE2, linear in
 * the input. Forms use the same one, so a value the form accepts is one the server accepts, and a hostile
 * pattern cannot freeze the tab. Loaded with ajv, on first use.
 */
import type { CodeOptions } from 'ajv';

export async function loadLinearRegExp(): Promise<NonNullable<CodeOptions['regExp']>> {
  const { RE2JS } = await import('re2js');
  return Object.assign((pattern: string) => RE2JS.compile(pattern), { code: 'RE2JS.compile' });
}
