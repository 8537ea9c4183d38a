/**
 * Role documents (`x-role`): what users carrying the role may do, per object (read, create, edit, delete, export,
 * import), which records they reach (own, own + team subtree, or all), and which fields they may only read or may not see. `admin`
 * is built in (everything) and `member` too (every record, no definitions) unless a document replaces it; the
 * records service turns a role into a scope per request (libs/records permissions.ts), from the model it serves.
 */
import type { ErrorDetail } from '@funnelcraft/kernel';
import type { Labels, ObjectModel } from './model.js';

/**
 * own: records whose ownerId is the user; team: own + records owned by the users of the user's team subtree
 * (and of the subtrees of teams it manages); all: every record.
 */
export type RecordVisibility = 'own' | 'team' | 'all';
export type FieldAccess = 'read' | 'hidden';

export interface ObjectPermissionsDocument {
  read?: boolean;
  create?: boolean;
  edit?: boolean;
  delete?: boolean;
  export?: boolean;
  import?: boolean;
  visibility?: RecordVisibility;
  fields?: Record<string, FieldAccess>;
}

export interface RoleDocument {
  'x-role': string;
  'x-label'?: Labels;
  description?: string;
  manageDefinitions?: boolean;
  defaults?: ObjectPermissionsDocument;
  objects?: Record<string, ObjectPermissionsDocument>;
  [key: string]: unknown;
}

export interface ObjectGrant {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
  export: boolean;
  import: boolean;
  visibility: RecordVisibility;
  /** Fields limited to reading or hidden; those not here are editable. */
  fields: ReadonlyMap<string, FieldAccess>;
}

export interface RoleModel {
  key: string;
  label: Labels;
  manageDefinitions: boolean;
  /** Grants of the objects the document names; objects it does not name get `defaults`. */
  objects: ReadonlyMap<string, ObjectGrant>;
  defaults: ObjectGrant;
}

export const ROLE_META_SCHEMA = { file: 'role-definition.schema.json', refs: ['object-definition.schema.json'] } as const;

/** Built-in role names no document may define. */
export const BUILT_IN_ROLES = { admin: 'admin', member: 'member' } as const;

const grantOf = (d: ObjectPermissionsDocument | undefined): ObjectGrant => ({
  read: d?.read ?? false,
  create: d?.create ?? false,
  edit: d?.edit ?? false,
  delete: d?.delete ?? false,
  export: d?.export ?? false,
  import: d?.import ?? false,
  visibility: d?.visibility ?? 'all',
  fields: new Map(Object.entries(d?.fields ?? {})),
});

/**
 * A role's model, its objects and fields checked against the tenant's objects. Applied roles (`stored`) keep
 * naming objects or fields deleted since (they grant nothing there) so a tenant still loads.
 */
export function buildRole(doc: RoleDocument, byName: ReadonlyMap<string, ObjectModel>, path: string, stored: boolean, problems: ErrorDetail[]): RoleModel {
  const objects = new Map<string, ObjectGrant>();
  const check = (where: string, d: ObjectPermissionsDocument, o: ObjectModel | undefined) => {
    for (const f of Object.keys(d.fields ?? {})) {
      if (o && !stored && !o.fieldsByName.has(f)) problems.push({ path: `${where}.fields.${f}`, message: `${o.name} has no field "${f}"` });
    }
  };
  for (const [name, d] of Object.entries(doc.objects ?? {})) {
    const o = byName.get(name);
    if (!o && !stored) problems.push({ path: `${path}.objects.${name}`, message: `no object "${name}"` });
    check(`${path}.objects.${name}`, d, o);
    objects.set(name, grantOf(d));
  }
  return {
    key: doc['x-role'],
    label: doc['x-label'] ?? { en: doc['x-role'] },
    manageDefinitions: doc.manageDefinitions ?? false,
    objects,
    defaults: grantOf(doc.defaults),
  };
}

/** The role's grant on an object. */
export const grantOn = (role: RoleModel, objectName: string): ObjectGrant => role.objects.get(objectName) ?? role.defaults;
