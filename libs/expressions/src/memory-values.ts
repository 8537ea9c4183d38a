/**
 * How the in-memory back end reads values so that it agrees with PostgreSQL (libs/expressions/README.md says
 * which semantics each case follows, and why): instants at microsecond precision, a date against an instant as
 * midnight UTC, text ordered by code point, `cat` writing values as the API writes them, case folding that
 * knows Greek final sigma.
 */

/** An instant with a time of day, as the API and PostgreSQL write them. */
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Microseconds since the epoch (PostgreSQL's precision; a double holds them exactly for any real date), or
 * undefined when `s` is no instant. Digits beyond the microsecond are rounded, as PostgreSQL rounds them.
 */
export function instantMicros(s: string): number | undefined {
  const m = ISO_INSTANT.exec(s);
  if (!m) return undefined;
  const [, day, minutes, seconds = '00', fraction = '', zone] = m;
  const whole = Date.parse(`${day}T${minutes}:${seconds}${zone}`);
  if (Number.isNaN(whole)) return undefined;
  return whole * 1000 + Math.round(Number(`0.${fraction || '0'}`) * 1e6);
}

const dateMicros = (s: string): number => Date.parse(`${s}T00:00:00Z`) * 1000;

/**
 * Two operands as they compare: instants by time (a date-only string against an instant is midnight UTC of that
 * day, as PostgreSQL casts it in the platform's UTC sessions); anything else as is.
 */
export function comparable(a: unknown, b: unknown): [unknown, unknown] {
  if (typeof a !== 'string' || typeof b !== 'string') return [a, b];
  const [x, y] = [instantMicros(a), instantMicros(b)];
  if (x !== undefined && y !== undefined) return [x, y];
  if (x !== undefined && DATE_ONLY.test(b)) return [x, dateMicros(b)];
  if (y !== undefined && DATE_ONLY.test(a)) return [dateMicros(a), y];
  return [a, b];
}

const HAS_SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Text order by code point, as PostgreSQL's C collation orders it. JavaScript compares UTF-16 code units,
 * which puts characters beyond the Basic Multilingual Plane (emoji, rare CJK) before U+E000–U+FFFF.
 */
export function compareText(a: string, b: string): number {
  if (!HAS_SURROGATE.test(a) && !HAS_SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const [x, y] = [Array.from(a), Array.from(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** A number in plain decimal notation, as PostgreSQL writes a numeric (1e-7 → "0.0000001", 1e21 → "1000000000000000000000"). */
export function plainNumber(n: number): string {
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, first, rest = '', exp] = m;
  const digits = `${first}${rest}`;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A value inside `cat`: nothing for null, numbers in plain notation, lists as their items joined by commas. */
export function catText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return plainNumber(Object.is(v, -0) ? 0 : v);
  if (Array.isArray(v)) return v.map(catText).join(',');
  return String(v);
}

/** Case folding for case-insensitive matching: lower case, with final sigma (ς) the same letter as σ. */
export const foldCase = (s: string): string => s.toLowerCase().replace(/ς/g, 'σ');
