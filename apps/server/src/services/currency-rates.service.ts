/** Exchange rates into a tenant's reporting currency (board and aggregate totals convert with them). */
import type { Session } from '@funnelcraft/auth';
import { isCurrencyCode, validationFailed } from '@funnelcraft/kernel';
import { listCurrencyRates, upsertCurrencyRates, type CurrencyRate, type PlatformOrm } from '@funnelcraft/storage';

export interface RateInput {
  currency: string;
  rate: number;
}

export class CurrencyRatesService {
  constructor(private readonly orm: PlatformOrm) {}

  list(session: Session): Promise<CurrencyRate[]> {
    return listCurrencyRates(this.orm, session.tenant.id);
  }

  /** Upserts the given rates (1 unit = rate reporting units) and returns all of them; all or none are stored. */
  async set(session: Session, rates: RateInput[]): Promise<CurrencyRate[]> {
    const problems = rates.flatMap((r, i) => [
      ...(rates.findIndex((o) => o.currency === r.currency) < i ? [{ path: `rates[${i}].currency`, message: `${r.currency} is listed twice` }] : []),
      ...(isCurrencyCode(r.currency) ? [] : [{ path: `rates[${i}].currency`, message: 'an ISO 4217 code such as EUR' }]),
      ...(Number.isFinite(r.rate) && r.rate > 0 ? [] : [{ path: `rates[${i}].rate`, message: 'must be a positive number' }]),
    ]);
    if (problems.length) throw validationFailed('Invalid currency rates', problems);
    await upsertCurrencyRates(this.orm, session.tenant.id, rates);
    return listCurrencyRates(this.orm, session.tenant.id);
  }
}
