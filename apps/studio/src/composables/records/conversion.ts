/**
 * Converting a record as its conversion definition says (e.g. a lead into an account, a contact and an
 * opportunity): the definition's targets come from the applied definitions, the possible duplicates from
 * `<type>ConversionCandidates`, and the choices go to `convert<Type>`.
 */
import { gql } from '../../api/graphql-client';
import { DefinitionsDocument } from '../../api/platform-operations.generated';
import type { ObjectMeta } from '../../api/operations';
import { useSessionStore } from '../../stores/session';
import { apiNames } from './api-names';

export interface ConversionTarget {
  key: string;
  object: string;
  optional: boolean;
  /** Target field ← source field: what a new record starts from. */
  map: Record<string, string>;
  /** Fields the user may fill in for a new record (e.g. an opportunity's name, amount and close date). */
  ask: string[];
  /** The source's lookup that points at what this target became. */
  link: string;
}

export interface ConversionCandidate {
  target: string;
  object: string;
  id: string;
  label: string | null;
  matchedOn: string[];
}

export interface ConversionChoice {
  target: string;
  id?: string;
  skip?: boolean;
  createNew?: boolean;
  values?: Record<string, unknown>;
}

export interface ConvertedRecord {
  target: string;
  object: string;
  id: string;
  created: boolean;
}

const DEFINITIONS = DefinitionsDocument;

export function useConversionApi() {
  const session = useSessionStore();

  async function targets(object: string): Promise<ConversionTarget[]> {
    const { definitions } = await session.request(DEFINITIONS, {});
    const docs = Array.isArray(definitions) ? (definitions as Record<string, unknown>[]) : [];
    const doc = docs.find((d) => typeof d['x-conversion'] === 'string' && d['x-object'] === object);
    const list = Array.isArray(doc?.['targets']) ? (doc['targets'] as Record<string, unknown>[]) : [];
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    const map = (v: unknown) =>
      Object.fromEntries(Object.entries(v && typeof v === 'object' ? v : {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return list.map((t) => ({
      key: String(t['key']),
      object: String(t['object']),
      optional: t['optional'] === true,
      map: map(t['map']),
      ask: strings(t['ask']),
      link: String(t['link'] ?? ''),
    }));
  }

  async function candidates(meta: ObjectMeta, id: string): Promise<ConversionCandidate[]> {
    const n = apiNames(meta);
    const doc = gql<{ candidates: ConversionCandidate[] }, { id: string }>(
      `query ConversionCandidates($id: ID!) { candidates: ${n.conversionCandidates}(id: $id) { target object id label matchedOn } }`,
    );
    return (await session.request(doc, { id })).candidates;
  }

  async function convert(meta: ObjectMeta, id: string, version: number, choices: ConversionChoice[]): Promise<ConvertedRecord[]> {
    const n = apiNames(meta);
    const doc = gql<{ result: { records: ConvertedRecord[] } }, { id: string; version: number; choices: ConversionChoice[] }>(
      `mutation Convert($id: ID!, $version: Int!, $choices: [ConversionChoiceInput!]) { result: ${n.convert}(id: $id, version: $version, choices: $choices) { records { target object id created } } }`,
    );
    return (await session.request(doc, { id, version, choices })).result.records;
  }

  return { targets, candidates, convert };
}
