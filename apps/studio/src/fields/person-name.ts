/**
 * A person's name in the order the language writes it, for objects whose records are people (`x-person-name`,
 * e.g. contacts: first and last name): given name first in English ("Mei Lin"), family name first in Chinese
 * ("Lin Mei"); a name written in Han characters is family name first, without a space, in both ("林美").
 * The one helper behind every place a record's name is shown: record pages and forms, breadcrumbs, related
 * lists and lookups.
 */
import type { ObjectMeta } from '../api/operations';
import { kindFlags } from './kind-flags';
import { formatValue, type FormatContext } from './registry';

export interface PersonNameFields {
  given: string;
  family: string;
}

type Meta = Pick<ObjectMeta, 'displayField' | 'document'>;

export function personNameFields(meta: Meta | undefined): PersonNameFields | null {
  const doc = meta?.document?.['x-person-name'];
  if (!doc || typeof doc !== 'object') return null;
  const { given, family } = doc as Record<string, unknown>;
  return typeof given === 'string' && typeof family === 'string' ? { given, family } : null;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : String(v).trim());
/** Han characters (and their punctuation) are written without a space between family and given name. */
const HAN = /^[\p{Script=Han}\u3000-\u303f·]+$/u;

export function personName(given: unknown, family: unknown, locale: string): string {
  const g = text(given);
  const f = text(family);
  if (!g || !f) return g || f;
  // A name written in Han characters is family name first in any language.
  if (HAN.test(g) && HAN.test(f)) return `${f}${g}`;
  return locale.startsWith('zh') ? `${f} ${g}` : `${g} ${f}`;
}

/** The fields a record's name is read from: the person's two, else the display field. */
export function titleFieldNames(meta: Meta): string[] {
  const person = personNameFields(meta);
  return person ? [person.given, person.family] : [meta.displayField];
}

/** A person's name from a record (null when the object's records are not people). */
export function personTitle(meta: Meta | undefined, row: Record<string, unknown>, locale: string): string | null {
  const person = personNameFields(meta);
  return person ? personName(row[person.given], row[person.family], locale) : null;
}

/**
 * The name of a record as every screen shows it ('' when empty): a person's name, else its display field's
 * text. A record with no display field (a junction, such as a contact role) goes by the records it links,
 * leaving out those of object `besides` (the one the screen was opened from): "Big deal · Grace Hopper".
 */
export function recordName(meta: ObjectMeta, row: Record<string, unknown>, ctx: FormatContext, besides?: string): string {
  const person = personTitle(meta, row, ctx.locale);
  if (person !== null) return person;
  const field = meta.fields.find((f) => f.name === meta.displayField);
  if (field) return formatValue(field, row[field.name], ctx);
  const links = meta.fields.filter((f) => kindFlags(f.kind)?.link === 'record' && f.target && f.target !== besides && row[f.name]);
  return links.map((f) => formatValue(f, row[f.name], ctx)).join(' · ');
}
