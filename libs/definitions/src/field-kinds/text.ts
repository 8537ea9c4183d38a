import { defineKind, textSchema } from './kind.js';

export const text = defineKind({ id: 'text', storage: 'text', filter: 'text', valueType: 'text', valueSchema: textSchema(), searchable: true, canBeTitle: true });
