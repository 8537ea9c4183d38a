/** The signed-in tenant's objects, loaded once per session and dropped when the session changes. */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { GraphqlError } from '../api/graphql-client';
import { WORKSPACE, type ObjectMeta } from '../api/operations';
import { setFieldKinds } from '../fields/kind-flags';
import { useSessionStore } from './session';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export const useWorkspaceStore = defineStore('workspace', () => {
  const session = useSessionStore();
  const objects = shallowRef<ObjectMeta[]>([]);
  const status = ref<LoadStatus>('idle');
  const error = shallowRef<GraphqlError | null>(null);
  let pending: Promise<void> | null = null;
  /** Bumped by reset, so an answer that arrives after a sign-out is thrown away. */
  let generation = 0;

  const byName = computed(() => new Map(objects.value.map((o) => [o.name, o])));

  function reset(): void {
    objects.value = [];
    status.value = 'idle';
    error.value = null;
    pending = null;
    generation += 1;
  }

  async function fetchWorkspace(): Promise<void> {
    const started = generation;
    status.value = 'loading';
    error.value = null;
    try {
      const data = await session.request(WORKSPACE, {});
      if (started !== generation) return;
      session.setIdentity(data.me, data.tenant);
      setFieldKinds(data.fieldKinds);
      objects.value = data.objects;
      status.value = 'ready';
    } catch (e) {
      if (started !== generation) return;
      error.value = e instanceof GraphqlError ? e : new GraphqlError('BAD_RESPONSE', String(e));
      status.value = 'error';
    } finally {
      if (started === generation) pending = null;
    }
  }

  /** Loads unless already loaded or loading; `force` reloads (the retry button). */
  function load(force = false): Promise<void> {
    if (pending) return pending;
    if (status.value === 'ready' && !force) return Promise.resolve();
    pending = fetchWorkspace();
    return pending;
  }

  // Another user or tenant may sign in next: nothing of this session may leak into it.
  watch(() => session.token, reset);

  return { objects, status, error, byName, load, reset };
});
