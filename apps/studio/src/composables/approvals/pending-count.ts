/**
 * How many approvals wait for the signed-in user: shown on the home page and next to the nav's Approvals link,
 * loaded with the inbox query and set again by the inbox as decisions take requests out of it.
 */
import { ref } from 'vue';
import { useApprovalsApi } from './approvals-api';

/** null until loaded (or when loading failed). */
export const pendingApprovals = ref<number | null>(null);

export function usePendingApprovals() {
  const api = useApprovalsApi();
  async function load(): Promise<void> {
    try {
      pendingApprovals.value = (await api.inbox()).length;
    } catch {
      pendingApprovals.value = null;
    }
  }
  return { count: pendingApprovals, load };
}
