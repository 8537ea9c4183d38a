/** Exchange rates into a tenant's reporting currency (ORM entities; boards and aggregates join the table in SQL). */
import { isoNow } from './orm/column-types.js';
import { CurrencyRateEntity } from './orm/platform-entities.js';
import { emOf, type PlatformDb } from './orm/platform-orm.js';

export interface CurrencyRate {
  currency: string;
  rate: number;
  updatedAt: string;
}

export async function listCurrencyRates(db: PlatformDb, tenantId: string): Promise<CurrencyRate[]> {
  const rates = await emOf(db).find(CurrencyRateEntity, { tenant: tenantId }, { orderBy: { currency: 'asc' } });
  return rates.map((r) => ({ currency: r.currency, rate: r.rate, updatedAt: r.updatedAt }));
}

export async function upsertCurrencyRates(db: PlatformDb, tenantId: string, rates: { currency: string; rate: number }[]): Promise<void> {
  if (!rates.length) return;
  const updatedAt = isoNow();
  await emOf(db).upsertMany(
    CurrencyRateEntity,
    rates.map((r) => ({ tenant: tenantId, currency: r.currency, rate: r.rate, updatedAt })),
    {
      onConflictFields: ['tenant', 'currency'],
      onConflictAction: 'merge',
      onConflictMergeFields: ['rate', 'updatedAt'],
    },
  );
}
