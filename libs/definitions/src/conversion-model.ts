/** Conversions: how a record of one object becomes records of others (a lead → account, contact, opportunity). */
import { type ErrorDetail } from '@funnelcraft/kernel';
import type { Labels, ObjectModel } from './model.js';

export interface ConversionTargetDocument {
  key: string;
  object: string;
  map?: Record<string, string>;
  lookups?: Record<string, string>;
  match?: string[];
  link: string;
  optional?: boolean;
  ask?: string[];
}

export interface ConversionDocument {
  'x-conversion': string;
  'x-object': string;
  title?: string;
  'x-label'?: Labels;
  'x-status'?: { field: string; value: string };
  targets: ConversionTargetDocument[];
  [key: string]: unknown;
}

export interface ConversionTarget {
  key: string;
  object: string;
  map: Record<string, string>;
  lookups: Record<string, string>;
  match: string[];
  link: string;
  optional: boolean;
  /** Fields the converting user may fill in for a new record (over the mapped values). */
  ask: string[];
}

export interface ConversionModel {
  key: string;
  object: string;
  label: Labels;
  status?: { field: string; value: string };
  targets: ConversionTarget[];
  document: ConversionDocument;
}

function buildConversion(doc: ConversionDocument): ConversionModel {
  return {
    key: doc['x-conversion'],
    object: doc['x-object'],
    label: { en: doc.title ?? doc['x-conversion'], ...(doc['x-label'] ?? {}) },
    status: doc['x-status'],
    targets: doc.targets.map((t) => ({
      key: t.key,
      object: t.object,
      map: t.map ?? {},
      lookups: t.lookups ?? {},
      match: t.match ?? [],
      link: t.link,
      optional: t.optional === true,
      ask: t.ask ?? [],
    })),
    document: doc,
  };
}

/** Builds the conversions and checks every name they use against the objects; at most one per source object. */
export function attachConversions(
  docs: [ConversionDocument, number][],
  byName: ReadonlyMap<string, ObjectModel>,
  problems: ErrorDetail[],
): Map<string, ConversionModel> {
  const bySource = new Map<string, ConversionModel>();
  for (const [doc, i] of docs) {
    const at = `documents[${i}]`;
    const add = (where: string, message: string) => problems.push({ path: `${at}${where}`, message });
    const c = buildConversion(doc);
    const source = byName.get(c.object);
    if (!source) {
      add('.x-object', `no object "${c.object}"`);
      continue;
    }
    if (bySource.has(c.object)) add('.x-object', `${c.object} already has a conversion`);
    if (c.status) {
      const f = source.fieldsByName.get(c.status.field);
      if (!f) add('.x-status.field', `no field "${c.status.field}" on ${c.object}`);
      else if (f.kind.choice === 'one' && !f.options.some((o) => o.value === c.status!.value))
        add('.x-status.value', `"${c.status.value}" is not an option of ${c.status.field}`);
    }
    const seen = new Map<string, string>();
    c.targets.forEach((t, j) => {
      const tp = `.targets[${j}]`;
      const target = byName.get(t.object);
      if (seen.has(t.key)) add(`${tp}.key`, `target "${t.key}" appears twice`);
      if (!target) {
        add(`${tp}.object`, `no object "${t.object}"`);
        return;
      }
      for (const [to, from] of Object.entries(t.map)) {
        if (!target.fieldsByName.get(to)?.kind.writable) add(`${tp}.map.${to}`, `no writable field "${to}" on ${t.object}`);
        if (!source.fieldsByName.has(from)) add(`${tp}.map.${to}`, `no field "${from}" on ${c.object}`);
      }
      for (const [to, earlier] of Object.entries(t.lookups)) {
        const f = target.fieldsByName.get(to);
        const prior = seen.get(earlier);
        if (!prior) add(`${tp}.lookups.${to}`, `"${earlier}" is not an earlier target`);
        else if (f?.kind.link !== 'record' || f.target !== prior) add(`${tp}.lookups.${to}`, `${t.object}.${to} is not a lookup to ${prior}`);
      }
      for (const m of t.match) if (!target.fieldsByName.has(m)) add(`${tp}.match`, `no field "${m}" on ${t.object}`);
      for (const a of t.ask) if (!target.fieldsByName.get(a)?.kind.writable) add(`${tp}.ask`, `no writable field "${a}" on ${t.object}`);
      const link = source.fieldsByName.get(t.link);
      if (link?.kind.link !== 'record' || link.target !== t.object) add(`${tp}.link`, `${c.object}.${t.link} is not a lookup to ${t.object}`);
      seen.set(t.key, t.object);
    });
    bySource.set(c.object, c);
  }
  return bySource;
}
