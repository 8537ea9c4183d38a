/**
 * The state of one board: its columns with totals and the cards loaded so far, loading more per column, and
 * moving cards (optimistic, then `move<Type>`; undone when the server refuses). Components only render it.
 */
import { computed, ref, shallowRef, type Ref } from 'vue';
import { GraphqlError } from '../../api/graphql-client';
import type { FieldMeta, ObjectMeta, PipelineMeta, StageMeta } from '../../api/operations';
import { useSessionStore } from '../../stores/session';
import {
  boardQuery,
  DEFAULT_ORDER,
  fixMoveMutation,
  moreCardsQuery,
  moveMutation,
  namesOf,
  totalsQuery,
  type BoardColumnData,
  type CardRecord,
  type ColumnTotals,
  type RecordFilter,
} from './board-api';
import { cardLineFields, cardSelection } from './card-fields';

/** Cards per column in the first answer, and per load-more after that. */
export const FIRST_CARDS = 20;
export const MORE_CARDS = 50;

export interface ColumnState {
  stage: StageMeta;
  count: number;
  amount: number | null;
  weightedAmount: number | null;
  unconverted: number;
  cards: CardRecord[];
  hasNextPage: boolean;
  endCursor: string | null;
  loadingMore: boolean;
  loadFailed: boolean;
}

export type BoardStatus = 'idle' | 'loading' | 'ready' | 'error';

export type MoveOutcome = { ok: true; card: CardRecord } | { ok: false; error: unknown; card: CardRecord };

export interface BoardSource {
  object: Ref<ObjectMeta | undefined>;
  pipeline: Ref<PipelineMeta | undefined>;
  filter: Ref<RecordFilter | null>;
  displayFieldOf: (object: string) => string;
}

const toColumn = (c: BoardColumnData): ColumnState => ({
  stage: c.stage,
  count: c.count,
  amount: c.amount,
  weightedAmount: c.weightedAmount,
  unconverted: c.unconverted,
  cards: c.cards.nodes,
  hasNextPage: c.cards.pageInfo.hasNextPage,
  endCursor: c.cards.pageInfo.endCursor,
  loadingMore: false,
  loadFailed: false,
});

