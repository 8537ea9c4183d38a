/**
 * Collects the keys asked for during one tick and loads them in one call: lookups and reverse relations are
 * resolved without N+1 queries. One loader per request, so nothing leaks between requests or tenants.
 */
export class BatchLoader<K, V> {
  private pending = new Map<K, { resolve: (v: V) => void; reject: (e: unknown) => void }[]>();
  private scheduled = false;

  constructor(
    private readonly loadMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly missing: V,
  ) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const waiting = this.pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    // Let resolvers of sibling fields enqueue too before the batch goes out.
    await new Promise<void>((r) => setImmediate(r));
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    try {
      const found = await this.loadMany([...batch.keys()]);
      for (const [key, waiters] of batch) for (const w of waiters) w.resolve(found.get(key) ?? this.missing);
    } catch (e) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(e);
    }
  }
}

/** Loaders of one request, created on first use and keyed by what they load. */
export class LoaderRegistry {
  private loaders = new Map<string, BatchLoader<unknown, unknown>>();

  get<K, V>(key: string, create: () => BatchLoader<K, V>): BatchLoader<K, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = create() as BatchLoader<unknown, unknown>;
      this.loaders.set(key, loader);
    }
    return loader as BatchLoader<K, V>;
  }
}
