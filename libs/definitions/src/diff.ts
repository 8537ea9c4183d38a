/**
 * Compares the applied model with a proposed one and lists the changes, in an order that can be applied:
 * renames first, then creations, field changes, and drops last. Pure: no SQL here (storage plans the DDL).
 */
import { canonicalJson, DomainError, ErrorCode, type ErrorDetail } from '@funnelcraft/kernel';
import { allowedConversions, conversionMethod, type ConversionMethod } from './conversions.js';
import type { FieldModel, ObjectModel, TenantModel } from './model.js';

export type Change =
  | { action: 'create_object'; object: ObjectModel }
  | { action: 'rename_object'; from: ObjectModel; object: ObjectModel }
  | { action: 'drop_object'; object: ObjectModel }
  | { action: 'add_field'; object: ObjectModel; field: FieldModel }
  | { action: 'rename_field'; object: ObjectModel; from: FieldModel; field: FieldModel }
  | { action: 'change_kind'; object: ObjectModel; from: FieldModel; field: FieldModel; method: ConversionMethod }
  | { action: 'change_storage'; object: ObjectModel; from: FieldModel; field: FieldModel; aspects: StorageAspect[] }
  | { action: 'drop_field'; object: ObjectModel; field: FieldModel }
  | { action: 'update_metadata'; object: ObjectModel };

/** Parts of a field that live in the database besides its column type. */
export type StorageAspect = 'unique' | 'indexed' | 'default' | 'on_delete' | 'auto_number';

/** Structural equality, whatever the key order (documents read back from jsonb come reordered). */
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

function storageAspects(from: FieldModel, to: FieldModel): StorageAspect[] {
  const aspects: StorageAspect[] = [];
  if (from.unique !== to.unique) aspects.push('unique');
  if (from.indexed !== to.indexed) aspects.push('indexed');
  if (!same(from.defaultValue, to.defaultValue)) aspects.push('default');
  if (from.kind.id === 'lookup' && from.onDelete !== to.onDelete) aspects.push('on_delete');
  if (from.kind.id === 'auto_number' && !same(from.autoNumber, to.autoNumber)) aspects.push('auto_number');
  return aspects;
}

function diffFields(before: ObjectModel, after: ObjectModel, changes: Change[], problems: ErrorDetail[]): void {
  const matched = new Set<string>();
  for (const field of after.fields) {
    const prior = before.fieldsByName.get(field.name) ?? (field.renamedFrom ? before.fieldsByName.get(field.renamedFrom) : undefined);
    const where = `${after.name}.${field.name}`;
    if (!prior || matched.has(prior.name)) {
      changes.push({ action: 'add_field', object: after, field });
      continue;
    }
    matched.add(prior.name);
    if (prior.name !== field.name) changes.push({ action: 'rename_field', object: after, from: prior, field });
    if (prior.kind.id === 'lookup' && field.kind.id === 'lookup' && prior.target !== field.target) {
      problems.push({ path: where, message: `a lookup cannot change its target (${prior.target} → ${field.target}); add a new field instead` });
      continue;
    }
    if (prior.kind.id === 'formula' || field.kind.id === 'formula') {
      if (prior.kind.id !== field.kind.id) problems.push({ path: where, message: `cannot change ${prior.kind.id} to ${field.kind.id}; add a new field instead` });
      continue;
    }
    if (prior.kind.id !== field.kind.id) {
      const method = conversionMethod(prior.kind.id, field.kind.id);
      if (!method) {
        const allowed = allowedConversions(prior.kind.id);
        problems.push({
          path: where,
          message: `changing ${prior.kind.id} to ${field.kind.id} is not safe; ${allowed.length ? `allowed: ${allowed.join(', ')}` : 'no kind change is allowed'}`,
          from: prior.kind.id,
          to: field.kind.id,
        });
        continue;
      }
      changes.push({ action: 'change_kind', object: after, from: prior, field, method });
    }
    const aspects = storageAspects(prior, field);
    if (aspects.length) changes.push({ action: 'change_storage', object: after, from: prior, field, aspects });
  }
  for (const prior of before.fields) {
    if (!matched.has(prior.name)) changes.push({ action: 'drop_field', object: after, field: prior });
  }
}

/**
 * @param deleteObjects names the caller explicitly removes; objects absent from `after` are otherwise kept
 *   (documents are upserts), so the caller merges before calling.
 */
export function diffModels(before: TenantModel, after: TenantModel): Change[] {
  const changes: Change[] = [];
  const problems: ErrorDetail[] = [];
  const matched = new Set<string>();
  const fieldChanges: Change[] = [];
  for (const obj of after.objects) {
    const prior = before.byName.get(obj.name) ?? (obj.renamedFrom && !after.byName.has(obj.renamedFrom) ? before.byName.get(obj.renamedFrom) : undefined);
    if (!prior) {
      changes.push({ action: 'create_object', object: obj });
      continue;
    }
    matched.add(prior.name);
    if (prior.name !== obj.name) changes.push({ action: 'rename_object', from: prior, object: obj });
    const own: Change[] = [];
    diffFields(prior, obj, own, problems);
    fieldChanges.push(...own);
    if (!own.length && !same(prior.document, obj.document) && prior.name === obj.name) changes.push({ action: 'update_metadata', object: obj });
  }
  if (problems.length) throw new DomainError(ErrorCode.UnsafeTypeChange, `${problems.length} change(s) cannot be applied safely`, problems);
  const drops: Change[] = before.objects.filter((o) => !matched.has(o.name)).map((object) => ({ action: 'drop_object', object }));
  // Field drops before additions, so a name freed by a drop can be reused in the same apply.
  const fieldDrops = fieldChanges.filter((c) => c.action === 'drop_field');
  const fieldRest = fieldChanges.filter((c) => c.action !== 'drop_field');
  return [...changes.filter((c) => c.action === 'rename_object'), ...changes.filter((c) => c.action === 'create_object'), ...fieldDrops, ...fieldRest,
    ...changes.filter((c) => c.action === 'update_metadata'), ...drops];
}

export const isDestructive = (c: Change) => c.action === 'drop_field' || c.action === 'drop_object';
