/**
 * The breadcrumbs of a record screen: the list it belongs to, or the record it was opened from (its list, then
 * its name: Accounts › Acme), then the screen's own steps (Mei Lin › Edit, or New contact).
 */
import { computed, type ComputedRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, type RouteLocationRaw } from 'vue-router';
import { useLookupSource } from '../../fields';
import { useLabels } from '../../i18n/labels';
import { useWorkspaceStore } from '../../stores/workspace';
import { cameFrom, type CameFrom } from './came-from';

export interface Crumb {
  label: string;
  to?: RouteLocationRaw;
}

export function useRecordCrumbs(object: Ref<string>, steps: Ref<Crumb[]>): { parent: ComputedRef<CameFrom | null>; crumbs: ComputedRef<Crumb[]> } {
  const route = useRoute();
  const workspace = useWorkspaceStore();
  const { label } = useLabels();
  const { locale } = useI18n();
  const source = useLookupSource();

  const parent = computed(() => cameFrom(route.query, (o) => workspace.byName.has(o)));
  const listOf = (name: string): Crumb => {
    const meta = workspace.byName.get(name);
    return { label: meta ? label(meta.pluralLabel, meta.plural) : name, to: { name: 'object', params: { object: name } } };
  };
  const crumbs = computed<Crumb[]>(() => {
    const p = parent.value;
    const start = p
      ? [listOf(p.object), { label: source.labelOf(p.object, p.id, locale.value) ?? '…', to: { name: 'record', params: { object: p.object, id: p.id } } }]
      : [listOf(object.value)];
    return [...start, ...steps.value];
  });
  return { parent, crumbs };
}
