/**
 * The applied definition documents, read as the designers need them: which is an object, which a pipeline,
 * and the other documents a rename must update so the whole set stays valid (pipelines name their object and
 * its fields; lookups name their target object). The server validates the set as a whole after every change.
 */
import { renameVars } from '../../conditions/condition-logic';

type Doc = Record<string, unknown>;

const asDoc = (d: unknown): Doc | null => (d && typeof d === 'object' && !Array.isArray(d) ? (d as Doc) : null);

export const isPipelineDocument = (d: unknown): d is Doc => typeof asDoc(d)?.['x-pipeline'] === 'string';
export const isConversionDocument = (d: unknown): d is Doc => typeof asDoc(d)?.['x-conversion'] === 'string';
export const isReportDocument = (d: unknown): d is Doc => typeof asDoc(d)?.['x-report'] === 'string';
/** A rule names its object in `x-object` too: it is not that object's document. */
export const isRuleDocument = (d: unknown): d is Doc => typeof asDoc(d)?.['x-rule'] === 'string';
export const isObjectDocument = (d: unknown): d is Doc =>
  typeof asDoc(d)?.['x-object'] === 'string' && !isPipelineDocument(d) && !isConversionDocument(d) && !isReportDocument(d) && !isRuleDocument(d);

export const objectDocument = (docs: readonly unknown[], name: string): Doc | undefined =>
  docs.find((d): d is Doc => isObjectDocument(d) && d['x-object'] === name);
export const pipelineDocument = (docs: readonly unknown[], key: string): Doc | undefined =>
  docs.find((d): d is Doc => isPipelineDocument(d) && d['x-pipeline'] === key);
export const pipelinesOf = (docs: readonly unknown[], object: string): Doc[] => docs.filter((d): d is Doc => isPipelineDocument(d) && d['x-object'] === object);

/** What a document replaces in the applied set (mirrors the server): `object:<name>` or `pipeline:<key>`. */
export function documentKeys(d: unknown): string[] {
  const doc = asDoc(d);
  if (!doc) return [];
  if (typeof doc['x-pipeline'] === 'string') return [`pipeline:${doc['x-pipeline']}`];
  if (typeof doc['x-conversion'] === 'string') return [`conversion:${doc['x-conversion']}`];
  if (typeof doc['x-report'] === 'string') return [`report:${doc['x-report']}`];
  if (typeof doc['x-rule'] === 'string') return [`rule:${doc['x-rule']}`];
  return [doc['x-object'], doc['x-renamed-from']].filter((n): n is string => typeof n === 'string').map((n) => `object:${n}`);
}

/**
 * The pipelines of `object` rewritten for renamed fields (amount field, gate fields, gate conditions).
 * Only documents that changed are returned.
 */
export function pipelinesAfterFieldRenames(docs: readonly unknown[], object: string, renames: ReadonlyMap<string, string>): Doc[] {
  if (!renames.size) return [];
  const rename = (n: unknown) => (typeof n === 'string' ? (renames.get(n) ?? n) : n);
  return pipelinesOf(docs, object).flatMap((p) => {
    const stages = Array.isArray(p['stages']) ? (p['stages'] as Doc[]) : [];
    const next: Doc = {
      ...p,
      ...(p['x-amount-field'] !== undefined ? { 'x-amount-field': rename(p['x-amount-field']) } : {}),
      stages: stages.map((s) => {
        const gate = asDoc(s['gate']);
        if (!gate) return s;
        return {
          ...s,
          gate: {
            ...gate,
            ...(Array.isArray(gate['required']) ? { required: (gate['required'] as unknown[]).map(rename) } : {}),
            ...(gate['condition'] !== undefined ? { condition: renameVars(gate['condition'], renames) } : {}),
          },
        };
      }),
    };
    return JSON.stringify(next) === JSON.stringify(p) ? [] : [next];
  });
}

/** Pipelines and other objects' lookups rewritten for an object renamed `from` → `to`. */
export function documentsAfterObjectRename(docs: readonly unknown[], from: string, to: string): Doc[] {
  if (from === to) return [];
  const pipelines = pipelinesOf(docs, from).map((p) => ({ ...p, 'x-object': to }));
  const objects = docs.filter(isObjectDocument).flatMap((o) => {
    if (o['x-object'] === from) return [];
    const properties = (o['properties'] ?? {}) as Record<string, Doc>;
    let changed = false;
    const next = Object.fromEntries(
      Object.entries(properties).map(([name, f]) => {
        if (f['x-target'] !== from) return [name, f];
        changed = true;
        return [name, { ...f, 'x-target': to }];
      }),
    );
    return changed ? [{ ...o, properties: next }] : [];
  });
  return [...pipelines, ...objects];
}

/** Labels of a document for messages about it: its English title, else its API name. */
export function documentTitle(d: unknown): string {
  const doc = asDoc(d);
  if (!doc) return '';
  const label = asDoc(doc['x-label']);
  const name = doc['x-pipeline'] ?? doc['x-conversion'] ?? doc['x-object'];
  return String(label?.['en'] ?? doc['title'] ?? name ?? '');
}
