/**
 * The Nest application: the platform GraphQL API (`/graphql/platform`, Apollo), files, health and the studio.
 * The data API (`/graphql`) is not here: it is served ahead of Express (see server.ts).
 */
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { DomainErrorFilter } from './domain-error.filter.js';
import { FilesController } from './files.controller.js';
import { HealthController } from './health.controller.js';
import { Platform } from './platform.js';
import { AuthGuard } from './platform-api/auth/auth.guard.js';
import { OperatorGuard } from './platform-api/auth/operator.guard.js';
import { RolesGuard } from './platform-api/auth/roles.guard.js';
import { platformGraphqlOptions } from './platform-api/graphql-options.js';
import { PLATFORM_RESOLVERS } from './platform-api/resolvers/index.js';
import { ApiTokensService } from './services/api-tokens/api-tokens.service.js';
import { ApprovalsService } from './services/approvals.service.js';
import { AttachmentsService } from './services/attachments.service.js';
import { AutomationService } from './services/automation.service.js';
import { CurrencyRatesService } from './services/currency-rates.service.js';
import { DefinitionsService } from './services/definitions.service.js';
import { SalesTargetsService } from './services/sales-targets.service.js';
import { LoginHistoryService } from './services/sign-in/login-history.service.js';
import { SignInService } from './services/sign-in/sign-in.service.js';
import { InvitesService } from './services/invites.service.js';
import { UserImportService } from './services/user-import/user-import.service.js';
import { HandoverService } from './services/handover/handover.service.js';
import { TeamsService } from './services/teams/teams.service.js';
import { TenantsService } from './services/tenants.service.js';
import { UsersService } from './services/users.service.js';
import { ViewsService } from './services/views.service.js';

@Module({})
export class AppModule {
  static register(platform: Platform): DynamicModule {
    const { services } = platform;
    return {
      module: AppModule,
      imports: [GraphQLModule.forRoot(platformGraphqlOptions())],
      controllers: [HealthController, FilesController],
      providers: [
        { provide: Platform, useValue: platform },
        { provide: UsersService, useValue: services.users },
        { provide: TeamsService, useValue: services.teams },
        { provide: InvitesService, useValue: services.invites },
        { provide: UserImportService, useValue: services.userImport },
        { provide: HandoverService, useValue: services.handover },
        { provide: SalesTargetsService, useValue: services.targets },
        { provide: DefinitionsService, useValue: services.definitions },
        { provide: ViewsService, useValue: services.views },
        { provide: CurrencyRatesService, useValue: services.rates },
        { provide: AttachmentsService, useValue: services.attachments },
        { provide: AutomationService, useValue: services.automation },
        { provide: ApprovalsService, useValue: services.approvals },
        { provide: TenantsService, useValue: services.tenants },
        { provide: SignInService, useValue: services.signIn },
        { provide: ApiTokensService, useValue: services.apiTokens },
        { provide: LoginHistoryService, useValue: services.loginHistory },
        ...PLATFORM_RESOLVERS,
        // Order matters: who the caller is, then whether their roles allow the operation (or it is the operator).
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_GUARD, useClass: OperatorGuard },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
      ],
    };
  }
}
