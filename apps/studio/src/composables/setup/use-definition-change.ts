/**
 * Review, then apply: a change to the definitions is first run as a dry run, whose plan the admin reads
 * (destructive steps with the values they would delete); applying it needs an explicit confirmation when any
 * step deletes data. After applying, the workspace (navigation, screens) is reloaded at once.
 */
import { computed, ref, shallowRef } from 'vue';
import { GraphqlError } from '../../api/graphql-client';
import { useSessionStore } from '../../stores/session';
import { useWorkspaceStore } from '../../stores/workspace';
import { APPLY_DEFINITIONS, type ApplyRequest, type ApplyResult, type PlanStep } from './operations';

export type ChangeStatus = 'closed' | 'planning' | 'planned' | 'applying';

export interface DefinitionChangeHooks {
  /** After a successful apply and the workspace reload. */
  applied: (result: ApplyResult, request: ApplyRequest) => void | Promise<void>;
  /** The dry run or the apply failed: the designer shows the problems next to what they name. */
  failed: (error: GraphqlError, request: ApplyRequest) => void;
}

const asGraphqlError = (e: unknown) => (e instanceof GraphqlError ? e : new GraphqlError('BAD_RESPONSE', e instanceof Error ? e.message : String(e)));

export function useDefinitionChange(hooks: DefinitionChangeHooks) {
  const session = useSessionStore();
  const workspace = useWorkspaceStore();
  const status = ref<ChangeStatus>('closed');
  const steps = shallowRef<PlanStep[]>([]);
  const confirmed = ref(false);
  const request = shallowRef<ApplyRequest | null>(null);
  /** Bumped when the review is closed, so a late answer is ignored. */
  let generation = 0;

  const destructiveSteps = computed(() => steps.value.filter((s) => s.destructive));
  const valuesLost = computed(() => destructiveSteps.value.reduce((n, s) => n + (s.valuesLost ?? 0), 0));
  const needsConfirmation = computed(() => destructiveSteps.value.length > 0);
  const canApply = computed(() => status.value === 'planned' && (!needsConfirmation.value || confirmed.value));

  function fail(e: unknown, started: number): void {
    if (started !== generation || !request.value) return;
    status.value = 'closed';
    hooks.failed(asGraphqlError(e), request.value);
  }

  async function review(next: ApplyRequest): Promise<void> {
    const started = ++generation;
    request.value = next;
    steps.value = [];
    confirmed.value = false;
    status.value = 'planning';
    try {
      const { applyDefinitions } = await session.request(APPLY_DEFINITIONS, { ...next, dryRun: true, confirmDataLoss: false });
      if (started !== generation) return;
      steps.value = applyDefinitions.steps;
      status.value = 'planned';
    } catch (e) {
      fail(e, started);
    }
  }

  async function apply(): Promise<void> {
    if (!canApply.value || !request.value) return;
    const started = generation;
    const sent = request.value;
    status.value = 'applying';
    try {
      const { applyDefinitions } = await session.request(APPLY_DEFINITIONS, {
        ...sent,
        dryRun: false,
        confirmDataLoss: needsConfirmation.value && confirmed.value,
      });
      await workspace.load(true);
      if (started !== generation) return;
      status.value = 'closed';
      await hooks.applied(applyDefinitions, sent);
    } catch (e) {
      fail(e, started);
    }
  }

  function close(): void {
    if (status.value === 'applying') return; // the transaction is on its way; its answer decides
    generation += 1;
    status.value = 'closed';
  }

  return { status, steps, confirmed, request, destructiveSteps, valuesLost, needsConfirmation, canApply, review, apply, close };
}

export type DefinitionChange = ReturnType<typeof useDefinitionChange>;
