/**
 * Record inputs checked in the browser with the JSON Schema the server validates them with (`recordSchema`),
 * by ajv with the same options, compiled once per object and mode. Problems name the field they belong to,
 * so a form can show each under its input; server errors (VALIDATION_FAILED, STAGE_GATE_BLOCKED…) are read
 * into the same shape. ajv is loaded on first use: the first screen does not pay for it.
 */
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { GraphqlErrorDetail } from '../../api/graphql-client';
import type { ObjectMeta } from '../../api/operations';
import { loadLinearRegExp } from './pattern-engine';

export interface Problem {
  /** The field (top-level input key) it belongs to; '' when it belongs to none. */
  field: string;
  keyword: string;
  params: Record<string, unknown>;
  /** The validator's own English message: shown when the keyword has no translation. */
  message: string;
}

type Mode = 'create' | 'update';

let ajvPromise: Promise<Ajv> | null = null;
const compiled = new WeakMap<ObjectMeta, Partial<Record<Mode, ValidateFunction>>>();

function loadAjv(): Promise<Ajv> {
  ajvPromise ??= Promise.all([import('ajv'), import('ajv-formats'), loadLinearRegExp()]).then(([{ Ajv }, formats, regExp]) => {
    // Same options and the same pattern engine as the server (libs/definitions createAjv).
    const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false, code: { regExp } });
    formats.default(ajv);
    return ajv;
  });
  return ajvPromise;
}

async function validatorFor(meta: ObjectMeta, mode: Mode): Promise<ValidateFunction | null> {
  if (!meta.recordSchema) return null;
  const byMode = compiled.get(meta) ?? {};
  let validate = byMode[mode];
  if (!validate) {
    const ajv = await loadAjv();
    const schema = mode === 'create' ? meta.recordSchema : { ...meta.recordSchema, required: [] };
    validate = ajv.compile(schema);
    byMode[mode] = validate;
    compiled.set(meta, byMode);
  }
  return validate;
}

/** Starts loading ajv and compiling the object's schema, so the first check is instant. */
export function prepareValidation(meta: ObjectMeta): void {
  void validatorFor(meta, 'create').catch(() => undefined);
}

const topField = (path: string) => path.replace(/^\//, '').split(/[./]/)[0] ?? '';

function fromAjv(e: ErrorObject): Problem {
  if (e.keyword === 'required') return { field: String(e.params['missingProperty']), keyword: 'required', params: {}, message: 'is required' };
  if (e.keyword === 'additionalProperties')
    return { field: String(e.params['additionalProperty']), keyword: 'invalid', params: {}, message: 'is not a field of this object' };
  return { field: topField(e.instancePath), keyword: e.keyword, params: { ...e.params }, message: e.message ?? 'is invalid' };
}

/**
 * Problems with an input, as the server would see them: null means "clear", allowed unless the field is
 * required. `required` lists the required input keys (checked for null values in both modes).
 */
export async function validateInput(meta: ObjectMeta, input: Record<string, unknown>, mode: Mode, required: ReadonlySet<string>): Promise<Problem[]> {
  // Prototype-less: ajv reads each field by name, and a field may be named `constructor` or `toString`.
  const present = Object.create(null) as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (value === null) {
      if (required.has(key)) problems.push({ field: key, keyword: 'required', params: {}, message: 'is required' });
      continue;
    }
    present[key] = value;
  }
  const validate = await validatorFor(meta, mode);
  if (validate && !validate(present)) {
    for (const e of validate.errors ?? []) {
      const p = fromAjv(e);
      // One message per field is enough: the first is the most basic (type before format), except that a
      // URL's format ("a web address") says more than its scheme pattern, which ajv checks first.
      const earlier = problems.findIndex((q) => q.field === p.field);
      if (earlier < 0) problems.push(p);
      else if (problems[earlier]!.keyword === 'pattern' && p.keyword === 'format') problems[earlier] = p;
    }
  }
  return problems;
}

/** Server error details (`{ path, message, keyword? }`) as problems on fields. */
export function fromServerDetails(details: GraphqlErrorDetail[]): Problem[] {
  return details.map((d) => ({
    field: topField(d.path),
    keyword: typeof d['keyword'] === 'string' ? d['keyword'] : '',
    params: {},
    message: d.message,
  }));
}
