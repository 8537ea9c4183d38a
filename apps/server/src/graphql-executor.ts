/**
 * Executes GraphQL over HTTP for one compiled schema: parse and validation results are cached per query text
 * (bounded), so a repeated query costs only its execution. Follows the GraphQL-over-HTTP conventions: POST
 * with a JSON body, or GET for queries (with a preflight header, against CSRF); errors formatted in one place.
 */
import {
  execute,
  getNamedType,
  getVariableValues,
  GraphQLError,
  isInputObjectType,
  parse,
  specifiedRules,
  typeFromAST,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLInputObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { ApiContext } from '@funnelcraft/graphql-api';
import { bareJson, DomainError, ErrorCode, Lru, retryAfterOf } from '@funnelcraft/kernel';
import { formatError } from './format-error.js';
import {
  checkShape,
  DEFAULT_QUERY_LIMITS,
  evaluateCost,
  LIMIT_SETTINGS,
  measureDocument,
  operationCost,
  tooComplex,
  type OperationCost,
  type QueryLimits,
} from './query-limits.js';

export interface GraphqlRequest {
  method: string;
  contentType: string | undefined;
  /** Present when the client sent a header a simple (CSRF-able) request cannot carry. */
  preflighted: boolean;
  body: unknown;
  query: Record<string, unknown>;
}

export interface GraphqlResponse {
  status: number;
  body: string;
  /** Headers beyond the content's (Retry-After on a RATE_LIMITED answer). */
  headers?: Record<string, string>;
}

interface Prepared {
  document?: DocumentNode;
  /**
   * Compiled once per operation: graphql-jit turns the query into plain functions (same resolvers, far less
   * overhead per field). `null`: run by graphql-js instead (see `jitCanCompile`).
   */
  compiled: Map<string | undefined, CompiledQuery | null>;
  operations: Map<string | undefined, OperationDefinitionNode>;
  /** Estimated cost per operation (see query-limits.ts), computed on first run. */
  costs: Map<string | undefined, OperationCost>;
  errors?: readonly GraphQLError[];
  code?: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED' | 'QUERY_TOO_COMPLEX';
}

const refusal = (e: DomainError): GraphqlResponse => ({
  status: 400,
  body: JSON.stringify({ errors: [{ message: e.message, extensions: { code: e.code, details: e.details } }] }),
});

const failure = (status: number, message: string, code: string): GraphqlResponse => ({
  status,
  body: JSON.stringify({ errors: [{ message, extensions: { code } }] }),
});

/** Input types from which a cycle of input types can be reached (filters nest through and/or/not). */
function recursiveInputTypes(schema: GraphQLSchema): Set<string> {
  const state = new Map<string, 'visiting' | 'done'>();
  const recursive = new Set<string>();
  const visit = (type: GraphQLInputObjectType): boolean => {
    const seen = state.get(type.name);
    if (seen === 'visiting') return true;
    if (seen === 'done') return recursive.has(type.name);
    state.set(type.name, 'visiting');
    let cyclic = false;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (isInputObjectType(named) && visit(named)) cyclic = true;
    }
    state.set(type.name, 'done');
    if (cyclic) recursive.add(type.name);
    return cyclic;
  };
  for (const type of Object.values(schema.getTypeMap())) if (isInputObjectType(type)) visit(type);
  return recursive;
}

export class GraphqlExecutor {
  private readonly documents = new Lru<string, Prepared>(500);
  private recursiveInputs?: Set<string>;

  constructor(
    readonly schema: GraphQLSchema,
    private readonly limits: QueryLimits = DEFAULT_QUERY_LIMITS,
  ) {}

  /** graphql-jit compiles variable parsing inline and does not terminate on recursive input types. */
  private jitCanCompile(operation: OperationDefinitionNode): boolean {
    this.recursiveInputs ??= recursiveInputTypes(this.schema);
    return !(operation.variableDefinitions ?? []).some((v) => {
      const type = typeFromAST(this.schema, v.type as Parameters<typeof typeFromAST>[1]);
      return type !== undefined && this.recursiveInputs!.has(getNamedType(type).name);
    });
  }

  private prepare(source: string): Prepared {
    let prepared = this.documents.get(source);
    if (prepared) return prepared;
    try {
      const document = parse(source);
      const operations = new Map<string | undefined, OperationDefinitionNode>();
      for (const d of document.definitions) if (d.kind === 'OperationDefinition') operations.set(d.name?.value, d);
      // Depth and size first, from the syntax alone: an oversized document is refused without being validated.
      const refusal = checkShape(measureDocument(document), this.limits);
      const errors = refusal ? [] : validate(this.schema, document, specifiedRules);
      if (refusal)
        prepared = {
          operations,
          compiled: new Map(),
          costs: new Map(),
          errors: [new GraphQLError(refusal.message, { originalError: refusal })],
          code: 'QUERY_TOO_COMPLEX',
        };
      else if (errors.length) prepared = { operations, compiled: new Map(), costs: new Map(), errors, code: 'GRAPHQL_VALIDATION_FAILED' };
      else prepared = { document, operations, compiled: new Map(), costs: new Map() };
    } catch (e) {
      prepared = { operations: new Map(), compiled: new Map(), costs: new Map(), errors: [e as GraphQLError], code: 'GRAPHQL_PARSE_FAILED' };
    }
    this.documents.set(source, prepared);
    return prepared;
  }

  /**
   * A compiled query with a generated JSON serializer when graphql-jit can derive one (it cannot for custom
   * scalars such as Date), else with JSON.stringify; null when it cannot compile the operation at all.
   */
  private compile(document: DocumentNode, name: string | undefined): CompiledQuery | null {
    for (const customJSONSerializer of [true, false]) {
      const compiled = compileQuery(this.schema, document, name, { customJSONSerializer });
      if (isCompiledQuery(compiled)) return compiled;
    }
    return null;
  }

