import type en from './locales/en';

/** The shape every message catalogue has. */
export type MessageSchema = typeof en;

// Makes `t('…')` keys type-checked against the English catalogue everywhere.
declare module 'vue-i18n' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- interface merging is how vue-i18n takes the schema
  export interface DefineLocaleMessage extends MessageSchema {}
}
