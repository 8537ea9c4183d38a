/** Marks an operation that needs no sign-in (login, health). Everything else needs a valid bearer token. */
import { SetMetadata } from '@nestjs/common';

export const PUBLIC_KEY = 'funnelcraft:public';
export const Public = () => SetMetadata(PUBLIC_KEY, true);
