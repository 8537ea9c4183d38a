/**
 * `@Operator()` on an operation: it is the server operator's, not a tenant's (provisioning tenants). No tenant
 * session is needed or enough: the caller sends the OPERATOR_TOKEN setting as its bearer token (OperatorGuard).
 */
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { Public } from './public.decorator.js';

export const OPERATOR_KEY = 'funnelcraft:operator';
export const Operator = () => applyDecorators(Public(), SetMetadata(OPERATOR_KEY, true));
