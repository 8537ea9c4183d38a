import type { StorageAspect } from './kind.js';
import { defineKind } from './kind.js';

/** A uuid column with a foreign key to the `x-target` object's table; its `x-on-delete` rule lives in that key. */
export const lookup = defineKind({
  id: 'lookup',
  storage: 'uuid',
  filter: 'id',
  valueType: 'id',
  link: 'record',
  valueSchema: () => ({ type: 'string', format: 'uuid' }),
  aspects: (from, to): StorageAspect[] => (from.onDelete !== to.onDelete ? ['on_delete'] : []),
});
