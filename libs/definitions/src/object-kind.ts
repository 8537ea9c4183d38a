/**
 * The object kind: an object definition document (JSON Schema with x- keywords) becomes an ObjectModel. Checks:
 * that each document is a valid JSON Schema, names (pattern, reserved, collisions), lookup targets, defaults,
 * formulas, column limits, API names and reverse relations.
 */
import { toPascal, toSnake, type ErrorDetail } from '@funnelcraft/kernel';
import { compileExpression, SqlParams, type SqlVariable } from '@funnelcraft/expressions';
import { ajvDetails } from './ajv-details.js';
import { diffObjects } from './diff.js';
import type { DocumentKind, ModelDraft, PlacedDocument } from './document-kind.js';
import { columnsOf, FIELD_KINDS } from './field-kinds.js';
import { createAjv, jsonSchemaChecker } from './meta-schema.js';
import { checkObjectValueRules } from './field-value-rules.js';
import { checkTypeNames } from './type-names.js';
import { formulaResultProblem } from './formula-types.js';
import {
  SYSTEM_FIELDS,
  type FieldDocument,
  type FieldModel,
  type ObjectDocument,
  type ObjectModel,
  type OnDelete,
  type ReverseRelation,
  type SelectOption,
} from './model.js';
import { defaultPlural, GENERATED_TYPE_SUFFIXES, objectApiNames, STATIC_ROOT_FIELDS, STATIC_TYPE_NAMES } from './naming.js';

/** PostgreSQL allows 1600 columns per table; system columns take some. */
export const MAX_COLUMNS = 1600;
/** id, created_at, updated_at, created_by, updated_by, owner_id, version, deleted_at */
const SYSTEM_COLUMN_COUNT = 8;
/** PostgreSQL's identifier limit; currency fields add `_currency` to their column. */
const MAX_IDENTIFIER = 63;
const RESERVED_OBJECT_NAMES = new Set([
  'user',
  'tenant',
  'query',
  'mutation',
  'subscription',
  'money',
  'pageInfo',
  'json',
  'date',
  'dateTime',
  'node',
  'stageHistory',
  'fieldHistory',
]);

function labelsOf(doc: Record<string, unknown>, fallback: string): Record<string, string> {
  const labels = { ...((doc['x-label'] as Record<string, string> | undefined) ?? {}) };
  labels['en'] ??= typeof doc.title === 'string' ? doc.title : fallback;
  return labels;
}

function buildField(name: string, doc: FieldDocument, required: boolean): FieldModel {
  const kind = FIELD_KINDS[doc['x-kind']];
  return {
    name,
    column: toSnake(name),
    kind,
    label: labelsOf(doc, name),
    required,
    unique: doc['x-unique'] === true,
    indexed: doc['x-indexed'] === true || kind.link !== null,
    readOnly: doc['readOnly'] === true,
    defaultValue: doc['default'],
    options: (doc['x-options'] as SelectOption[] | undefined) ?? [],
    renamedFrom: doc['x-renamed-from'] as string | undefined,
    target: doc['x-target'] as string | undefined,
    onDelete: (doc['x-on-delete'] as OnDelete | undefined) ?? 'set_null',
    reverse: doc['x-reverse'] as string | undefined,
    formula: doc['x-formula'],
    currency: doc['x-currency'] as string | undefined,
    exclusivePer: doc['x-exclusive-per'] as string | undefined,
    document: doc,
    ...kind.parse?.(doc),
  };
}

function buildObject(doc: ObjectDocument): ObjectModel {
  const required = new Set(doc.required ?? []);
  const fields = Object.entries(doc.properties).map(([name, f]) => buildField(name, f, required.has(name)));
  const plural = doc['x-plural'] ?? defaultPlural(doc['x-object']);
  const firstText = fields.find((f) => f.kind.canBeTitle);
  return {
    name: doc['x-object'],
    plural,
    table: toSnake(doc['x-object']),
    label: labelsOf(doc, toPascal(doc['x-object'])),
    pluralLabel: (doc['x-plural-label'] as Record<string, string> | undefined) ?? { en: toPascal(plural) },
    displayField: doc['x-display-field'] ?? firstText?.name ?? 'id',
    personName: doc['x-person-name'],
    renamedFrom: doc['x-renamed-from'],
    fields,
    fieldsByName: new Map(fields.map((f) => [f.name, f])),
    reverse: [],
    pipelines: [],
    document: doc,
  };
}

