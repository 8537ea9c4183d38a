/**
 * Generates the studio's TypeScript types and documents for its platform operations
 * (apps/studio/src/api/platform-operations.graphql) from the platform schema (apps/server/schema.gql), with
 * graphql-js: each operation is validated against the schema, then its result and variables become types.
 * The schema knows JSON values only as "JSON"; each JSON position is typed `JsonOf<'Type.field'>` (or
 * `JsonOf<'Operation.$variable'>`), which the studio's PlatformJson map (platform-json.ts) refines.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType, Kind, parse, typeFromAST, validate } from 'graphql';

const ROOT = new URL('..', import.meta.url);
export const SCHEMA_PATH = 'apps/server/schema.gql';
export const OPERATIONS_PATH = 'apps/studio/src/api/platform-operations.graphql';
export const GENERATED_PATH = 'apps/studio/src/api/platform-operations.generated.ts';

const SCALARS = { ID: 'string', String: 'string', Int: 'number', Float: 'number', Boolean: 'boolean', DateTime: 'string', Date: 'string' };
const pascal = (s) => s[0].toUpperCase() + s.slice(1);

/** @returns {string} the generated module's text */
export function generatePlatformTypes(schemaText, operationsText) {
  const schema = buildSchema(schemaText);
  const document = parse(operationsText);
  const errors = validate(schema, document);
  if (errors.length) throw new Error(`${OPERATIONS_PATH} does not fit ${SCHEMA_PATH}:\n${errors.map((e) => `  ${e.message}`).join('\n')}`);
  const jsonKeys = new Set();
  const inputs = new Map();

  function scalar(type, jsonKey) {
    if (type.name === 'JSON') {
      jsonKeys.add(jsonKey);
      return `JsonOf<'${jsonKey}'>`;
    }
    const ts = SCALARS[type.name];
    if (!ts) throw new Error(`No TypeScript type for the scalar ${type.name}`);
    return ts;
  }

  function wrap(type, inner, indent, optionalNull = true) {
    if (isNonNullType(type)) return wrap(type.ofType, inner, indent, false);
    const body = isListType(type) ? `Array<${wrap(type.ofType, inner, indent)}>` : inner(type);
    return optionalNull ? `${body} | null` : body;
  }

  function output(type, selectionSet, indent, jsonKey) {
    return wrap(
      type,
      (named) => {
        if (isScalarType(named)) return scalar(named, jsonKey);
        if (isEnumType(named))
          return named
            .getValues()
            .map((v) => `'${v.name}'`)
            .join(' | ');
        if (isObjectType(named)) return selection(named, selectionSet, indent);
        throw new Error(`Unsupported output type ${named.name}`);
      },
      indent,
    );
  }

  function selection(parent, selectionSet, indent) {
    const pad = '  '.repeat(indent + 1);
    const lines = selectionSet.selections.map((s) => {
      if (s.kind !== Kind.FIELD) throw new Error('Fragments are not supported in platform operations; select fields directly');
      const key = s.alias?.value ?? s.name.value;
      if (s.name.value === '__typename') return `${pad}${key}: '${parent.name}';`;
      const field = parent.getFields()[s.name.value];
      return `${pad}${key}: ${output(field.type, s.selectionSet, indent + 1, `${parent.name}.${field.name}`)};`;
    });
    return `{\n${lines.join('\n')}\n${'  '.repeat(indent)}}`;
  }

  function input(type, jsonKey) {
    return wrap(
      type,
      (named) => {
        if (isScalarType(named)) return scalar(named, jsonKey);
        if (isEnumType(named))
          return named
            .getValues()
            .map((v) => `'${v.name}'`)
            .join(' | ');
        if (isInputObjectType(named)) {
          if (!inputs.has(named.name)) {
            inputs.set(named.name, '');
            const fields = Object.values(named.getFields()).map(
              (f) => `  ${f.name}${isNonNullType(f.type) ? '' : '?'}: ${input(f.type, `${named.name}.${f.name}`)};`,
            );
            inputs.set(named.name, `export interface ${named.name} {\n${fields.join('\n')}\n}`);
          }
          return named.name;
        }
        throw new Error(`Unsupported input type ${named.name}`);
      },
      0,
    );
  }

  const blocks = [];
  for (const op of document.definitions) {
    if (op.kind !== Kind.OPERATION_DEFINITION) continue;
    if (!op.name) throw new Error('Every platform operation needs a name');
    const name = op.name.value;
    const root = schema.getRootType(op.operation);
    const suffix = pascal(op.operation);
    const variables = (op.variableDefinitions ?? []).map((v) => {
      const type = typeFromAST(schema, v.type);
      const optional = !isNonNullType(type) || v.defaultValue !== undefined;
      return `  ${v.variable.name.value}${optional ? '?' : ''}: ${input(type, `${name}.$${v.variable.name.value}`)};`;
    });
    const text = operationsText.slice(op.loc.start, op.loc.end);
    blocks.push(
      [
        `export interface ${name}${suffix} ${selection(root, op.selectionSet, 0)}`,
        variables.length
          ? `export interface ${name}${suffix}Variables {\n${variables.join('\n')}\n}`
          : `export type ${name}${suffix}Variables = Record<string, never>;`,
        `export const ${name}Document: Document<${name}${suffix}, ${name}${suffix}Variables> = {\n  endpoint: 'platform',\n  query: ${JSON.stringify(text)},\n};`,
      ].join('\n\n'),
    );
  }
  const header = [
    `// Generated by scripts/platform-types.mjs from ${SCHEMA_PATH} and ${OPERATIONS_PATH}. Do not edit: run \`npm run schema\`.\n` +
      `import type { Document } from './graphql-client';\nimport type { JsonOf } from './platform-json';`,
    `/** Every JSON position the operations read or send, for PlatformJson to refine. */\n` +
      `export type PlatformJsonKey =\n${[...jsonKeys]
        .sort()
        .map((k) => `  | '${k}'`)
        .join('\n')};`,
  ];
  return `${[...header, ...[...inputs.values()].sort(), ...blocks].join('\n\n')}\n`;
}

export function readSources() {
  return { schema: readFileSync(new URL(SCHEMA_PATH, ROOT), 'utf8'), operations: readFileSync(new URL(OPERATIONS_PATH, ROOT), 'utf8') };
}
