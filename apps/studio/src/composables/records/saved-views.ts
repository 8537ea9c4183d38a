/**
 * Saved views of an object's list (the user's own and the shared ones): columns, filter, sort and page size,
 * kept by the server. A server without saved views yet answers with a GraphQL validation error; the list
 * then remembers its layout in this browser instead.
 */
import { GraphqlError, type Document } from '../../api/graphql-client';
import {
  DeleteViewDocument,
  SavedViewsDocument,
  SaveViewDocument,
  type SavedViewsQueryVariables,
  type SaveViewMutationVariables,
} from '../../api/platform-operations.generated';
import { useSessionStore } from '../../stores/session';
import type { OrderTerm, RecordFilter } from './queries';

export interface ViewDefinition {
  columns?: string[];
  filter?: RecordFilter | null;
  orderBy?: OrderTerm[];
  pageSize?: number;
}

export interface SavedView {
  id: string;
  object: string;
  name: string;
  shared: boolean;
  ownerId: string | null;
  definition: ViewDefinition;
  updatedAt: string;
}

const LIST: Document<{ savedViews: SavedView[] }, SavedViewsQueryVariables> = SavedViewsDocument;
const SAVE: Document<{ saveView: SavedView }, SaveViewMutationVariables> = SaveViewDocument;
const DELETE = DeleteViewDocument;

/** The server does not know the operation at all (it predates the feature). */
export const isUnsupported = (e: unknown) =>
  e instanceof GraphqlError &&
  (e.code === 'GRAPHQL_VALIDATION_FAILED' || (e.code === 'BAD_USER_INPUT' && /Cannot query field|Unknown (argument|type)/.test(e.message)));

export function useSavedViewsApi() {
  const session = useSessionStore();
  return {
    list: async (object: string) => (await session.request(LIST, { object })).savedViews,
    save: async (view: { id?: string | null; object: string; name: string; shared: boolean; definition: ViewDefinition }) =>
      (await session.request(SAVE, { id: view.id ?? null, object: view.object, name: view.name, shared: view.shared, definition: view.definition })).saveView,
    remove: async (id: string) => (await session.request(DELETE, { id })).deleteView,
  };
}
