/**
 * The role kind (`x-role`): what users carrying a role may do. A role adds no column or table: applying one
 * stores a new definition version, and the next request is authorized by it (roles are read from the model a
 * request is served with, not from the token), so its diff is empty.
 */
import type { DocumentKind } from './document-kind.js';
import { buildRole, ROLE_META_SCHEMA, type RoleDocument } from './role-model.js';

export const roleKind: DocumentKind<RoleDocument> = {
  kind: 'role',
  key: 'x-role',
  metaSchema: ROLE_META_SCHEMA,
  attach: (docs, draft, problems) => {
    for (const { doc, path } of docs) {
      if (draft.roles.has(doc['x-role'])) problems.push({ path: `${path}.x-role`, message: `role "${doc['x-role']}" appears twice` });
      draft.roles.set(doc['x-role'], buildRole(doc, draft.byName, path, draft.stored, problems));
    }
  },
  diff: () => [],
};
