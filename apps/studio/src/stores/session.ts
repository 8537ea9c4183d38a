/**
 * Who is signed in. The token is the session: it is kept in localStorage, sent with every request, and
 * dropped as soon as the server answers UNAUTHENTICATED to it (expired or signed with an old secret).
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { createGraphqlClient, GraphqlError, type Document } from '../api/graphql-client';
import { LOGIN, type LoginVariables, type SessionTenant, type SessionUser } from '../api/operations';
import { readSetting, STORAGE_KEYS, writeSetting } from './storage';

export const useSessionStore = defineStore('session', () => {
  const token = ref<string | null>(readSetting(STORAGE_KEYS.token));
  const user = ref<SessionUser | null>(null);
  const tenant = ref<SessionTenant | null>(null);
  /** Set when the server ended the session, so the sign-in page can say why the user is there. */
  const expired = ref(false);
  const client = createGraphqlClient({ endpoint: '/graphql', token: () => token.value });

  const isAuthenticated = computed(() => token.value !== null);
  /** Whether the signed-in user is an administrator (Setup is theirs); false while the roles are not known yet. */
  const isAdmin = computed(() => user.value?.roles?.includes('admin') ?? false);

  function setToken(value: string | null): void {
    token.value = value;
    writeSetting(STORAGE_KEYS.token, value);
  }

  async function login(input: LoginVariables): Promise<void> {
    const { login: result } = await client.request(LOGIN, input);
    adopt(result);
  }

  /** Takes a sign-in answer (the login mutation's, or an accepted invite's) as the session. */
  function adopt(result: { token: string; user: SessionUser; tenant: SessionTenant }): void {
    user.value = result.user;
    tenant.value = result.tenant;
    expired.value = false;
    setToken(result.token);
  }

  function logout(): void {
    setToken(null);
    user.value = null;
    tenant.value = null;
  }

  function setIdentity(me: SessionUser | null, current: SessionTenant | null): void {
    user.value = me;
    tenant.value = current;
  }

  /** Runs a call on behalf of the signed-in user; an UNAUTHENTICATED answer ends the session. */
  async function asUser<T>(call: () => Promise<T>): Promise<T> {
    const sentWith = token.value;
    try {
      return await call();
    } catch (error) {
      if (error instanceof GraphqlError && error.code === 'UNAUTHENTICATED' && sentWith !== null && sentWith === token.value) {
        expired.value = true;
        logout();
      }
      throw error;
    }
  }

  /** A GraphQL request (to the API the document names). */
  function request<TData, TVariables>(document: Document<TData, TVariables>, variables: TVariables): Promise<TData> {
    return asUser(() => client.request(document, variables));
  }

  /** A multipart upload to a plain HTTP path such as `/files`. */
  function postForm<TData>(path: string, form: FormData): Promise<TData> {
    return asUser(() => client.postForm<TData>(path, form));
  }

  return { token, user, tenant, expired, isAuthenticated, isAdmin, login, adopt, logout, setIdentity, request, postForm };
});
