/** Exchange rates into the tenant's reporting currency. */
import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Session } from '@funnelcraft/auth';
import type { CurrencyRate } from '@funnelcraft/storage';
import { CurrencyRatesService } from '../../services/currency-rates.service.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { CurrencyRateInput, CurrencyRateType } from '../types/workspace.types.js';

@Resolver(() => CurrencyRateType)
export class CurrencyRatesResolver {
  constructor(@Inject(CurrencyRatesService) private readonly rates: CurrencyRatesService) {}

  @Query(() => [CurrencyRateType], { description: 'rates into the tenant reporting currency (tenant.currency)' })
  currencyRates(@CurrentSession() session: Session): Promise<CurrencyRate[]> {
    return this.rates.list(session);
  }

  @Roles('admin')
  @Mutation(() => [CurrencyRateType], { description: 'Sets exchange rates into the reporting currency (1 unit = rate reporting units); admins only' })
  setCurrencyRates(
    @CurrentSession() session: Session,
    @Args('rates', { type: () => [CurrencyRateInput] }) rates: CurrencyRateInput[],
  ): Promise<CurrencyRate[]> {
    return this.rates.set(session, rates);
  }
}
