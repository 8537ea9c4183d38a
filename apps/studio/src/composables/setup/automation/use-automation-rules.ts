/**
 * The rules of Setup › Automation with their run figures, and enabling or disabling one in place: the rule's
 * document goes through the one definitions write path (applyDefinitions; documents are upserts) with only
 * `enabled` changed, then the list reloads.
 */
import { computed, ref, shallowRef } from 'vue';
import { AutomationRulesDocument } from '../../../api/platform-operations.generated';
import { useSessionStore } from '../../../stores/session';
import { APPLY_DEFINITIONS } from '../operations';
import { ruleRows, withEnabled, type RuleRow } from './rules';

export function useAutomationRules() {
  const session = useSessionStore();
  const rules = shallowRef<RuleRow[]>([]);
  const status = ref<'loading' | 'ready' | 'error'>('loading');
  /** The rule being switched, so its switch waits for the answer. */
  const switching = ref<string | null>(null);

  async function load(): Promise<void> {
    if (status.value !== 'ready') status.value = 'loading';
    try {
      const data = await session.request(AutomationRulesDocument, {});
      rules.value = ruleRows(data.definitions, data.automationRuleStats);
      status.value = 'ready';
    } catch {
      status.value = 'error';
    }
  }

  /** Applies the rule with `enabled`; a refusal (e.g. another enabled rule holds its order) is thrown. */
  async function setEnabled(rule: RuleRow, enabled: boolean): Promise<void> {
    switching.value = rule.key;
    try {
      await session.request(APPLY_DEFINITIONS, { documents: [withEnabled(rule.document, enabled)], dryRun: false, confirmDataLoss: false });
      await load();
    } finally {
      switching.value = null;
    }
  }

  const keys = computed(() => rules.value.map((r) => r.key));
  return { rules, status, switching, keys, load, setEnabled };
}