export function useBoard(source: BoardSource) {
  const session = useSessionStore();
  const status = ref<BoardStatus>('idle');
  const error = shallowRef<GraphqlError | null>(null);
  const currency = ref('USD');
  /** Replaced, never mutated in place: a column object changes identity when anything in it changes. */
  const columns = shallowRef<ColumnState[]>([]);
  /** Bumped by every full load: answers to older requests are dropped. */
  let generation = 0;
  let totalsGeneration = 0;
  let movesInFlight = 0;
  /** Cards moved optimistically whose move the server has not answered yet. */
  const moving = new Set<string>();

  const lines = computed<FieldMeta[]>(() => (source.object.value && source.pipeline.value ? cardLineFields(source.object.value, source.pipeline.value) : []));
  const documents = computed(() => {
    const object = source.object.value;
    if (!object) return null;
    const names = namesOf(object);
    const card = cardSelection(object, lines.value, source.displayFieldOf);
    return {
      board: boardQuery(names, card),
      totals: totalsQuery(names),
      more: moreCardsQuery(names, card),
      move: moveMutation(names, card),
      fixMove: fixMoveMutation(names, card),
    };
  });

  const columnIndex = (stage: string) => columns.value.findIndex((c) => c.stage.key === stage);

  function patchColumn(stage: string, patch: (c: ColumnState) => Partial<ColumnState>): void {
    columns.value = columns.value.map((c) => (c.stage.key === stage ? { ...c, ...patch(c) } : c));
  }

  async function load(): Promise<void> {
    const docs = documents.value;
    const pipeline = source.pipeline.value;
    if (!docs || !pipeline) return;
    const started = ++generation;
    status.value = 'loading';
    error.value = null;
    try {
      const { board } = await session.request(docs.board, { pipeline: pipeline.key, filter: source.filter.value, first: FIRST_CARDS, orderBy: DEFAULT_ORDER });
      if (started !== generation) return;
      currency.value = board.currency;
      columns.value = board.columns.map(toColumn);
      status.value = 'ready';
    } catch (e) {
      if (started !== generation) return;
      error.value = e instanceof GraphqlError ? e : new GraphqlError('BAD_RESPONSE', String(e));
      status.value = 'error';
    }
  }

  /** The next page of one column, through the list query filtered to the column's stage. */
  async function loadMore(stage: string): Promise<void> {
    const docs = documents.value;
    const pipeline = source.pipeline.value;
    const column = columns.value[columnIndex(stage)];
    if (!docs || !pipeline || !column || column.loadingMore || !column.hasNextPage) return;
    const started = generation;
    patchColumn(stage, () => ({ loadingMore: true, loadFailed: false }));
    const and: RecordFilter[] = [{ pipeline: { eq: pipeline.key } }, { stage: { eq: stage } }];
    if (source.filter.value) and.push(source.filter.value);
    try {
      const { page } = await session.request(docs.more, { filter: { and }, orderBy: DEFAULT_ORDER, first: MORE_CARDS, after: column.endCursor });
      if (started !== generation) return;
      patchColumn(stage, (c) => {
        // A card moved here while this page was on its way may come back in it; one still moving away may too.
        const have = new Set(c.cards.map((card) => card.id));
        const fresh = page.nodes.filter((card) => !have.has(card.id) && !moving.has(card.id));
        return { cards: [...c.cards, ...fresh], hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor ?? c.endCursor, loadingMore: false };
      });
    } catch {
      if (started !== generation) return;
      patchColumn(stage, () => ({ loadingMore: false, loadFailed: true }));
    }
  }

  /** The amount a card adds to its column's totals, when it can be counted without a conversion rate. */
  function amountOf(card: CardRecord): number | null {
    const field = source.pipeline.value?.amountField;
    const value = field ? card[field] : undefined;
    if (typeof value === 'number') return value;
    if (value && typeof value === 'object' && 'amount' in value) {
      const money = value as { amount: number; currency?: string };
      return !money.currency || money.currency === currency.value ? money.amount : null;
    }
    return null;
  }

  /** Adds (sign 1) or removes (sign -1) a card's share of a column's totals. */
  function shiftTotals(c: ColumnState, card: CardRecord, probability: number | null, sign: 1 | -1): Partial<ColumnState> {
    const amount = amountOf(card);
    const weighted = amount === null ? null : (amount * (probability ?? 0)) / 100;
    return {
      count: Math.max(0, c.count + sign),
      amount: c.amount === null || amount === null ? c.amount : c.amount + sign * amount,
      weightedAmount: c.weightedAmount === null || weighted === null ? c.weightedAmount : c.weightedAmount + sign * weighted,
    };
  }

  /** The server's totals for every column (cards untouched): asked for after each move. */
  async function refreshTotals(): Promise<void> {
    const docs = documents.value;
    const pipeline = source.pipeline.value;
    if (!docs || !pipeline) return;
    const started = generation;
    const asked = ++totalsGeneration;
    const { board } = await session.request(docs.totals, { pipeline: pipeline.key, filter: source.filter.value, first: 0 });
    // A later move will ask again; its answer includes this one's.
    if (started !== generation || asked !== totalsGeneration || movesInFlight > 1) return;
    const byStage = new Map<string, ColumnTotals>(board.columns.map((c) => [c.stage.key, c]));
    columns.value = columns.value.map((c) => {
      const t = byStage.get(c.stage.key);
      return t ? { ...c, count: t.count, amount: t.amount, weightedAmount: t.weightedAmount, unconverted: t.unconverted } : c;
    });
  }

  function findCard(id: string): { column: ColumnState; index: number } | null {
    for (const column of columns.value) {
      const index = column.cards.findIndex((c) => c.id === id);
      if (index >= 0) return { column, index };
    }
    return null;
  }

  /**
   * Moves a card: it leaves its column and tops the target column at once, then the server decides. Refused,
   * it goes back where it was, and the outcome carries the error to explain. `values` (input keys) are
   * written in the same update: what a refused gate asked for, filled in by the user.
   */
  async function move(cardId: string, to: string, lostReason: string | null = null, values?: Record<string, unknown>): Promise<MoveOutcome | null> {
    const docs = documents.value;
    const found = findCard(cardId);
    const target = columns.value[columnIndex(to)];
    if (!docs || !found || !target || found.column.stage.key === to || moving.has(cardId)) return null;
    const from = found.column.stage.key;
    const card = found.column.cards[found.index]!;
    const moved: CardRecord = { ...card, stage: to, probability: target.stage.probability, isIdle: false, stageEnteredAt: new Date().toISOString() };
    // A reload while the server decides replaces every column: nothing of this move may be patched into them.
    const started = generation;
    moving.add(cardId);
    movesInFlight += 1;
    patchColumn(from, (c) => ({ cards: c.cards.filter((x) => x.id !== cardId), ...shiftTotals(c, card, card.probability, -1) }));
    patchColumn(to, (c) => ({ cards: [moved, ...c.cards], ...shiftTotals(c, moved, moved.probability, 1) }));
    try {
      const answer = values
        ? await session.request(docs.fixMove, { id: cardId, version: card.version, input: { ...values, stage: to, ...(lostReason ? { lostReason } : {}) } })
        : await session.request(docs.move, { id: cardId, version: card.version, stage: to, lostReason });
      const now = answer.moved;
      if (started === generation) {
        patchColumn(to, (c) => ({ cards: c.cards.map((x) => (x.id === cardId ? now : x)) }));
        await refreshTotals().catch(() => undefined);
      }
      return { ok: true, card: now };
    } catch (e) {
      if (started !== generation) return { ok: false, error: e, card };
      patchColumn(to, (c) => ({ cards: c.cards.filter((x) => x.id !== cardId), ...shiftTotals(c, moved, moved.probability, -1) }));
      patchColumn(from, (c) => {
        const cards = [...c.cards];
        cards.splice(Math.min(found.index, cards.length), 0, card);
        return { cards, ...shiftTotals(c, card, card.probability, 1) };
      });
      // Someone else changed the record: its version (and maybe stage) is stale, so the whole board is.
      if (e instanceof GraphqlError && e.code === 'CONFLICT') void load();
      return { ok: false, error: e, card };
    } finally {
      moving.delete(cardId);
      movesInFlight -= 1;
    }
  }

  return { status, error, currency, columns, lines, load, loadMore, move, findCard };
}
