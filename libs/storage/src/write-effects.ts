/**
 * The side effects of a record write, as one object: each contributor below turns its part into CTEs of the
 * write's own statement, so a write and its traces commit or fail together, in one round trip. Every write
 * (create, bulk create, update, move, delete, restore, conversion) takes one; `event` adds the automation
 * outbox row, set only when a rule watches the object (a tenant without rules pays nothing).
 */
import type { ObjectModel } from '@funnelcraft/definitions';
import type { SqlParams } from '@funnelcraft/expressions';
import { automationEventCtes, type RecordEvent } from './automation-events.js';
import { fieldHistoryCtes } from './field-history.js';
import { stageHistoryCte, type StageHistoryEntry } from './stage-history.js';

export interface WriteEffects {
  /** Who writes: recorded as the author of every trace. */
  actor: string;
  /** Stage history rows: a record entering its first stage, a move. */
  stageHistory?: StageHistoryEntry[];
  /** API names of fields whose changes go to field history (writes of one record; `deletedAt` traces bin and restore). */
  fieldHistory?: string[];
  /** The automation event of each written row (see automation-events.ts). */
  event?: RecordEvent;
}

/** The CTE holding the rows the write returned, which effects may read. */
export const WRITTEN = 'written';

/** What a write statement offers its effects. */
export interface WriteSite {
  schema: string;
  object: ObjectModel;
  params: SqlParams;
  /** Placeholder of the written record's id, for writes of one record known by id. */
  idParam?: string;
  /** The write may match no row (a versioned update): effects that do not read WRITTEN must check it did. */
  mayMiss: boolean;
}

type Contributor = (effects: WriteEffects, site: WriteSite) => string[];

const stageHistory: Contributor = (effects, site) => {
  if (!effects.stageHistory?.length) return [];
  const placeholder = `$${site.params.values.length + 1}`;
  const cte = stageHistoryCte(site.schema, effects.stageHistory, placeholder, site.mayMiss ? WRITTEN : undefined);
  site.params.add(cte.value);
  return [cte.sql];
};

const fieldHistory: Contributor = (effects, site) => {
  if (!effects.fieldHistory?.length || !site.idParam) return [];
  const cte = fieldHistoryCtes(site.schema, site.object, effects.fieldHistory, site.idParam, site.params.add(effects.actor), WRITTEN);
  return cte ? [cte] : [];
};

const outbox: Contributor = (effects, site) => {
  if (!effects.event) return [];
  return automationEventCtes(site.schema, site.object, effects.event, site.params, site.params.add(effects.actor), WRITTEN, site.idParam);
};

const CONTRIBUTORS: readonly Contributor[] = [stageHistory, fieldHistory, outbox];

/**
 * The write with its effects as one statement: `WITH [prelude,] written AS (<write>), <effects> SELECT * FROM
 * written`, or the bare write when no effect applies (the hot path stays a plain INSERT/UPDATE).
 */
export function withEffects(site: WriteSite, write: string, effects: WriteEffects, prelude: string[] = []): string {
  const ctes = CONTRIBUTORS.flatMap((contribute) => contribute(effects, site));
  if (!ctes.length) return prelude.length ? `WITH ${prelude.join(', ')} ${write}` : write;
  return `WITH ${[...prelude, `${WRITTEN} AS (${write})`, ...ctes].join(', ')} SELECT * FROM ${WRITTEN}`;
}
