/**
 * GraphQL documents for one object's records, written from its metadata: what to select for each field
 * comes from the widget registry, names from api-names.ts. Variables carry every value.
 */
import { gql, type Document } from '../../api/graphql-client';
import type { FieldMeta, ObjectMeta } from '../../api/operations';
import { selectionOf, type FormatContext } from '../../fields';
import { apiNames } from './api-names';
import type { ReverseRelation } from './relations';

export type RecordRow = Record<string, unknown> & { id: string; version: number };

export interface OrderTerm {
  field: string;
  direction: 'ASC' | 'DESC';
  nulls?: 'FIRST' | 'LAST';
}

/** The object's filter input as JSON: per-field typed filters under and/or/not. */
export type RecordFilter = Record<string, unknown>;

export interface ListVariables {
  filter: RecordFilter | null;
  orderBy: OrderTerm[] | null;
  first: number;
  after: string | null;
}

export interface ListResult {
  list: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: RecordRow[] };
}

const selections = (fields: FieldMeta[], ctx: FormatContext) => [...new Set(fields.map((f) => selectionOf(f, ctx)))].join(' ');

export function listDocument(meta: ObjectMeta, fields: FieldMeta[], ctx: FormatContext): Document<ListResult, ListVariables> {
  const n = apiNames(meta);
  return gql(`
    query RecordList($filter: ${n.type}Filter, $orderBy: [${n.type}OrderBy!], $first: Int, $after: String) {
      list: ${n.many}(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { id version ${selections(fields, ctx)} }
      }
    }
  `);
}

export interface RelatedConnection {
  totalCount: number;
  nodes: RecordRow[];
}

/** One record with every field, and optionally the first rows of its related lists (aliased `rel_<name>`). */
export function recordDocument(
  meta: ObjectMeta,
  fields: FieldMeta[],
  ctx: FormatContext,
  relations: { relation: ReverseRelation; fields: FieldMeta[] }[] = [],
): Document<{ record: (RecordRow & Record<string, unknown>) | null }, { id: string }> {
  const n = apiNames(meta);
  const related = relations
    .map(({ relation, fields: shown }) => `rel_${relation.name}: ${relation.name}(first: 20) { totalCount nodes { id version ${selections(shown, ctx)} } }`)
    .join('\n');
  return gql(`
    query RecordOne($id: ID!) {
      record: ${n.one}(id: $id) { id version createdAt updatedAt ${selections(fields, ctx)} ${related} }
    }
  `);
}

export function createDocument(meta: ObjectMeta): Document<{ record: RecordRow }, { input: Record<string, unknown> }> {
  const n = apiNames(meta);
  return gql(`mutation RecordCreate($input: ${n.type}Input!) { record: ${n.create}(input: $input) { id version } }`);
}

export function updateDocument(meta: ObjectMeta): Document<{ record: RecordRow }, { id: string; version: number; input: Record<string, unknown> }> {
  const n = apiNames(meta);
  return gql(
    `mutation RecordUpdate($id: ID!, $version: Int!, $input: ${n.type}Input!) { record: ${n.update}(id: $id, version: $version, input: $input) { id version } }`,
  );
}

export function deleteDocument(meta: ObjectMeta): Document<{ record: { id: string } }, { id: string; version: number }> {
  const n = apiNames(meta);
  return gql(`mutation RecordDelete($id: ID!, $version: Int) { record: ${n.delete}(id: $id, version: $version) { id } }`);
}

export function restoreDocument(meta: ObjectMeta): Document<{ record: { id: string } }, { id: string }> {
  const n = apiNames(meta);
  return gql(`mutation RecordRestore($id: ID!) { record: ${n.restore}(id: $id) { id } }`);
}
