/**
 * Five-field cron (minute hour day-of-month month day-of-week) as scheduled rules write it: lists, ranges,
 * steps and `*`; names are not taken. `nextCronTime` finds the next minute matching in an IANA time zone, so
 * "0 9 * * 1-5" is nine in the morning where the tenant is, daylight saving included.
 */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

export interface CronSpec {
  sets: Set<number>[];
  /** Day of month or week restricted (cron ORs the two when both are). */
  domAny: boolean;
  dowAny: boolean;
}

/** The parsed expression, or a message saying what is wrong with it. */
export function parseCron(text: string): CronSpec | string {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5) return `a cron expression has five fields (minute hour day-of-month month day-of-week); "${text}" has ${parts.length}`;
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const { name, min, max } = FIELDS[i]!;
    const set = new Set<number>();
    for (const item of parts[i]!.split(',')) {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
      if (!m) return `"${item}" is not a valid ${name} (numbers, ranges a-b, steps /n, *)`;
      const lo = m[1] === '*' ? min : Number(m[2]);
      const hi = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : lo;
      const step = m[4] !== undefined ? Number(m[4]) : 1;
      if (lo < min || hi > max || lo > hi || step < 1) return `"${item}" is out of range for the ${name} (${min}-${max})`;
      for (let v = lo; v <= hi; v += step) set.add(i === 4 && v === 7 ? 0 : v);
    }
    sets.push(set);
  }
  return { sets, domAny: parts[2] === '*', dowAny: parts[4] === '*' };
}

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function wallClock(at: Date, timeZone: string): number[] {
  let f = partsFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      minute: 'numeric',
      hour: 'numeric',
      day: 'numeric',
      month: 'numeric',
      weekday: 'short',
    });
    partsFormat.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const dow = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday!);
  return [Number(p.minute), Number(p.hour), Number(p.day), Number(p.month), dow];
}

/** Whether a time zone name is one Intl knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The first whole minute after `after` matching the spec in `timeZone` (searched up to a year ahead). */
export function nextCronTime(spec: CronSpec, after: Date, timeZone: string): Date | undefined {
  let t = Math.floor(after.getTime() / 60_000) * 60_000 + 60_000;
  for (let i = 0; i < 366 * 1440; i++, t += 60_000) {
    const [mi, h, dom, mon, dow] = wallClock(new Date(t), timeZone) as [number, number, number, number, number];
    if (!spec.sets[0]!.has(mi) || !spec.sets[1]!.has(h) || !spec.sets[3]!.has(mon)) continue;
    const domOk = spec.sets[2]!.has(dom);
    const dowOk = spec.sets[4]!.has(dow);
    const dayOk = spec.domAny || spec.dowAny ? domOk && dowOk : domOk || dowOk;
    if (dayOk) return new Date(t);
  }
  return undefined;
}
