import { defineKind } from './kind.js';

export const boolean = defineKind({ id: 'boolean', storage: 'boolean', filter: 'boolean', valueType: 'boolean', valueSchema: () => ({ type: 'boolean' }) });
