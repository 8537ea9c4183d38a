/**
 * Records the signed-in user opened lately, newest first, kept in localStorage per workspace and user (a shared
 * browser shows each person their own). The home page and the global search show them.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useSessionStore } from './session';
import { readSetting, STORAGE_KEYS, writeSetting } from './storage';

export interface RecentRecord {
  object: string;
  id: string;
  title: string;
}

const LIMIT = 12;

function parse(text: string | null): RecentRecord[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (r): r is RecentRecord => typeof r === 'object' && r !== null && typeof r.object === 'string' && typeof r.id === 'string' && typeof r.title === 'string',
    );
  } catch {
    return [];
  }
}

export const useRecentStore = defineStore('recent', () => {
  const session = useSessionStore();
  const key = computed(() => (session.tenant && session.user ? `${STORAGE_KEYS.recent}.${session.tenant.slug}.${session.user.id}` : null));
  const items = ref<RecentRecord[]>([]);
  watch(key, (k) => (items.value = k ? parse(readSetting(k)) : []), { immediate: true });

  function remember(record: RecentRecord): void {
    if (!key.value || !record.title) return;
    items.value = [record, ...items.value.filter((r) => !(r.object === record.object && r.id === record.id))].slice(0, LIMIT);
    writeSetting(key.value, JSON.stringify(items.value));
  }

  /** A deleted record leaves the list. */
  function forget(object: string, id: string): void {
    if (!key.value) return;
    items.value = items.value.filter((r) => !(r.object === object && r.id === id));
    writeSetting(key.value, JSON.stringify(items.value));
  }

  return { items, remember, forget };
});