/** Past the meta-schema, an object document must itself be a valid JSON Schema. */
function checkObjectDocument(doc: ObjectDocument, path: string, problems: ErrorDetail[]): boolean {
  const checker = jsonSchemaChecker();
  if (checker.validateSchema(doc as object)) return true;
  problems.push(...ajvDetails(path, checker.errors).map((d) => ({ ...d, message: `not a valid JSON Schema: ${d.message}` })));
  return false;
}

function checkObject(obj: ObjectModel, model: Map<string, ObjectModel>, path: string, problems: ErrorDetail[], stored: boolean): void {
  const add = (where: string, message: string) => problems.push({ path: `${path}${where}`, message });
  if (RESERVED_OBJECT_NAMES.has(obj.name)) add('.x-object', `"${obj.name}" is reserved`);
  if (obj.table.length > MAX_IDENTIFIER) add('.x-object', `the table name "${obj.table}" is too long; use a shorter name`);
  if (GENERATED_TYPE_SUFFIXES.some((s) => obj.name.endsWith(s))) add('.x-object', `object names may not end with ${GENERATED_TYPE_SUFFIXES.join(', ')}`);
  if (STATIC_TYPE_NAMES.has(toPascal(obj.name))) add('.x-object', `"${obj.name}" collides with a built-in type`);
  if (obj.plural === obj.name) add('.x-plural', 'the plural must differ from the name');
  const columns = SYSTEM_COLUMN_COUNT + obj.fields.reduce((n, f) => n + columnsOf(f).length, 0);
  if (columns > MAX_COLUMNS) add('.properties', `${obj.fields.length} fields need ${columns} columns; PostgreSQL holds at most ${MAX_COLUMNS} per table`);
  if (!obj.fieldsByName.has(obj.displayField) && obj.displayField !== 'id') add('.x-display-field', `no field "${obj.displayField}"`);
  for (const r of obj.document.required ?? []) if (!obj.fieldsByName.has(r)) add('.required', `required field "${r}" is not defined`);
  for (const part of ['given', 'family'] as const) {
    const name = obj.personName?.[part];
    if (name !== undefined && !obj.fieldsByName.get(name)?.kind.canBeTitle) add(`.x-person-name.${part}`, `no text field "${name}"`);
  }
  const columnsSeen = new Map<string, string>();
  const unusableValueSchemas = checkObjectValueRules(obj, path, stored ? [] : problems);
  const valueAjv = createAjv();
  for (const f of obj.fields) {
    const at = `.properties.${f.name}`;
    if ((SYSTEM_FIELDS as readonly string[]).includes(f.name)) add(at, `"${f.name}" is a system field name and is reserved`);
    // A formula has no column, but its name still claims one (a later kind change would need it).
    const columns = f.kind.storage ? columnsOf(f).map((c) => c.column) : [f.column];
    if (columns.some((c) => c.length > MAX_IDENTIFIER)) add(at, `the column name "${f.column}" is too long; use a shorter name`);
    const clash = columns.map((c) => columnsSeen.get(c)).find((c) => c !== undefined);
    if (clash) add(at, `"${f.name}" maps to the same column as "${clash}"`);
    for (const c of columns) columnsSeen.set(c, f.name);
    if ((f.unique || f.document['x-indexed']) && !f.kind.indexable) add(at, `${f.kind.id} fields cannot be unique or indexed`);
    if (f.kind.link === 'record' && f.target && !model.has(f.target)) add(`${at}.x-target`, `lookup to unknown object "${f.target}"`);
    if (f.kind.link && obj.fieldsByName.has(`${f.name}Id`)) add(at, `"${f.name}Id" is reserved for the id of lookup "${f.name}"`);
    if (f.required && !f.kind.writable) add('.required', `"${f.name}" is computed and cannot be required`);
    if (f.defaultValue !== undefined && f.defaultValue !== null && !unusableValueSchemas.has(f)) {
      if (!valueAjv.validate(f.kind.valueSchema(f.document), f.defaultValue)) add(`${at}.default`, `default does not fit the field: ${valueAjv.errorsText()}`);
      if (f.kind.link) add(`${at}.default`, 'lookups cannot have a default');
    }
    const values = f.options.map((o) => o.value);
    if (new Set(values).size !== values.length) add(`${at}.x-options`, 'option values must be unique');
    if (f.exclusivePer !== undefined && obj.fieldsByName.get(f.exclusivePer)?.kind.link !== 'record')
      add(`${at}.x-exclusive-per`, `no lookup "${f.exclusivePer}" on ${obj.name}`);
    if (f.kind.storage === null) checkFormula(obj, f, `${path}${at}.x-formula`, stored ? [] : problems);
  }
}

