/**
 * Records are validated by ajv against their object's schema, compiled once per object model (and so shared
 * by every tenant with the same definitions). Null means "clear the value": allowed unless the field is
 * required. Errors name each field.
 */
import { createAjv, patternProblem, URL_SCHEME_PATTERN, URL_SCHEMES, type FieldModel, type ObjectModel } from '@funnelcraft/definitions';
import { bareRecord, validationFailed, type ErrorDetail } from '@funnelcraft/kernel';
import type { ErrorObject, ValidateFunction } from 'ajv';

export type RecordInput = Record<string, unknown>;
type Mode = 'create' | 'update';

const ajv = createAjv();
const cache = new WeakMap<ObjectModel, Record<Mode, ValidateFunction>>();

/** Fields a client may write: not computed, not read-only (the platform sets those, e.g. conversion links). */
const writable = (f: FieldModel) => f.kind.writable && !f.readOnly;

/** Stage fields a client may write on objects with pipelines (which stage exists is checked by the move). */
const STAGE_INPUT_SCHEMA = {
  pipeline: { type: 'string' },
  stage: { type: 'string' },
  probability: { type: 'number', minimum: 0, maximum: 100 },
  lostReason: { type: 'string', maxLength: 500 },
};

/**
 * A field's value schema without a `pattern` the linear-time engine cannot run: definitions applied before
 * plan time refused those still load, and their records stay writable (the pattern is not enforced, and
 * that is logged once per model) rather than every write of the object failing.
 */
const unenforced = new WeakSet<FieldModel>();
function runnableSchema(o: ObjectModel, f: FieldModel, schema: Record<string, unknown>): Record<string, unknown> {
  if (typeof schema['pattern'] !== 'string' || !patternProblem(schema['pattern'])) return schema;
  if (!unenforced.has(f)) console.warn(`[funnelcraft] the pattern of ${o.name}.${f.name} is not enforced: ${patternProblem(schema['pattern'])}`);
  unenforced.add(f);
  const { pattern: _unrunnable, ...rest } = schema;
  return rest;
}

/**
 * The JSON Schema a record input must satisfy (null values are checked apart: see recordProblems). The
 * studio validates forms with this same schema, served as `object { recordSchema }`.
 */
export function recordJsonSchema(o: ObjectModel, mode: Mode): Record<string, unknown> {
  const properties: Record<string, unknown> = { ownerId: { type: 'string', format: 'uuid' } };
  for (const f of o.fields.filter(writable)) properties[f.name] = runnableSchema(o, f, f.kind.valueSchema(f.document));
  if (o.pipelines.length) Object.assign(properties, STAGE_INPUT_SCHEMA);
  return {
    type: 'object',
    additionalProperties: false,
    properties,
    required: mode === 'create' ? o.fields.filter((f) => f.required && writable(f)).map((f) => f.name) : [],
  };
}

const compile = (o: ObjectModel, mode: Mode): ValidateFunction => ajv.compile(recordJsonSchema(o, mode));

function validators(o: ObjectModel): Record<Mode, ValidateFunction> {
  let v = cache.get(o);
  if (!v) {
    v = { create: compile(o, 'create'), update: compile(o, 'update') };
    cache.set(o, v);
  }
  return v;
}

function detail(prefix: string, e: ErrorObject): ErrorDetail {
  if (e.keyword === 'required') return { path: `${prefix}${e.params['missingProperty']}`, message: 'is required', keyword: 'required' };
  if (e.keyword === 'additionalProperties') {
    return { path: `${prefix}${e.params['additionalProperty']}`, message: 'is not a field of this object (or is read-only)', keyword: 'unknown' };
  }
  const path = e.instancePath.slice(1).replace(/\//g, '.');
  if (e.keyword === 'pattern' && e.params['pattern'] === URL_SCHEME_PATTERN)
    return { path: `${prefix}${path}`, message: `must be a link starting with ${URL_SCHEMES.map((s) => `${s}:`).join(', ')}`, keyword: 'urlScheme' };
  const values = e.keyword === 'enum' ? (e.params['allowedValues'] as unknown[]) : [];
  // A long list (ISO 4217 codes) would bury the message.
  const allowed =
    values.length > 20 ? ` (one of ${values.length} codes, e.g. ${values.slice(0, 3).join(', ')})` : values.length ? `: ${values.join(', ')}` : '';
  return { path: `${prefix}${path}`, message: `${e.message ?? 'is invalid'}${allowed}`, keyword: e.keyword };
}

/**
 * A btree entry holds at most about 2,700 bytes (less when PostgreSQL cannot compress the value): a longer text
 * in a unique or indexed field would fail the write inside PostgreSQL. Checked in bytes, as the limit is.
 */
const MAX_INDEXED_BYTES = 2_600;
const tooLongToIndex = (f: FieldModel | undefined, value: string): boolean =>
  !!f && (f.unique || f.indexed) && f.kind.storage === 'text' && value.length * 3 > MAX_INDEXED_BYTES && Buffer.byteLength(value, 'utf8') > MAX_INDEXED_BYTES;

/** PostgreSQL text cannot hold U+0000: refused here by name rather than failing in the database. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object') return Object.values(value).some(containsNul);
  return false;
}

/** Problems with one record; empty when it is valid. `prefix` places them (e.g. `inputs[3].`). */
export function recordProblems(o: ObjectModel, input: RecordInput, mode: Mode, prefix = ''): ErrorDetail[] {
  // Prototype-less: ajv reads every field by name, and `present.constructor` must not be Object.
  const present: RecordInput = bareRecord();
  const problems: ErrorDetail[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (value === null) {
      const f = o.fieldsByName.get(key);
      if (f?.required) problems.push({ path: `${prefix}${key}`, message: 'is required and cannot be cleared', keyword: 'required' });
      else if (!f && key !== 'ownerId' && !(Object.hasOwn(STAGE_INPUT_SCHEMA, key) && o.pipelines.length))
        problems.push({ path: `${prefix}${key}`, message: 'is not a field of this object', keyword: 'unknown' });
      else if (key === 'stage' || key === 'pipeline') problems.push({ path: `${prefix}${key}`, message: 'cannot be cleared', keyword: 'required' });
      else if (f && !f.kind.writable) problems.push({ path: `${prefix}${key}`, message: 'is read-only', keyword: 'readOnly' });
      continue;
    }
    if (containsNul(value)) {
      problems.push({ path: `${prefix}${key}`, message: 'contains a NUL character (U+0000), which text cannot hold', keyword: 'nul' });
      continue;
    }
    if (typeof value === 'string' && tooLongToIndex(o.fieldsByName.get(key), value)) {
      problems.push({
        path: `${prefix}${key}`,
        message: `is too long to be unique or indexed: at most ${MAX_INDEXED_BYTES} bytes (about ${MAX_INDEXED_BYTES / 4} characters of any script)`,
        keyword: 'maxIndexedLength',
      });
      continue;
    }
    present[key] = value;
  }
  const validate = validators(o)[mode];
  if (!validate(present)) {
    for (const e of validate.errors ?? []) {
      const d = detail(prefix, e);
      // A cleared required field is already reported above.
      if (!(d.keyword === 'required' && problems.some((p) => p.path === d.path))) problems.push(d);
    }
  }
  return problems;
}

export function assertValidRecord(o: ObjectModel, input: RecordInput, mode: Mode): void {
  const problems = recordProblems(o, input, mode);
  if (problems.length) throw validationFailed(`The ${o.name} is not valid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
}
