/**
 * Puts the server's problems next to what they are about. Definition errors come with paths in two forms:
 * validation names a position in the merged document set (`documents[3].properties.amount.x-kind`, where the
 * set is the applied documents less the ones the request replaces, then the request's documents, as the
 * server merges them), and planning names `object.field` (`project.budget`).
 */
import type { GraphqlErrorDetail } from '../../api/graphql-client';
import { documentKeys, documentTitle } from './documents';

export type ProblemTarget =
  /** A field of the object being designed (its current API name). */
  | { kind: 'field'; field: string }
  /** A keyword of the document being designed (`x-object`, `x-plural`, `x-amount-field`, …); '' for the whole. */
  | { kind: 'document'; keyword: string }
  /** A stage of the pipeline being designed, by position. */
  | { kind: 'stage'; index: number; keyword: string }
  /** Another document of the set, by its title. */
  | { kind: 'other'; document: string };

export interface LocatedProblem {
  message: string;
  target: ProblemTarget;
  detail: GraphqlErrorDetail;
}

export interface ProblemContext {
  /** The applied documents, as `definitions` returned them. */
  applied: readonly unknown[];
  /** The documents of the request; the first is the one being designed. */
  request: readonly unknown[];
  deleted?: readonly string[];
  /** API name of the object being designed (the field paths of planning name it). */
  object?: string;
}

/** The document a `documents[i]` index names in the set the server validated. */
export function documentAt(index: number, ctx: ProblemContext): { own: boolean; requestIndex: number; document: unknown } | null {
  const replaced = new Set([...(ctx.deleted ?? []), ...ctx.request.flatMap(documentKeys)]);
  const kept = ctx.applied.filter((d) => !documentKeys(d).some((k) => replaced.has(k)));
  if (index < kept.length) return { own: false, requestIndex: -1, document: kept[index] };
  const requestIndex = index - kept.length;
  if (requestIndex >= ctx.request.length) return null;
  return { own: requestIndex === 0, requestIndex, document: ctx.request[requestIndex] };
}

function inDocument(rest: string): ProblemTarget {
  const field = /^\.properties\.([A-Za-z0-9]+)/.exec(rest);
  if (field) return { kind: 'field', field: field[1]! };
  const stage = /^\.stages\[(\d+)\]\.?(.*)$/.exec(rest);
  if (stage) return { kind: 'stage', index: Number(stage[1]), keyword: stage[2] ?? '' };
  return { kind: 'document', keyword: rest.replace(/^\./, '').split('.')[0] ?? '' };
}

export function locateProblem(detail: GraphqlErrorDetail, ctx: ProblemContext): LocatedProblem {
  const path = String(detail.path ?? '');
  const located = (target: ProblemTarget): LocatedProblem => ({ message: detail.message, target, detail });
  const indexed = /^documents\[(\d+)\](.*)$/.exec(path);
  if (indexed) {
    const at = documentAt(Number(indexed[1]), ctx);
    if (!at) return located({ kind: 'other', document: '' });
    if (at.own) return located(inDocument(indexed[2] ?? ''));
    return located({ kind: 'other', document: documentTitle(at.document) });
  }
  if (ctx.object && path === ctx.object) return located({ kind: 'document', keyword: '' });
  const planned = /^([a-z][A-Za-z0-9]*)\.([A-Za-z0-9]*)$/.exec(path);
  if (planned && ctx.object && planned[1] === ctx.object) return located(planned[2] ? { kind: 'field', field: planned[2] } : { kind: 'document', keyword: '' });
  if (planned || /^[a-z][A-Za-z0-9]*$/.test(path)) return located({ kind: 'other', document: planned?.[1] ?? path });
  return located({ kind: 'document', keyword: '' });
}

export const locateProblems = (details: readonly GraphqlErrorDetail[], ctx: ProblemContext): LocatedProblem[] => details.map((d) => locateProblem(d, ctx));
