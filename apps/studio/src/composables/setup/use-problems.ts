/** The server's last refusal, placed: by field, by stage, by document keyword, and what has no place. */
import { computed, shallowRef } from 'vue';
import type { GraphqlError } from '../../api/graphql-client';
import { locateProblems, type LocatedProblem, type ProblemContext } from './error-paths';

export function useProblems() {
  const failure = shallowRef<GraphqlError | null>(null);
  const problems = shallowRef<LocatedProblem[]>([]);

  function report(error: GraphqlError, ctx: ProblemContext): void {
    failure.value = error;
    problems.value = locateProblems(error.details, ctx);
  }

  function clear(): void {
    failure.value = null;
    problems.value = [];
  }

  const byField = computed(() => {
    const map = new Map<string, string[]>();
    for (const p of problems.value) if (p.target.kind === 'field') map.set(p.target.field, [...(map.get(p.target.field) ?? []), p.message]);
    return map;
  });

  const byStage = computed(() => {
    const map = new Map<number, string[]>();
    for (const p of problems.value) if (p.target.kind === 'stage') map.set(p.target.index, [...(map.get(p.target.index) ?? []), p.message]);
    return map;
  });

  /** Messages about one keyword of the document being designed (`x-object`, `x-amount-field`, …). */
  const forKeyword = (keyword: string): string =>
    problems.value
      .filter((p) => p.target.kind === 'document' && p.target.keyword === keyword)
      .map((p) => p.message)
      .join(' · ');

  /** Problems the page cannot put beside anything: other documents, unknown fields or stages, other keywords. */
  function unplaced(shown: { keywords: readonly string[]; fields?: readonly string[]; stages?: number }): LocatedProblem[] {
    return problems.value.filter((p) => {
      const t = p.target;
      if (t.kind === 'field') return !(shown.fields ?? []).includes(t.field);
      if (t.kind === 'stage') return t.index >= (shown.stages ?? 0);
      if (t.kind === 'document') return !shown.keywords.includes(t.keyword);
      return true;
    });
  }

  return { failure, problems, report, clear, byField, byStage, forKeyword, unplaced };
}
