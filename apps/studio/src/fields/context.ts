/** The format context of the current language and workspace, for widgets and screens. */
import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { pickLabel } from '../i18n/labels';
import { useWorkspaceStore } from '../stores/workspace';
import type { FormatContext } from './registry';

export function useFormatContext(): ComputedRef<FormatContext> {
  const { locale, t } = useI18n();
  const workspace = useWorkspaceStore();
  return computed(() => {
    const current = locale.value;
    return {
      locale: current,
      label: (labels, fallback) => pickLabel(labels, current, fallback),
      displayFieldOf: (object) => workspace.byName.get(object)?.displayField ?? 'id',
      listSeparator: t('common.listSeparator'),
    };
  });
}