  /** Whether an operation runs compiled (graphql-jit) rather than interpreted; for tests and diagnostics. */
  runsCompiled(query: string, operationName?: string): boolean {
    const prepared = this.prepare(query);
    const operation = prepared.document && prepared.operations.get(operationName ?? [...prepared.operations.keys()][0]);
    return !!operation && this.jitCanCompile(operation) && this.compile(prepared.document!, operation.name?.value) !== null;
  }

  async run(request: GraphqlRequest, context: ApiContext): Promise<GraphqlResponse> {
    const isGet = request.method === 'GET';
    if (!isGet && request.method !== 'POST') return failure(405, 'Use POST (or GET for queries)', 'METHOD_NOT_ALLOWED');
    if (!isGet && !request.contentType?.startsWith('application/json')) return failure(415, 'Send the request as application/json', 'BAD_REQUEST');
    if (isGet && !request.preflighted) {
      return failure(400, 'GET requests need a header such as "apollo-require-preflight: true" or a JSON content-type (CSRF protection)', 'BAD_REQUEST');
    }
    const params = (isGet ? request.query : request.body) as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
    if (!params || typeof params.query !== 'string' || !params.query) return failure(400, 'The request has no "query" string', 'BAD_REQUEST');
    let variables = params.variables ?? undefined;
    if (typeof variables === 'string') {
      try {
        variables = JSON.parse(variables);
      } catch {
        return failure(400, '"variables" is not valid JSON', 'BAD_REQUEST');
      }
    }
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
      return failure(400, '"variables" must be an object', 'BAD_REQUEST');
    }
    const prepared = this.prepare(params.query);
    if (prepared.errors) {
      return { status: 400, body: JSON.stringify({ errors: prepared.errors.map((e) => formatError(e, prepared.code)) }) };
    }
    const operationName = typeof params.operationName === 'string' ? params.operationName : undefined;
    const operation =
      operationName !== undefined || prepared.operations.size === 1 ? prepared.operations.get(operationName ?? [...prepared.operations.keys()][0]) : undefined;
    if (!operation)
      return failure(400, operationName ? `Unknown operation "${operationName}"` : 'Name the operation to run with "operationName"', 'BAD_REQUEST');
    if (isGet && operation.operation !== 'query') return failure(405, 'Mutations need POST', 'METHOD_NOT_ALLOWED');
    const name = operation.name?.value;
    // Prototype-less, so a field named `toString` that the client did not send reads as absent (bare-json.ts).
    const variableValues = (variables && operation.variableDefinitions?.length ? bareJson(variables) : {}) as Record<string, unknown>;
    let cost = prepared.costs.get(name);
    if (cost === undefined) {
      cost = operationCost(this.schema, prepared.document!, operation);
      prepared.costs.set(name, cost);
    }
    const estimated = evaluateCost(cost, variableValues);
    if (estimated > this.limits.maxCost) return refusal(tooComplex('maxCost', estimated, this.limits.maxCost));
    let compiled = prepared.compiled.get(name);
    if (compiled === undefined) {
      compiled = this.jitCanCompile(operation) ? this.compile(prepared.document!, name) : null;
      prepared.compiled.set(name, compiled);
    }
    if (compiled && operation.variableDefinitions?.length) {
      // graphql-js checks the variables first: its messages name the exact place ("in.hours") of a bad value.
      const coerced = getVariableValues(this.schema, operation.variableDefinitions, variableValues, { maxErrors: 50 });
      if (coerced.errors) return { status: 400, body: JSON.stringify({ errors: coerced.errors.map((e) => formatError(e, 'BAD_USER_INPUT')) }) };
    }
    const result: ExecutionResult = compiled
      ? await compiled.query(undefined, context, variableValues)
      : await execute({ schema: this.schema, document: prepared.document!, variableValues, operationName: name, contextValue: context });
    // Errors before execution (bad variables) leave no `data`: that is the client's input, not the server.
    const inputError = !('data' in result) || result.data === undefined;
    const errors = result.errors?.length ? result.errors.map((e) => formatError(e, inputError ? 'BAD_USER_INPUT' : undefined)) : undefined;
    const body = !errors && compiled ? compiled.stringify(result) : JSON.stringify(errors ? { errors, data: result.data } : { data: result.data });
    // Queries only: a mutation's writes are done, its client must learn of them.
    if (operation.operation === 'query' && this.tooLarge(body)) {
      const max = this.limits.maxResponseBytes;
      return refusal(
        new DomainError(
          ErrorCode.LimitExceeded,
          `The response is larger than ${max} bytes (${LIMIT_SETTINGS.maxResponseBytes}): ask for fewer records or fields`,
          [{ path: 'query', message: `${Buffer.byteLength(body)} bytes; at most ${max}`, limit: 'maxResponseBytes', max, measured: Buffer.byteLength(body) }],
        ),
      );
    }
    // A RATE_LIMITED error (a throttled login) is an HTTP 429 with Retry-After, as the request gate's are.
    const retryAfter = result.errors?.reduce<number | undefined>((max, e) => {
      const s = retryAfterOf(e.originalError);
      return s === undefined ? max : Math.max(max ?? 0, s);
    }, undefined);
    if (retryAfter !== undefined) return { status: 429, body, headers: { 'retry-after': String(retryAfter) } };
    return { status: inputError ? 400 : 200, body };
  }

  /** A UTF-8 byte count only when the string's length leaves it in doubt (1–3 bytes per UTF-16 unit here). */
  private tooLarge(body: string): boolean {
    const max = this.limits.maxResponseBytes;
    return body.length > max || (body.length * 3 > max && Buffer.byteLength(body) > max);
  }
}
