/**
 * What went wrong with a stage move, as something the board can say in either language: the server's error
 * (code + details) becomes message keys and the labels to put in them. Labels stay raw (`{ en, zh }`) so a
 * language switch re-renders the same problem in the other language.
 */
import { GraphqlError } from '../../api/graphql-client';
import type { FieldMeta, Labels, ObjectMeta, StageMeta } from '../../api/operations';
import { apiKeyOf } from '../../fields/registry';
import { recordFields } from '../records/record-fields';

export interface Labelled {
  labels: Labels | null;
  fallback: string;
}

/** One line of the explanation; `key` picks the message under `board.problems`. */
export type ProblemItem =
  | { path: string; key: 'required'; field: Labelled }
  | { path: string; key: 'lostReason' }
  | { path: string; key: 'condition'; text: Labelled }
  | { path: string; key: 'noSkip'; stage: Labelled }
  | { path: string; key: 'closed'; stage: Labelled }
  | { path: string; key: 'server'; text: string };

export interface MoveProblem {
  /** `blocked` (a gate), `refused` (skips, reopening), `conflict` (stale version), `failed` (anything else). */
  kind: 'blocked' | 'refused' | 'conflict' | 'failed';
  code: string;
  record: string;
  target: Labelled;
  /** The gate's own message for the stage, when it has one. */
  gateMessage: Labels | null;
  items: ProblemItem[];
}

const labelled = (labels: Labels | null | undefined, fallback: string): Labelled => ({ labels: labels ?? null, fallback });

export function describeMoveProblem(error: unknown, record: string, target: StageMeta, stages: StageMeta[], fields: FieldMeta[]): MoveProblem {
  const e = error instanceof GraphqlError ? error : new GraphqlError('BAD_RESPONSE', String(error));
  const stageLabel = (key: unknown) => {
    const stage = stages.find((s) => s.key === key);
    return labelled(stage?.label, String(key ?? ''));
  };
  const base = { code: e.code, record, target: labelled(target.label, target.key), gateMessage: null as Labels | null };

  if (e.code === 'STAGE_GATE_BLOCKED') {
    const items = e.details.map((d): ProblemItem => {
      if (d.path === 'lostReason') return { path: d.path, key: 'lostReason' };
      if (d.path === 'condition') {
        const own = (d['label'] ?? target.gate?.message ?? null) as Labels | null;
        return { path: d.path, key: 'condition', text: labelled(own, d.message) };
      }
      const field = fields.find((f) => f.name === d.path);
      return field
        ? { path: d.path, key: 'required', field: labelled(field.label, field.name) }
        : { path: d.path, key: 'server', text: `${d.path} ${d.message}` };
    });
    return {
      ...base,
      kind: 'blocked',
      gateMessage: target.gate?.message ?? null,
      items: items.length ? items : [{ path: '', key: 'server', text: e.message }],
    };
  }
  if (e.code === 'STAGE_MOVE_REFUSED') {
    const items = e.details.map((d): ProblemItem => {
      if (typeof d['next'] === 'string') return { path: d.path, key: 'noSkip', stage: stageLabel(d['next']) };
      if (typeof d['from'] === 'string') return { path: d.path, key: 'closed', stage: stageLabel(d['from']) };
      return { path: d.path, key: 'server', text: d.message };
    });
    return { ...base, kind: 'refused', items: items.length ? items : [{ path: '', key: 'server', text: e.message }] };
  }
  if (e.code === 'CONFLICT') return { ...base, kind: 'conflict', items: [] };
  const details = e.details.map((d): ProblemItem => ({ path: d.path, key: 'server', text: `${d.path}: ${d.message}` }));
  return { ...base, kind: 'failed', items: details.length ? details : [{ path: '', key: 'server', text: e.message }] };
}

/**
 * The fields a refused move can be fixed with in place: those a gate named as missing (and the lost reason,
 * when that was it), as the record form shows them. Empty when nothing the user could type would help.
 */
export function gateFixFields(problem: MoveProblem, meta: ObjectMeta): FieldMeta[] {
  if (problem.kind !== 'blocked') return [];
  const all = recordFields(meta);
  const wanted = problem.items.filter((i) => i.key === 'required' || i.key === 'lostReason').map((i) => i.path);
  return wanted.map((path) => all.find((f) => !f.readOnly && (f.name === path || apiKeyOf(f) === path))).filter((f): f is FieldMeta => f !== undefined);
}
