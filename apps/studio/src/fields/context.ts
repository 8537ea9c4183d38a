/** The format context of the current language and workspace, for widgets and screens. */
import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { pickLabel } from '../i18n/labels';
import { useWorkspaceStore } from '../stores/workspace';
import { personTitle, titleFieldNames } from './person-name';
import type { FormatContext } from './registry';

export function useFormatContext(): ComputedRef<FormatContext> {
  const { locale, t } = useI18n();
  const workspace = useWorkspaceStore();
  return computed(() => {
    const current = locale.value;
    const displayFieldOf = (object: string) => workspace.byName.get(object)?.displayField ?? 'id';
    return {
      locale: current,
      label: (labels, fallback) => pickLabel(labels, current, fallback),
      displayFieldOf,
      titleSelectionOf: (object) => {
        const meta = workspace.byName.get(object);
        return meta ? titleFieldNames(meta).join(' ') : 'id';
      },
      titleOf: (object, row) => {
        const meta = workspace.byName.get(object);
        const shown = personTitle(meta, row, current) ?? row[displayFieldOf(object)];
        return shown === null || shown === undefined || shown === '' ? '' : String(shown);
      },
      listSeparator: t('common.listSeparator'),
    };
  });
}
