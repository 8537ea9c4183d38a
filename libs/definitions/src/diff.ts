/**
 * Compares the applied model with a proposed one and lists the changes, in an order that can be applied:
 * renames first, then creations, field changes, and drops last. Pure: no SQL here (storage plans the DDL).
 */
import { canonicalJson, DomainError, ErrorCode, type ErrorDetail } from '@funnelcraft/kernel';
import { allowedConversions, conversionMethod, type ConversionMethod } from './conversions.js';
import type { FieldModel, ObjectModel, TenantModel } from './model.js';
import type { PipelineModel } from './pipeline-model.js';

export type Change =
  | { action: 'create_object'; object: ObjectModel }
  | { action: 'rename_object'; from: ObjectModel; object: ObjectModel }
  | { action: 'drop_object'; object: ObjectModel }
  | { action: 'add_field'; object: ObjectModel; field: FieldModel }
  | { action: 'rename_field'; object: ObjectModel; from: FieldModel; field: FieldModel }
  | { action: 'change_kind'; object: ObjectModel; from: FieldModel; field: FieldModel; method: ConversionMethod }
  | { action: 'change_storage'; object: ObjectModel; from: FieldModel; field: FieldModel; aspects: StorageAspect[] }
  | { action: 'drop_field'; object: ObjectModel; field: FieldModel }
  | { action: 'update_metadata'; object: ObjectModel }
  | { action: 'enable_pipelines'; object: ObjectModel }
  | { action: 'disable_pipelines'; object: ObjectModel }
  | { action: 'update_pipeline'; object: ObjectModel; pipeline: PipelineModel; removedStages: string[] };

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

/**
 * The applied field each proposed field continues, if any. Renames claim their old field first, so a new
 * field that reuses a renamed field's old name is an addition, whatever the order of properties.
 */
function priorFields(before: ObjectModel, after: ObjectModel): Map<FieldModel, FieldModel> {
  const claims = new Map<string, FieldModel>();
  for (const f of after.fields) {
    if (f.renamedFrom && before.fieldsByName.has(f.renamedFrom) && !before.fieldsByName.has(f.name)) claims.set(f.renamedFrom, f);
  }
  const prior = new Map<FieldModel, FieldModel>();
  for (const f of after.fields) {
    const claimedBy = claims.get(f.name);
    const old = f.renamedFrom && claims.get(f.renamedFrom) === f ? before.fieldsByName.get(f.renamedFrom) : claimedBy ? undefined : before.fieldsByName.get(f.name);
    if (old) prior.set(f, old);
  }
  return prior;
}

function diffFields(before: ObjectModel, after: ObjectModel, renamedObjects: ReadonlyMap<string, string>, changes: Change[], problems: ErrorDetail[]): void {
  const matched = new Set<string>();
  const priors = priorFields(before, after);
  for (const field of after.fields) {
    const prior = priors.get(field);
    const where = `${after.name}.${field.name}`;
    if (!prior || matched.has(prior.name)) {
      changes.push({ action: 'add_field', object: after, field });
      continue;
    }
    matched.add(prior.name);
    if (prior.name !== field.name) changes.push({ action: 'rename_field', object: after, from: prior, field });
    const priorTarget = prior.target && (renamedObjects.get(prior.target) ?? prior.target);
    if (prior.kind.id === 'lookup' && field.kind.id === 'lookup' && priorTarget !== field.target) {
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
  const priorOf = (obj: ObjectModel) =>
    before.byName.get(obj.name) ?? (obj.renamedFrom && !after.byName.has(obj.renamedFrom) ? before.byName.get(obj.renamedFrom) : undefined);
  const renamedObjects = new Map<string, string>();
  for (const obj of after.objects) {
    const prior = priorOf(obj);
    if (prior && prior.name !== obj.name) renamedObjects.set(prior.name, obj.name);
  }
  for (const obj of after.objects) {
    const prior = priorOf(obj);
    if (!prior) {
      changes.push({ action: 'create_object', object: obj });
      continue;
    }
    matched.add(prior.name);
    if (prior.name !== obj.name) changes.push({ action: 'rename_object', from: prior, object: obj });
    const own: Change[] = [];
    diffFields(prior, obj, renamedObjects, own, problems);
    fieldChanges.push(...own);
    const reordered = prior.fields.map((f) => f.name).join() !== obj.fields.map((f) => f.name).join();
    if (!own.length && (!same(prior.document, obj.document) || reordered) && prior.name === obj.name) changes.push({ action: 'update_metadata', object: obj });
  }
  if (problems.length) throw new DomainError(ErrorCode.UnsafeTypeChange, `${problems.length} change(s) cannot be applied safely`, problems);
  const pipelineChanges = [...diffPipelines(before, after, priorOf), ...diffConversions(before, after)];
  const drops: Change[] = before.objects.filter((o) => !matched.has(o.name)).map((object) => ({ action: 'drop_object', object }));
  // Field drops before additions, so a name freed by a drop can be reused in the same apply.
  // and renames before additions, so a renamed field's old name can be taken by a new one.
  const fieldDrops = fieldChanges.filter((c) => c.action === 'drop_field');
  const fieldRenames = fieldChanges.filter((c) => c.action === 'rename_field');
  const fieldRest = [...fieldRenames, ...fieldChanges.filter((c) => c.action !== 'drop_field' && c.action !== 'rename_field')];
  return [...changes.filter((c) => c.action === 'rename_object'), ...changes.filter((c) => c.action === 'create_object'), ...fieldDrops, ...fieldRest,
    ...changes.filter((c) => c.action === 'update_metadata'), ...pipelineChanges, ...drops];
}

/** A changed, added or removed conversion is metadata of the object it converts. */
function diffConversions(before: TenantModel, after: TenantModel): Change[] {
  const sources = new Set([...before.conversions.keys(), ...after.conversions.keys()]);
  return [...sources].flatMap((name): Change[] => {
    const [b, a] = [before.conversions.get(name), after.conversions.get(name)];
    const object = after.byName.get(name);
    return object && !same(b?.document, a?.document) ? [{ action: 'update_metadata', object }] : [];
  });
}

/**
 * Pipelines: an object's first pipeline adds the stage columns, removing its last drops them; changed
 * pipelines are metadata, except stages that disappear (records may stand in them).
 */
function diffPipelines(before: TenantModel, after: TenantModel, priorOf: (o: ObjectModel) => ObjectModel | undefined): Change[] {
  const changes: Change[] = [];
  for (const o of after.objects) {
    const prior = priorOf(o);
    const had = (prior?.pipelines.length ?? 0) > 0;
    if (o.pipelines.length && !had) changes.push({ action: 'enable_pipelines', object: o });
    if (!o.pipelines.length && had) changes.push({ action: 'disable_pipelines', object: o });
    if (!o.pipelines.length || !had) continue;
    for (const old of prior!.pipelines) {
      const now = o.pipelines.find((p) => p.key === old.key);
      const removedStages = old.stages.filter((s) => !now?.stageByKey.has(s.key)).map((s) => s.key);
      if (!now || removedStages.length || !same(old.document, now.document)) changes.push({ action: 'update_pipeline', object: o, pipeline: now ?? old, removedStages });
    }
    for (const p of o.pipelines) if (!prior!.pipelines.some((q) => q.key === p.key)) changes.push({ action: 'update_pipeline', object: o, pipeline: p, removedStages: [] });
  }
  return changes;
}

export const isDestructive = (c: Change) => c.action === 'drop_field' || c.action === 'drop_object' || c.action === 'disable_pipelines';
