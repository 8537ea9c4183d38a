/** Loads the meta-schemas from `schemas/` (the source of truth) and compiles them once. */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv };

const SCHEMAS_DIR = new URL('../../../schemas/', import.meta.url);

export const loadSchemaFile = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, SCHEMAS_DIR), 'utf8')) as Record<string, unknown>;

/** An ajv instance for validating records and documents: all errors, formats, x- keywords tolerated. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });
  addFormats.default(ajv);
  return ajv;
}

let objectDefinitionValidator: ValidateFunction | undefined;
let pipelineDefinitionValidator: ValidateFunction | undefined;
let conversionDefinitionValidator: ValidateFunction | undefined;
let schemaChecker: Ajv | undefined;

export function objectDefinitionMetaSchema(): ValidateFunction {
  objectDefinitionValidator ??= createAjv().compile(loadSchemaFile('object-definition.schema.json'));
  return objectDefinitionValidator;
}

export function pipelineDefinitionMetaSchema(): ValidateFunction {
  if (!pipelineDefinitionValidator) {
    const ajv = createAjv();
    ajv.addSchema(loadSchemaFile('object-definition.schema.json'));
    pipelineDefinitionValidator = ajv.compile(loadSchemaFile('pipeline-definition.schema.json'));
  }
  return pipelineDefinitionValidator;
}

export function conversionDefinitionMetaSchema(): ValidateFunction {
  if (!conversionDefinitionValidator) {
    const ajv = createAjv();
    ajv.addSchema(loadSchemaFile('object-definition.schema.json'));
    conversionDefinitionValidator = ajv.compile(loadSchemaFile('conversion-definition.schema.json'));
  }
  return conversionDefinitionValidator;
}

/** Checks that a document is itself a valid JSON Schema (draft-07), whatever x- keywords it carries. */
export function jsonSchemaChecker(): Ajv {
  schemaChecker ??= createAjv();
  return schemaChecker;
}
