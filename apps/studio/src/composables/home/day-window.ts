/** The user's calendar day and month in the browser's zone, as the bounds the data API's filters take. */

const pad = (n: number) => String(n).padStart(2, '0');
/** YYYY-MM-DD of a local date (date fields hold calendar days, not instants). */
export const localDay = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

export interface DayWindow {
  /** today, YYYY-MM-DD */
  today: string;
  /** the first and last day of this month, YYYY-MM-DD */
  monthStart: string;
  monthEnd: string;
  /** the instants today starts and tomorrow starts, ISO */
  startOfToday: string;
  startOfTomorrow: string;
}

export function dayWindow(now: Date): DayWindow {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return {
    today: localDay(start),
    monthStart: localDay(new Date(now.getFullYear(), now.getMonth(), 1)),
    monthEnd: localDay(new Date(now.getFullYear(), now.getMonth() + 1, 0)),
    startOfToday: start.toISOString(),
    startOfTomorrow: tomorrow.toISOString(),
  };
}
