/**
 * The report builder: a draft over an object, run inline (runReport with the definition, nothing stored) a
 * moment after each change for the live preview, and saved as a shared report document through the
 * definitions pipeline (admins; the server refuses others).
 */
import { computed, ref, shallowRef, watch } from 'vue';
import { gql, GraphqlError } from '../../api/graphql-client';
import type { Labels } from '../../api/operations';
import { useSessionStore } from '../../stores/session';
import { useWorkspaceStore } from '../../stores/workspace';
import type { ReportResult } from '../dashboards/dashboard-api';
import { APPLY_DEFINITIONS } from '../setup/operations';
import { complete, inlineDocument, newDraft, savedDocument, type DraftMeasure, type ReportDraft } from './report-draft';

const ROW = 'level groups { value label } values drill';
const RunReportDocument = gql<{ runReport: ReportResult }, { definition: Record<string, unknown> }>(`
  query RunReport($definition: JSON) {
    runReport(definition: $definition) {
      object chart currency
      columns { key role field label type bucket fn }
      rows { ${ROW} } subtotals { ${ROW} } total { ${ROW} }
    }
  }
`);

const asError = (e: unknown) => (e instanceof GraphqlError ? e : new GraphqlError('BAD_RESPONSE', e instanceof Error ? e.message : String(e)));

export function useReportBuilder(measureLabel: (m: DraftMeasure) => Labels) {
  const session = useSessionStore();
  const workspace = useWorkspaceStore();
  const draft = ref<ReportDraft | null>(null);
  const meta = computed(() => (draft.value ? workspace.byName.get(draft.value.object) : undefined));
  const preview = shallowRef<ReportResult | null>(null);
  const previewStatus = ref<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  const previewError = shallowRef<GraphqlError | null>(null);
  const saving = ref(false);

  function start(object: string): void {
    const m = workspace.byName.get(object);
    if (m) draft.value = newDraft(m);
  }

  let asked = 0;
  async function run(): Promise<void> {
    const d = draft.value;
    if (!d || !complete(d)) return;
    const mine = ++asked;
    previewStatus.value = 'loading';
    try {
      const { runReport } = await session.request(RunReportDocument, { definition: inlineDocument(d, measureLabel) });
      if (mine !== asked) return;
      preview.value = runReport;
      previewError.value = null;
      previewStatus.value = 'ready';
    } catch (e) {
      if (mine !== asked) return;
      previewError.value = asError(e);
      previewStatus.value = 'failed';
    }
  }

  // The preview follows the draft a moment after the reader stops changing it.
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(
    () => JSON.stringify(draft.value),
    () => {
      clearTimeout(timer);
      timer = setTimeout(() => void run(), 250);
    },
  );

  /** Saves the draft as the shared report `key`; throws the server's refusal (its details name the paths). */
  async function save(key: string): Promise<void> {
    const d = draft.value;
    if (!d) return;
    saving.value = true;
    try {
      await session.request(APPLY_DEFINITIONS, { documents: [savedDocument(d, key, measureLabel)], dryRun: false, confirmDataLoss: false });
    } finally {
      saving.value = false;
    }
  }

  return { draft, meta, preview, previewStatus, previewError, saving, start, run, save };
}
