/** Loads the meta-schemas from `schemas/` (the source of truth) and compiles them once. */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { linearRegExp } from './pattern-engine.js';

const addFormats = addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv };

const SCHEMAS_DIR = new URL('../../../schemas/', import.meta.url);

export const loadSchemaFile = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, SCHEMAS_DIR), 'utf8')) as Record<string, unknown>;

/**
 * An ajv instance for validating records and documents: all errors, formats, x- keywords tolerated, and
 * patterns on a linear-time engine (see pattern-engine.ts).
 */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false, code: { regExp: linearRegExp } });
  addFormats.default(ajv);
  return ajv;
}

const validators = new Map<string, ValidateFunction>();
let schemaChecker: Ajv | undefined;

/**
 * The compiled meta-schema of a document kind (`pipeline-definition.schema.json`), with the files its `$ref`s
 * point into loaded beside it; compiled once per file.
 */
export function metaSchemaValidator(spec: { file: string; refs?: readonly string[] }): ValidateFunction {
  let validate = validators.get(spec.file);
  if (!validate) {
    const ajv = createAjv();
    for (const ref of spec.refs ?? []) ajv.addSchema(loadSchemaFile(ref));
    validate = ajv.compile(loadSchemaFile(spec.file));
    validators.set(spec.file, validate);
  }
  return validate;
}

/** Checks that a document is itself a valid JSON Schema (draft-07), whatever x- keywords it carries. */
export function jsonSchemaChecker(): Ajv {
  schemaChecker ??= createAjv();
  return schemaChecker;
}
