/**
 * What every designer keeps around its own draft: the draft, the document it writes, whether that changed
 * since it was loaded or applied (asking before leaving with changes), the page's title, and what it says
 * once a change is applied or refused. The object and pipeline designers share it; rules, roles and reports
 * will too.
 */
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { computed, nextTick, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useDocumentTitle } from '../document-title';
import type { ApplyResult } from './operations';
import { useLeaveGuard } from './use-leave-guard';

export function useDesignerDraft<D>(toDocument: (draft: D) => unknown, title: () => string) {
  const { t } = useI18n();
  const draft = ref(null) as Ref<D | null>;
  const baseline = ref('');
  /** What was asked for does not exist. */
  const notFound = ref(false);
  /** A review was asked for: every check shows, not only those of touched inputs. */
  const submitted = ref(false);
  const document = computed(() => (draft.value ? toDocument(draft.value) : null));
  const dirty = computed(() => draft.value !== null && JSON.stringify(document.value) !== baseline.value);
  useDocumentTitle(title);
  useLeaveGuard(() => dirty.value);

  /** The draft as it stands is what the server has (just loaded, or just applied): nothing left to lose. */
  const markClean = () => (baseline.value = JSON.stringify(document.value));

  function announceApplied(result: ApplyResult): void {
    ElMessage.success({
      message: result.applied ? t('designers.common.applied', { version: result.version }) : t('designers.common.nothingApplied'),
      grouping: true,
    });
    markClean();
  }

  /** Brings the banner of the server's refusal into view. */
  const revealProblems = () =>
    void nextTick(() => window.document.querySelector('[data-testid="problem-banner"]')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));

  return { draft, notFound, submitted, document, dirty, markClean, announceApplied, revealProblems };
}
