import type en from './locales/en';

/** The shape every message catalogue has. */
export type MessageSchema = typeof en;
