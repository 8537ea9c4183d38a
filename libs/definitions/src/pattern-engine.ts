/**
 * Field `pattern`s come from tenants and run on every write, so they run on RE2 (re2js, a pure-JS port): matching
 * takes time linear in the input, whatever the pattern. JavaScript's own engine backtracks, and `^(a+)+$`
 * against 27 `a`s and a `!` blocks the event loop for seconds. RE2 has no look-around and no back-references;
 * definitions using them are refused at plan time (`patternProblem`). The studio validates forms with the same
 * engine (apps/studio/src/composables/records/pattern-engine.ts), so both sides agree on every value.
 */
import type { CodeOptions } from 'ajv';
import { RE2JS } from 're2js';

/** ajv's `code.regExp`: JSON Schema patterns are unanchored searches, which RE2JS#test is. */
export const linearRegExp: NonNullable<CodeOptions['regExp']> = Object.assign((pattern: string) => RE2JS.compile(pattern), { code: 'RE2JS.compile' });

/** Why a pattern cannot be used, or undefined when RE2 compiles it. */
export function patternProblem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    return `the pattern cannot be used (${(e as Error).message}); look-ahead, look-behind and back-references are not supported`;
  }
}
