import { platformPattern } from '../pattern-engine.js';
import { defineKind, textSchema, textualChanges } from './kind.js';

/**
 * URL fields hold links a person clicks: only these schemes (a `javascript:` or `data:` URL is a valid URI,
 * and a stored script). Spelled out case by case so that any regex engine reads it the same way.
 */
export const URL_SCHEME_PATTERN = platformPattern('^([hH][tT][tT][pP][sS]?|[mM][aA][iI][lL][tT][oO]|[tT][eE][lL]):');
export const URL_SCHEMES = ['http', 'https', 'mailto', 'tel'] as const;

/** Two URLs of the same site are the same company for duplicate matching: they compare by host. */
export const url = defineKind({
  id: 'url',
  storage: 'text',
  filter: 'text',
  valueType: 'text',
  valueSchema: textSchema('uri', ['maxLength'], { pattern: URL_SCHEME_PATTERN }),
  searchable: true,
  match: 'host',
  changesTo: textualChanges('url'),
});