function checkFormula(obj: ObjectModel, f: FieldModel, path: string, problems: ErrorDetail[]): void {
  const resolve = (name: string): SqlVariable | undefined => {
    const target = obj.fieldsByName.get(name);
    if (!target || target.kind.storage === null) return undefined;
    return { sql: `"${target.column}"`, type: target.kind.valueType };
  };
  try {
    const problem = formulaResultProblem(f, compileExpression(f.formula, { resolve, params: new SqlParams() }).type);
    if (problem) problems.push({ path: path.replace(/\.x-formula$/, '.x-result'), message: problem, keyword: 'formulaResult' });
  } catch (e) {
    problems.push({ path, message: `invalid formula: ${(e as Error).message}` });
  }
}

/** Names on the root Query/Mutation types and reverse relations must not collide across objects. */
function checkApiNames(objects: ObjectModel[], paths: ReadonlyMap<ObjectModel, string>, problems: ErrorDetail[]): void {
  const roots = new Map<string, string>();
  for (const o of objects) {
    const names = objectApiNames(o.name, o.plural);
    const at = `${paths.get(o)}.x-object`;
    for (const n of [
      names.one,
      names.many,
      names.aggregate,
      names.create,
      names.createMany,
      names.update,
      names.delete,
      names.restore,
      names.board,
      names.move,
      names.convert,
      names.conversionCandidates,
    ]) {
      if (STATIC_ROOT_FIELDS.has(n)) problems.push({ path: at, message: `"${n}" is a built-in API field` });
      const other = roots.get(n);
      if (other && other !== o.name) problems.push({ path: at, message: `API name "${n}" of "${o.name}" collides with "${other}"` });
      roots.set(n, o.name);
    }
  }
}

function attachReverseRelations(
  objects: ObjectModel[],
  byName: Map<string, ObjectModel>,
  paths: ReadonlyMap<ObjectModel, string>,
  problems: ErrorDetail[],
): void {
  for (const source of objects) {
    for (const f of source.fields) {
      if (f.kind.link !== 'record' || !f.target) continue;
      const target = byName.get(f.target);
      if (!target) continue;
      const sameTarget = source.fields.filter((g) => g.kind.link === 'record' && g.target === f.target).length;
      const name = f.reverse ?? (sameTarget > 1 ? `${source.plural}By${toPascal(f.name)}` : source.plural);
      const rel: ReverseRelation = { name, sourceObject: source.name, sourceField: f.name };
      if (target.fieldsByName.has(name) || target.reverse.some((r) => r.name === name) || (SYSTEM_FIELDS as readonly string[]).includes(name)) {
        problems.push({
          path: `${paths.get(source)}.properties.${f.name}.x-reverse`,
          message: `reverse relation "${name}" collides on "${target.name}"; set x-reverse`,
        });
        continue;
      }
      target.reverse.push(rel);
    }
  }
}

function attachObjects(docs: PlacedDocument<ObjectDocument>[], draft: ModelDraft, problems: ErrorDetail[]): void {
  for (const { doc, path } of docs) {
    const o = buildObject(doc);
    if (draft.byName.has(o.name)) problems.push({ path: `${path}.x-object`, message: `object "${o.name}" is defined twice` });
    draft.objects.push(o);
    draft.objectPaths.set(o, path);
    draft.byName.set(o.name, o);
  }
  for (const o of draft.objects) checkObject(o, draft.byName, draft.objectPaths.get(o)!, problems, draft.stored);
  checkApiNames(draft.objects, draft.objectPaths, problems);
  if (!draft.stored) checkTypeNames(draft.objects, draft.objectPaths, problems);
  attachReverseRelations(draft.objects, draft.byName, draft.objectPaths, problems);
}

/** `x-renamed-from` is an instruction for one diff, not state: it is not kept in applied documents. */
function withoutRenames(doc: ObjectDocument): ObjectDocument {
  const { 'x-renamed-from': _obj, ...rest } = doc;
  const properties = Object.fromEntries(
    Object.entries(doc.properties).map(([name, f]) => {
      const { 'x-renamed-from': _field, ...field } = f;
      return [name, field];
    }),
  );
  return { ...rest, properties } as ObjectDocument;
}

export const objectKind: DocumentKind<ObjectDocument> = {
  kind: 'object',
  key: 'x-object',
  metaSchema: { file: 'object-definition.schema.json' },
  checkDocument: checkObjectDocument,
  attach: attachObjects,
  diff: diffObjects,
  replaces: (doc) => (typeof doc['x-renamed-from'] === 'string' ? [doc['x-renamed-from']] : []),
  stored: withoutRenames,
};
