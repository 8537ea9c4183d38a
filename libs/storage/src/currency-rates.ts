/** Exchange rates into a tenant's reporting currency. */
import type { Queryable } from './db.js';

export interface CurrencyRate {
  currency: string;
  rate: number;
  updatedAt: string;
}

export async function listCurrencyRates(db: Queryable, tenantId: string): Promise<CurrencyRate[]> {
  const { rows } = await db.query<CurrencyRate>('SELECT currency, rate, updated_at AS "updatedAt" FROM platform.currency_rates WHERE tenant_id = $1 ORDER BY currency', [tenantId]);
  return rows;
}

export async function upsertCurrencyRates(db: Queryable, tenantId: string, rates: { currency: string; rate: number }[]): Promise<void> {
  if (!rates.length) return;
  await db.query(
    `INSERT INTO platform.currency_rates (tenant_id, currency, rate)
     SELECT $1, currency, rate FROM jsonb_to_recordset($2::jsonb) AS x(currency text, rate numeric)
     ON CONFLICT (tenant_id, currency) DO UPDATE SET rate = EXCLUDED.rate, updated_at = now()`,
    [tenantId, JSON.stringify(rates)],
  );
}
