/** Timing helpers: medians of repeated runs, throughput of N concurrent loops, retained heap. */
import { performance } from 'node:perf_hooks';

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Runs `fn` `warmup` times unmeasured, then `n` times; returns the median in ms. */
export async function p50(fn: () => Promise<unknown>, n: number, warmup = Math.ceil(n / 5)): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Alternates two workloads in rounds so machine noise hits both alike; returns both medians. */
export async function pairedP50(a: () => Promise<unknown>, b: () => Promise<unknown>, n: number): Promise<[number, number]> {
  for (let i = 0; i < Math.ceil(n / 5); i++) {
    await a();
    await b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < n; i++) {
    let t0 = performance.now();
    await a();
    ta.push(performance.now() - t0);
    t0 = performance.now();
    await b();
    tb.push(performance.now() - t0);
  }
  return [median(ta), median(tb)];
}

/** Completed calls per second with `clients` loops running `fn` for `ms` milliseconds. */
export async function throughput(fn: () => Promise<unknown>, clients: number, ms: number): Promise<number> {
  const end = performance.now() + ms;
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        await fn();
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) g();
}

export function heapUsedMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
