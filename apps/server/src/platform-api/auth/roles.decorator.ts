/**
 * `@Roles('admin')` on an operation: only users with one of these roles may call it (RolesGuard). Every admin
 * operation carries it, so a missing check shows in one line of its resolver.
 */
import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '../../services/users.service.js';

export const ROLES_KEY = 'funnelcraft:roles';
export const Roles = (...roles: [UserRole, ...UserRole[]]) => SetMetadata(ROLES_KEY, roles);
