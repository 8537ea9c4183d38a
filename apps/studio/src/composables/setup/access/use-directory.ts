/** The Directory (users, teams, role documents) loaded for a Setup screen, and reloaded after each change. */
import { computed, ref, shallowRef } from 'vue';
import { DirectoryDocument } from '../../../api/platform-operations.generated';
import { useSessionStore } from '../../../stores/session';
import { roleOptions, sortUsers, teamTree, type DirectoryTeam, type DirectoryUser } from './directory';

export function useDirectory() {
  const session = useSessionStore();
  const users = shallowRef<DirectoryUser[]>([]);
  const teams = shallowRef<DirectoryTeam[]>([]);
  const definitions = shallowRef<unknown[]>([]);
  const status = ref<'loading' | 'ready' | 'error'>('loading');

  async function load(): Promise<void> {
    if (status.value !== 'ready') status.value = 'loading';
    try {
      const data = await session.request(DirectoryDocument, {});
      users.value = sortUsers(data.users);
      teams.value = data.teams;
      definitions.value = data.definitions;
      status.value = 'ready';
    } catch {
      status.value = 'error';
    }
  }

  const tree = computed(() => teamTree(teams.value, users.value));
  const roles = computed(() => roleOptions(definitions.value));
  const userById = computed(() => new Map(users.value.map((u) => [u.id, u])));
  const teamById = computed(() => new Map(teams.value.map((t) => [t.id, t])));
  return { users, teams, status, load, tree, roles, userById, teamById };
}

export type Directory = ReturnType<typeof useDirectory>;
