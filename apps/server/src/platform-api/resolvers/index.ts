/** Every resolver of the platform API: the module serves these and the schema file is printed from these. */
import { AccessAuditResolver } from './access-audit.resolver.js';
import { ApprovalsResolver } from './approvals.resolver.js';
import { AttachmentsResolver } from './attachments.resolver.js';
import { AutomationResolver } from './automation.resolver.js';
import { CurrencyRatesResolver } from './currency-rates.resolver.js';
import { DefinitionsResolver } from './definitions.resolver.js';
import { FieldKindsResolver } from './field-kinds.resolver.js';
import { HandoverResolver } from './handover.resolver.js';
import { InvitesResolver } from './invites.resolver.js';
import { FieldMetaResolver, ObjectMetaResolver } from './metadata.resolver.js';
import { SalesTargetsResolver } from './sales-targets.resolver.js';
import { SessionResolver } from './session.resolver.js';
import { TeamsResolver } from './teams.resolver.js';
import { TenantsResolver } from './tenants.resolver.js';
import { UserImportResolver } from './user-import.resolver.js';
import { UsersResolver } from './users.resolver.js';
import { ViewsResolver } from './views.resolver.js';

export const PLATFORM_RESOLVERS = [
  SessionResolver,
  UsersResolver,
  TeamsResolver,
  InvitesResolver,
  UserImportResolver,
  HandoverResolver,
  SalesTargetsResolver,
  AccessAuditResolver,
  DefinitionsResolver,
  ObjectMetaResolver,
  FieldMetaResolver,
  FieldKindsResolver,
  ViewsResolver,
  CurrencyRatesResolver,
  AttachmentsResolver,
  AutomationResolver,
  ApprovalsResolver,
  TenantsResolver,
];
