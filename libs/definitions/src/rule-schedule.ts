/**
 * Scheduled rules: whether a cron tick is theirs (in the rule's or the tenant's time zone), and which records a
 * tick selects, as one json-logic filter over the object's fields that storage compiles to SQL. The filter and
 * the condition may read the clock: `now`, `today`, and `today+N` / `today-N` (N days, in the time zone), bound
 * as literals before compiling; a condition's `new.x` / `old.x` read the record's `x` (a scan has no previous).
 */
import { nextCronTime, type CronSpec } from './cron.js';
import type { RuleModel } from './rule-model.js';

const CLOCK = /^(now|today)(?:([+-])(\d{1,4}))?$/;

/** Whether a variable name reads the clock (`now`, `today`, `today+3`). */
export const isClockVariable = (name: string) => CLOCK.test(name) && !name.startsWith('now+') && !name.startsWith('now-');

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** The calendar date (YYYY-MM-DD) at `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, f);
  }
  return f.format(at);
}

function clockValue(name: string, at: Date, timeZone: string): string | undefined {
  const m = CLOCK.exec(name);
  if (!m || (m[1] === 'now' && m[2])) return undefined;
  if (m[1] === 'now') return at.toISOString();
  const day = new Date(`${localDate(at, timeZone)}T00:00:00Z`);
  if (m[2]) day.setUTCDate(day.getUTCDate() + (m[2] === '-' ? -1 : 1) * Number(m[3]));
  return day.toISOString().slice(0, 10);
}

/** The logic with clock variables replaced by their values and `new.` / `old.` prefixes dropped. */
export function bindClock(logic: unknown, at: Date, timeZone: string): unknown {
  if (Array.isArray(logic)) return logic.map((l) => bindClock(l, at, timeZone));
  if (logic === null || typeof logic !== 'object') return logic;
  const entries = Object.entries(logic);
  if (entries.length === 1 && entries[0]![0] === 'var') {
    const arg = entries[0]![1];
    const name = Array.isArray(arg) ? arg[0] : arg;
    if (typeof name === 'string') {
      const value = clockValue(name, at, timeZone);
      if (value !== undefined) return value;
      if (name === 'actor.id') return null;
      const m = /^(?:new|old)\.(.+)$/.exec(name);
      if (m) return { var: m[1] };
    }
    return logic;
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, bindClock(v, at, timeZone)]));
}

/** Whether the minute of `at` is one of the cron's in `timeZone`. */
export function cronMatches(spec: CronSpec, at: Date, timeZone: string): boolean {
  const minute = Math.floor(at.getTime() / 60_000) * 60_000;
  return nextCronTime(spec, new Date(minute - 60_000), timeZone)?.getTime() === minute;
}

/** The time zone a scheduled rule's cron is read in: its own, else the tenant's. */
export const scheduleTimeZone = (rule: RuleModel, tenantTimeZone: string) =>
  (rule.trigger.type === 'scheduled' ? rule.trigger.timeZone : undefined) ?? tenantTimeZone;

/** The records a tick of a scheduled rule selects: its filter AND its condition, clock bound (undefined: all). */
export function scheduledSelection(rule: RuleModel, at: Date, timeZone: string): unknown {
  const parts = [rule.trigger.type === 'scheduled' ? rule.trigger.filter : undefined, rule.condition].filter((p) => p !== undefined);
  if (!parts.length) return undefined;
  const bound = parts.map((p) => bindClock(p, at, timeZone));
  return bound.length === 1 ? bound[0] : { and: bound };
}
