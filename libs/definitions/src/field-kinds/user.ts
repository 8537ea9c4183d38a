import { defineKind } from './kind.js';

/** A uuid column with a foreign key to platform.users (set null when the user goes). */
export const user = defineKind({
  id: 'user',
  storage: 'uuid',
  filter: 'id',
  valueType: 'id',
  link: 'user',
  valueSchema: () => ({ type: 'string', format: 'uuid' }),
});
