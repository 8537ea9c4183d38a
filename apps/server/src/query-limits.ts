/**
 * Query cost limits for `/graphql`, checked before anything executes (so before any SQL runs):
 * - depth and field count: measured from the document alone, before validation (a huge document is refused
 *   without being validated), once per query text;
 * - estimated cost: the number of records the operation may return, where pages multiply (a list of 50 with a
 *   related list of 20 under each is 50 + 1,000). Its shape is computed once per operation; only `first`
 *   values that come from variables are evaluated per request, over that precomputed tree.
 * Fragments are measured once each (memoized), so a document that spreads fragments exponentially costs
 * linear time to measure.
 */
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DomainError, ErrorCode } from '@funnelcraft/kernel';

export interface QueryLimits {
  /** Deepest nesting of fields. */
  maxDepth: number;
  /** Fields in the operation, every alias and every fragment spread counted. */
  maxFields: number;
  /** Records the operation may return, pages multiplied. */
  maxCost: number;
  /** Bytes of a query's response. */
  maxResponseBytes: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 15, maxFields: 1_000, maxCost: 50_000, maxResponseBytes: 10_000_000 };

/** The setting that raises each limit, named in refusals so an operator knows what to change. */
export const LIMIT_SETTINGS: Record<keyof QueryLimits, string> = {
  maxDepth: 'GRAPHQL_MAX_DEPTH',
  maxFields: 'GRAPHQL_MAX_FIELDS',
  maxCost: 'GRAPHQL_MAX_COST',
  maxResponseBytes: 'GRAPHQL_MAX_RESPONSE_BYTES',
};

export function tooComplex(limit: 'maxDepth' | 'maxFields' | 'maxCost', measured: number, max: number): DomainError {
  const what = { maxDepth: 'levels deep', maxFields: 'fields', maxCost: 'records (estimated: pages multiply)' }[limit];
  return new DomainError(ErrorCode.QueryTooComplex, `The query is too complex: ${measured} ${what}, at most ${max} allowed (${LIMIT_SETTINGS[limit]})`, [
    { path: 'query', message: `${measured} ${what}; at most ${max}`, limit, max, measured },
  ]);
}

interface Shape {
  depth: number;
  fields: number;
}

/** Depth and field count of every operation of a document (the largest of each), from the syntax alone. */
export function measureDocument(document: DocumentNode): Shape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, Shape>();
  const visiting = new Set<string>();
  const measure = (set: SelectionSetNode): Shape => {
    let depth = 0;
    let fields = 0;
    for (const s of set.selections) {
      let inner: Shape;
      if (s.kind === Kind.FIELD) {
        const below = s.selectionSet ? measure(s.selectionSet) : { depth: 0, fields: 0 };
        inner = { depth: below.depth + 1, fields: below.fields + 1 };
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        inner = measure(s.selectionSet);
      } else {
        const name = s.name.value;
        const fragment = fragments.get(name);
        // Unknown or cyclic spreads are validation's to refuse: measure them as empty.
        if (!fragment || visiting.has(name)) continue;
        let known = memo.get(name);
        if (!known) {
          visiting.add(name);
          known = measure(fragment.selectionSet);
          visiting.delete(name);
          memo.set(name, known);
        }
        inner = known;
      }
      depth = Math.max(depth, inner.depth);
      fields += inner.fields;
    }
    return { depth, fields };
  };
  let shape: Shape = { depth: 0, fields: 0 };
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const m = measure(d.selectionSet);
    shape = { depth: Math.max(shape.depth, m.depth), fields: Math.max(shape.fields, m.fields) };
  }
  return shape;
}

/** The refusal for a document's shape, if any. */
export function checkShape(shape: Shape, limits: QueryLimits): DomainError | undefined {
  if (shape.depth > limits.maxDepth) return tooComplex('maxDepth', shape.depth, limits.maxDepth);
  if (shape.fields > limits.maxFields) return tooComplex('maxFields', shape.fields, limits.maxFields);
  return undefined;
}

/** A page size: known from the text, or a variable with what to use when the request does not set it. */
type Factor = number | { variable: string; fallback: number };

/** Records at one place of the operation per record of its parent: `self` plus each part × its factor. */
interface CostNode {
  self: number;
  parts: [Factor, CostNode][];
}

