/**
 * Request rate limits, held in memory per process: a fixed window of one minute per key (a token, a user, a
 * client address), opened by the key's first request, so a burst is counted from its start, not cut by a
 * clock minute. With N servers behind a balancer a client may get up to N times the limit; refused requests
 * do not count, so a client that waits `Retry-After` seconds is served again.
 */
export interface RateLimitSettings {
  /** Requests a minute per API token or signed-in user (0: no limit). */
  perPrincipal: number;
  /** Requests a minute per client address, signed in or not (0: no limit). */
  perIp: number;
}

const WINDOW_MS = 60_000;
/** Keys kept before expired windows are swept (then, if all are current, the oldest go). */
const MAX_KEYS = 100_000;

export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    private readonly now: () => number = () => Date.now(),
    private readonly windowMs = WINDOW_MS,
  ) {}

  /** Counts a request of `key`: 0 when it is admitted, else the whole seconds until its window ends. */
  hit(key: string): number {
    if (this.limit <= 0) return 0;
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (!w && this.windows.size >= MAX_KEYS) this.sweep(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= this.limit) return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    w.count++;
    return 0;
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
    // Still full of current windows: drop the oldest tenth (Map order is insertion order).
    if (this.windows.size >= MAX_KEYS) {
      let drop = Math.ceil(MAX_KEYS / 10);
      for (const key of this.windows.keys()) {
        if (drop-- <= 0) break;
        this.windows.delete(key);
      }
    }
  }
}
