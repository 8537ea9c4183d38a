/**
 * Field `pattern`s come from tenants and run on every write, so they run on RE2 (re2js, a pure-JS port): matching
 * takes time linear in the input, whatever the pattern. JavaScript's own engine backtracks, and `^(a+)+$`
 * against 27 `a`s and a `!` blocks the event loop for seconds. RE2 has no look-around and no back-references;
 * definitions using them are refused at plan time (`patternProblem`). The studio validates forms with the same
 * engine (apps/studio/src/composables/records/pattern-engine.ts), so both sides agree on every value.
 */
import type { CodeOptions } from 'ajv';
import { RE2JS } from 're2js';

/**
 * Patterns the platform writes itself (a field kind's own, such as a phone number's): each is a bounded
 * character class or a fixed alternation, linear on any engine, so it runs on JavaScript's own, which tests a
 * phone number in well under a microsecond where re2js takes about 17 µs. A bulk create validates every row:
 * on re2js, 1,000 contacts spent 17 ms of their request in the phone pattern alone.
 */
const platformPatterns = new Set<string>();

/** Declares a pattern as the platform's own (reviewed: no nested or unbounded quantified groups) and returns it. */
export function platformPattern(pattern: string): string {
  platformPatterns.add(pattern);
  return pattern;
}

/** ajv's `code.regExp`: JSON Schema patterns are unanchored searches, which RE2JS#test and RegExp#test both are. */
export const linearRegExp: NonNullable<CodeOptions['regExp']> = Object.assign(
  (pattern: string) => (platformPatterns.has(pattern) ? new RegExp(pattern, 'u') : RE2JS.compile(pattern)),
  { code: 'RE2JS.compile' },
);

/** Why a pattern cannot be used, or undefined when RE2 compiles it. */
export function patternProblem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    return `the pattern cannot be used (${(e as Error).message}); look-ahead, look-behind and back-references are not supported`;
  }
}