/** The cost of an operation: a number when no page size depends on variables, else a tree to evaluate. */
export type OperationCost = number | { tree: CostNode };

const pageSize = (value: number): number => (Number.isFinite(value) ? Math.max(0, Math.floor(value)) : 1);

/**
 * Builds the cost of a validated operation. A field with a `first` argument sets the page size (its value,
 * else the argument's default); the list of a connection below it (a type with `pageInfo`) is multiplied by
 * it. Other lists (board columns, histories, metadata) count once per parent: they are small or bounded by
 * the page above them.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): OperationCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const variableDefaults = new Map<string, ValueNode | undefined>();
  for (const v of operation.variableDefinitions ?? []) variableDefaults.set(v.variable.name.value, v.defaultValue);
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  let dependsOnVariables = false;
  const memo = new Map<string, CostNode>();

  const literal = (value: ValueNode | undefined): number | undefined => (value?.kind === Kind.INT ? pageSize(Number(value.value)) : undefined);
  const factorOf = (field: FieldNode, argDefault: unknown): Factor => {
    const fallback = typeof argDefault === 'number' ? pageSize(argDefault) : 1;
    const arg = field.arguments?.find((a) => a.name.value === 'first');
    if (!arg) return fallback;
    if (arg.value.kind === Kind.VARIABLE) {
      dependsOnVariables = true;
      const name = arg.value.name.value;
      return { variable: name, fallback: literal(variableDefaults.get(name)) ?? fallback };
    }
    return literal(arg.value) ?? (arg.value.kind === Kind.NULL ? fallback : 1);
  };

  const build = (set: SelectionSetNode, type: GraphQLCompositeType, page: Factor | undefined, into: CostNode): void => {
    const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
    const isConnection = 'pageInfo' in fields;
    for (const s of set.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const narrowed = s.typeCondition ? schema.getType(s.typeCondition.name.value) : type;
        if (narrowed && isCompositeType(narrowed)) build(s.selectionSet, narrowed, page, into);
      } else if (s.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(s.name.value);
        const narrowed = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !narrowed || !isCompositeType(narrowed)) continue;
        const key = `${fragment.name.value}|${typeof page === 'object' ? `$${page.variable}:${page.fallback}` : String(page)}`;
        let node = memo.get(key);
        if (!node) {
          node = { self: 0, parts: [] };
          memo.set(key, node);
          build(fragment.selectionSet, narrowed, page, node);
        }
        into.parts.push([1, node]);
      } else {
        const def = fields[s.name.value];
        const named = def && getNamedType(def.type);
        if (!def || !s.selectionSet || !isCompositeType(named)) continue;
        const ownPage = def.args.some((a) => a.name === 'first') ? factorOf(s, def.args.find((a) => a.name === 'first')!.defaultValue) : page;
        const multiplies = isConnection && isListType(getNullableType(def.type)) && ownPage !== undefined;
        const node: CostNode = { self: 1, parts: [] };
        build(s.selectionSet, named, multiplies ? undefined : ownPage, node);
        into.parts.push([multiplies ? ownPage : 1, node]);
      }
    }
  };

  const tree: CostNode = { self: 0, parts: [] };
  if (root) build(operation.selectionSet, root, undefined, tree);
  return dependsOnVariables ? { tree } : evaluate(tree, {});
}

/** The cost for one request's variables; linear in the tree's size (each node is evaluated once). */
export function evaluateCost(cost: OperationCost, variables: Record<string, unknown>): number {
  return typeof cost === 'number' ? cost : evaluate(cost.tree, variables);
}

function evaluate(tree: CostNode, variables: Record<string, unknown>): number {
  const seen = new Map<CostNode, number>();
  const value = (f: Factor): number => {
    if (typeof f === 'number') return f;
    const v = variables[f.variable];
    return typeof v === 'number' ? pageSize(v) : f.fallback;
  };
  const walk = (node: CostNode): number => {
    const known = seen.get(node);
    if (known !== undefined) return known;
    let total = node.self;
    for (const [factor, part] of node.parts) total += value(factor) * walk(part);
    seen.set(node, total);
    return total;
  };
  return walk(tree);
}
