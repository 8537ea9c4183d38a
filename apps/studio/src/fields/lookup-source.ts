/**
 * What lookup and user widgets choose from: records of the target object searched by their display field,
 * the display label of a record id (asked once, in batches, then remembered), and the tenant's users.
 * Everything goes through the public GraphQL API of the signed-in session.
 */
import { reactive } from 'vue';
import { gql } from '../api/graphql-client';
import type { SessionUser } from '../api/operations';
import { UsersDocument } from '../api/platform-operations.generated';
import { useSessionStore } from '../stores/session';
import { useWorkspaceStore } from '../stores/workspace';
import { personTitle, titleFieldNames } from './person-name';

export interface LookupChoice {
  id: string;
  label: string;
}

/** Labels by `object:id`, shared by every widget and the filter chips. Reactive: a label that arrives re-renders. */
const labels = reactive(new Map<string, string>());
/** People (person-name.ts) are kept by their name's two parts: the order depends on the language asking. */
const people = reactive(new Map<string, Record<string, unknown>>());
const pending = new Map<string, Set<string>>();
/** Labels being asked for: reactive, so a widget can tell "not known yet" from "known". */
const inFlight = reactive(new Set<string>());
let usersPromise: Promise<SessionUser[]> | null = null;
let usersToken: string | null = null;

const key = (object: string, id: string) => `${object}:${id}`;
/** Users are not records of an object: their labels live apart. */
const USERS = '@users';

export function rememberLabel(object: string, id: string, label: string): void {
  labels.set(key(object, id), label);
}

/** Remembers a record read with its name fields (`titleFieldNames`): people by their parts, others by their label. */
export function rememberTitle(object: string, id: string, row: Record<string, unknown>): void {
  const meta = useWorkspaceStore().byName.get(object);
  if (meta && personTitle(meta, row, 'en') !== null) {
    people.set(key(object, id), { ...row });
    labels.set(key(object, id), personTitle(meta, row, 'en') || id);
  } else if (meta) labels.set(key(object, id), labelText(row[meta.displayField], id));
}

const labelText = (value: unknown, id: string) => (value === null || value === undefined || value === '' ? id : String(value));

export function useLookupSource() {
  const session = useSessionStore();
  const workspace = useWorkspaceStore();

  function target(object: string) {
    const meta = workspace.byName.get(object);
    return meta ? { many: meta.plural, display: meta.displayField, title: titleFieldNames(meta).join(' ') } : null;
  }

  /** Up to 20 records whose display field contains the text (all when empty), ordered by it. */
  async function search(object: string, text: string, locale = 'en'): Promise<LookupChoice[]> {
    const t = target(object);
    if (!t) return [];
    const doc = gql<Record<string, { nodes: Record<string, unknown>[] }>, { filter: unknown }>(
      `query LookupSearch($filter: ${typeName(object)}Filter) { list: ${t.many}(filter: $filter, first: 20, orderBy: [{ field: ${t.display}, direction: ASC }]) { nodes { id ${t.title} } } }`,
    );
    const filter = searchFilter(t.title.split(' '), text);
    const data = await session.request(doc, { filter });
    return (data['list']?.nodes ?? []).map((n) => {
      const id = String(n['id']);
      rememberTitle(object, id, n);
      return { id, label: labelOf(object, id, locale) ?? id };
    });
  }

  async function fetchLabels(object: string, ids: string[]): Promise<void> {
    const t = target(object);
    try {
      if (!t) return;
      const doc = gql<Record<string, { nodes: Record<string, unknown>[] }>, { ids: string[] }>(
        `query LookupLabels($ids: [ID!]) { list: ${t.many}(filter: { id: { in: $ids } }, first: ${ids.length}) { nodes { id ${t.title} } } }`,
      );
      const data = await session.request(doc, { ids });
      for (const n of data['list']?.nodes ?? []) rememberTitle(object, String(n['id']), n);
    } catch {
      // The id stays as its own label: better than no text at all.
    } finally {
      for (const id of ids) {
        if (!labels.has(key(object, id))) labels.set(key(object, id), id);
        inFlight.delete(key(object, id));
      }
    }
  }

  /** The record's label (a person's name in the order of `locale`) if known; otherwise asks for it (batched with the others asked in the same tick). */
  function labelOf(object: string, id: string, locale = 'en'): string | undefined {
    const k = key(object, id);
    const person = people.get(k);
    if (person) return personTitle(workspace.byName.get(object), person, locale) || id;
    const known = labels.get(k);
    if (known !== undefined || inFlight.has(k)) return known;
    inFlight.add(k);
    let batch = pending.get(object);
    if (!batch) {
      batch = new Set();
      pending.set(object, batch);
      queueMicrotask(() => {
        const ids = [...(pending.get(object) ?? [])];
        pending.delete(object);
        void fetchLabels(object, ids);
      });
    }
    batch.add(id);
    return undefined;
  }

  /** Everyone in the tenant, asked once per session. */
  function users(): Promise<SessionUser[]> {
    if (!usersPromise || usersToken !== session.token) {
      usersToken = session.token;
      usersPromise = session
        .request<{ users: SessionUser[] }, Record<string, never>>(UsersDocument, {})
        .then((d) => {
          for (const u of d.users) rememberLabel(USERS, u.id, u.name || u.email);
          return d.users;
        })
        .catch((e: unknown) => {
          usersPromise = null;
          throw e;
        });
    }
    return usersPromise;
  }

  /** A user's name if known; otherwise loads the users (once) and returns undefined until they arrive. */
  function userLabel(id: string): string | undefined {
    const known = labels.get(key(USERS, id));
    if (known === undefined) users().catch(() => undefined);
    return known;
  }

  return { search, labelOf, userLabel, users };
}

/** GraphQL type name of an object (`deal` → `Deal`), as the server derives it. */
export const typeName = (object: string) => object.charAt(0).toUpperCase() + object.slice(1);

/**
 * Records whose name contains the text: by the display field, or for people each word in either part of the
 * name ("mei lin" finds Mei Lin and Lin Mei). Null (everything) when the text is empty.
 */
export function searchFilter(fields: string[], text: string): Record<string, unknown> | null {
  const words = fields.length > 1 ? text.trim().split(/\s+/).filter(Boolean) : text.trim() ? [text.trim()] : [];
  if (!words.length) return null;
  const one = (word: string) => (fields.length > 1 ? { or: fields.map((f) => ({ [f]: { contains: word } })) } : { [fields[0] ?? 'id']: { contains: word } });
  return words.length > 1 ? { and: words.map(one) } : one(words[0]!);
}
