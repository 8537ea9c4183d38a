/** API tokens and the login history, as the platform API shows them. */
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from './scalars.js';

@ObjectType('ApiToken', { description: 'A key for integrations: acts as its creator with the roles it is scoped to; only its hash is kept' })
export class ApiTokenType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => [String], { description: 'the roles requests with the token have (never more than its creator may grant)' }) roles!: string[];
  @Field(() => String, { description: 'the secret\'s first characters ("fc_AbCd"), to tell tokens apart' }) hint!: string;
  @Field(() => ID, { nullable: true, description: 'the user who made it; requests act as this user' }) createdBy!: string | null;
  @Field(() => DateTimeScalar) createdAt!: string;
  @Field(() => DateTimeScalar) expiresAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt!: string | null;
  @Field(() => ID, { nullable: true }) revokedBy!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'last request with the token, to the minute' }) lastUsedAt!: string | null;
}

@ObjectType('CreatedApiToken')
export class CreatedApiTokenType {
  @Field(() => ApiTokenType) token!: ApiTokenType;
  @Field(() => String, { description: 'send as "Authorization: Bearer <secret>"; shown this once, never again' }) secret!: string;
}

export enum LoginMethod {
  PASSWORD = 'password',
  TOKEN = 'token',
}
export enum LoginOutcome {
  SUCCESS = 'success',
  FAILURE = 'failure',
  THROTTLED = 'throttled',
}
registerEnumType(LoginMethod, { name: 'LoginMethod', description: 'password: the login mutation; token: an API token' });
registerEnumType(LoginOutcome, { name: 'LoginOutcome', description: 'throttled: refused unchecked after too many failures' });

@ObjectType('LoginEvent', { description: 'One sign-in: a password login, or an API token used (recorded at most once a minute per token and server)' })
export class LoginEventType {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => LoginMethod) method!: LoginMethod;
  @Field(() => LoginOutcome) outcome!: LoginOutcome;
  @Field(() => ID, { nullable: true, description: 'the user, when the email named one (for a token: its creator)' }) userId!: string | null;
  @Field(() => ID, { nullable: true }) tokenId!: string | null;
  @Field(() => String, { nullable: true, description: 'the email given (lower case), for password sign-ins' }) email!: string | null;
  @Field(() => String, { nullable: true }) ip!: string | null;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
  @Field(() => String, { nullable: true, description: 'why it failed: unknown email, wrong password, revoked, expired…' }) reason!: string | null;
}

@ObjectType('LoginEventPage')
export class LoginEventPageType {
  @Field(() => [LoginEventType], { description: 'newest first' }) nodes!: LoginEventType[];
  @Field(() => String, { nullable: true, description: 'pass as `after` for the next page' }) endCursor!: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}

@InputType('LoginHistoryFilter')
export class LoginHistoryFilterInput {
  @Field(() => ID, { nullable: true }) userId?: string;
  @Field(() => ID, { nullable: true }) tokenId?: string;
  @Field(() => String, { nullable: true, description: 'the email given, any case' }) email?: string;
  @Field(() => LoginMethod, { nullable: true }) method?: LoginMethod;
  @Field(() => LoginOutcome, { nullable: true }) outcome?: LoginOutcome;
  @Field(() => String, { nullable: true }) ip?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'from this time on' }) from?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'before this time' }) to?: string;
}

export const LOGIN_HISTORY_PAGE = { type: () => Int, defaultValue: 50, description: 'at most 200' } as const;
