/**
 * The GraphQL documents of the board, built from metadata: the generated names of an object
 * (`<plural>Board`, `move<Type>`, `<plural>`, `<Type>Filter`) and the fields its cards show.
 */
import { gql, type Document } from '../../api/graphql-client';
import { UsersDocument } from '../../api/platform-operations.generated';
import type { StageMeta, SessionUser } from '../../api/operations';

/** A card as the server sends it: the fixed board fields plus the card's own fields by name. */
export interface CardRecord {
  id: string;
  version: number;
  stage: string;
  probability: number | null;
  isIdle: boolean;
  stageEnteredAt: string | null;
  owner: { id: string; name: string } | null;
  [field: string]: unknown;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface ColumnTotals {
  stage: StageMeta;
  count: number;
  amount: number | null;
  weightedAmount: number | null;
  unconverted: number;
}

export interface BoardColumnData extends ColumnTotals {
  cards: { nodes: CardRecord[]; pageInfo: PageInfo };
}

export interface BoardData {
  currency: string;
  columns: BoardColumnData[];
}

export type RecordFilter = Record<string, unknown>;
export interface OrderTerm {
  field: string;
  direction: 'ASC' | 'DESC';
}

/** Longest in stage first: the order the server uses by default, spelled out so load-more cursors match it. */
export const DEFAULT_ORDER: OrderTerm[] = [{ field: 'stageEnteredAt', direction: 'ASC' }];

export interface BoardNames {
  type: string;
  plural: string;
}

const STAGE = 'stage { key label probability category idleDays index gate }';
const TOTALS = 'count amount weightedAmount unconverted';

export interface BoardVariables {
  pipeline: string;
  filter: RecordFilter | null;
  first: number;
  orderBy: OrderTerm[];
}

export function boardQuery(names: BoardNames, card: string): Document<{ board: BoardData }, BoardVariables> {
  return gql(`query Board($pipeline: String, $filter: ${names.type}Filter, $first: Int, $orderBy: [${names.type}OrderBy!]) {
    board: ${names.plural}Board(pipeline: $pipeline, filter: $filter, first: $first, orderBy: $orderBy) {
      currency
      columns { ${STAGE} ${TOTALS} cards { nodes { ${card} } pageInfo { hasNextPage endCursor } } }
    }
  }`);
}

/** Only the totals: asked for after a move, so both columns show the server's figures. */
export function totalsQuery(names: BoardNames): Document<{ board: { currency: string; columns: ColumnTotals[] } }, Omit<BoardVariables, 'orderBy'>> {
  return gql(`query BoardTotals($pipeline: String, $filter: ${names.type}Filter, $first: Int) {
    board: ${names.plural}Board(pipeline: $pipeline, filter: $filter, first: $first) { currency columns { ${STAGE} ${TOTALS} } }
  }`);
}

export interface MoreVariables {
  filter: RecordFilter;
  orderBy: OrderTerm[];
  first: number;
  after: string | null;
}

export function moreCardsQuery(names: BoardNames, card: string): Document<{ page: { nodes: CardRecord[]; pageInfo: PageInfo } }, MoreVariables> {
  return gql(`query BoardColumnMore($filter: ${names.type}Filter, $orderBy: [${names.type}OrderBy!], $first: Int, $after: String) {
    page: ${names.plural}(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { nodes { ${card} } pageInfo { hasNextPage endCursor } }
  }`);
}

export interface MoveVariables {
  id: string;
  version: number;
  stage: string;
  lostReason: string | null;
}

export function moveMutation(names: BoardNames, card: string): Document<{ moved: CardRecord }, MoveVariables> {
  return gql(`mutation BoardMove($id: ID!, $version: Int!, $stage: String!, $lostReason: String) {
    moved: move${names.type}(id: $id, version: $version, stage: $stage, lostReason: $lostReason) { ${card} }
  }`);
}

export interface FixMoveVariables {
  id: string;
  version: number;
  /** The fields a gate asked for, by input key, with the target `stage` (and `lostReason`) beside them. */
  input: Record<string, unknown>;
}

/** A move that also fills in what the stage's gate asked for: one update, so the gate sees the new values. */
export function fixMoveMutation(names: BoardNames, card: string): Document<{ moved: CardRecord }, FixMoveVariables> {
  return gql(`mutation BoardFixMove($id: ID!, $version: Int!, $input: ${names.type}Input!) {
    moved: update${names.type}(id: $id, version: $version, input: $input) { ${card} }
  }`);
}

export const USERS: Document<{ users: SessionUser[] }, Record<string, never>> = UsersDocument;

/** The generated GraphQL names of an object (as libs/definitions/src/naming.ts makes them). */
export const namesOf = (object: { name: string; plural: string }): BoardNames => ({
  type: object.name.charAt(0).toUpperCase() + object.name.slice(1),
  plural: object.plural,
});
