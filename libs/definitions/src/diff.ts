/**
 * The changes between the applied model and a proposed one, and the object kind's part of them (fields and
 * tables). Pure: no SQL here (storage plans the DDL). `diffModels` in document-kinds.ts asks every kind.
 */
import { canonicalJson, DomainError, ErrorCode, type ErrorDetail } from '@funnelcraft/kernel';
import { allowedConversions, conversionMethod, type ConversionMethod } from './conversions.js';
import type { StorageAspect } from './field-kinds.js';
import type { FieldModel, ObjectModel } from './model.js';
import type { PipelineModel } from './pipeline-model.js';
import type { DiffScope } from './document-kind.js';

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

/** Structural equality, whatever the key order (documents read back from jsonb come reordered). */
export const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

function storageAspects(from: FieldModel, to: FieldModel): StorageAspect[] {
  const aspects: StorageAspect[] = [];
  if (from.unique !== to.unique) aspects.push('unique');
  if (from.indexed !== to.indexed) aspects.push('indexed');
  if (!same(from.defaultValue, to.defaultValue)) aspects.push('default');
  if (from.kind.id === to.kind.id && from.kind.aspects) aspects.push(...from.kind.aspects(from, to));
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
    const old =
      f.renamedFrom && claims.get(f.renamedFrom) === f ? before.fieldsByName.get(f.renamedFrom) : claimedBy ? undefined : before.fieldsByName.get(f.name);
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
    if (prior.kind.link === 'record' && field.kind.link === 'record' && priorTarget !== field.target) {
      problems.push({ path: where, message: `a lookup cannot change its target (${prior.target} → ${field.target}); add a new field instead` });
      continue;
    }
    // A computed field (no column) cannot become a stored one or the reverse: there is nothing to convert.
    if (prior.kind.storage === null || field.kind.storage === null) {
      if (prior.kind.id !== field.kind.id)
        problems.push({ path: where, message: `cannot change ${prior.kind.id} to ${field.kind.id}; add a new field instead` });
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

/** A document less its one-time rename instructions, which are not stored: a repeated rename changes nothing. */
function withoutRenameInstructions(doc: ObjectModel['document']): unknown {
  const { 'x-renamed-from': _o, properties, ...rest } = doc;
  return { ...rest, properties: Object.fromEntries(Object.entries(properties).map(([n, { 'x-renamed-from': _f, ...f }]) => [n, f])) };
}

/**
 * The object changes: creations, renames, field changes, metadata, drops. Objects absent from `after` are
 * dropped (documents are upserts: the apply pipeline merges before it diffs).
 */
export function diffObjects({ before, after, priorOf }: DiffScope): Change[] {
  const changes: Change[] = [];
  const problems: ErrorDetail[] = [];
  const matched = new Set<string>();
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
    changes.push(...own);
    const reordered = prior.fields.map((f) => f.name).join() !== obj.fields.map((f) => f.name).join();
    if (!own.length && (!same(withoutRenameInstructions(prior.document), withoutRenameInstructions(obj.document)) || reordered) && prior.name === obj.name)
      changes.push({ action: 'update_metadata', object: obj });
  }
  if (problems.length) throw new DomainError(ErrorCode.UnsafeTypeChange, `${problems.length} change(s) cannot be applied safely`, problems);
  return [...changes, ...before.objects.filter((o) => !matched.has(o.name)).map((object): Change => ({ action: 'drop_object', object }))];
}

/**
 * The order a plan runs changes in, whatever kind they come from: renames first, then creations; field drops
 * before additions (a name freed by a drop can be reused in the same apply) and field renames before other
 * field changes (a renamed field's old name can be taken by a new one); object drops last.
 */
export const CHANGE_ORDER: Readonly<Record<Change['action'], number>> = {
  rename_object: 0,
  create_object: 1,
  drop_field: 2,
  rename_field: 3,
  add_field: 4,
  change_kind: 4,
  change_storage: 4,
  update_metadata: 5,
  enable_pipelines: 6,
  disable_pipelines: 6,
  update_pipeline: 6,
  drop_object: 7,
};

export const isDestructive = (c: Change) => c.action === 'drop_field' || c.action === 'drop_object' || c.action === 'disable_pipelines';
