/** The applied definition documents, loaded when a designer opens and reloaded after each apply. */
import { ref, shallowRef } from 'vue';
import { GraphqlError } from '../../api/graphql-client';
import { useSessionStore } from '../../stores/session';
import { DEFINITIONS } from './operations';

export function useAppliedDefinitions() {
  const session = useSessionStore();
  const documents = shallowRef<unknown[]>([]);
  const status = ref<'loading' | 'ready' | 'error'>('loading');
  const error = shallowRef<GraphqlError | null>(null);

  async function load(): Promise<void> {
    status.value = 'loading';
    error.value = null;
    try {
      documents.value = (await session.request(DEFINITIONS, {})).definitions;
      status.value = 'ready';
    } catch (e) {
      error.value = e instanceof GraphqlError ? e : new GraphqlError('BAD_RESPONSE', String(e));
      status.value = 'error';
    }
  }

  return { documents, status, error, load };
}
