/**
 * The SQL back end of json-logic: compiles an expression into one SQL expression over a row, with every
 * literal a bound parameter and every variable resolved (validated, quoted) by the caller. Operators are a
 * registry; an operator missing here is refused with a clear error rather than guessed.
 */
import { DomainError, ErrorCode } from '@funnelcraft/kernel';
import { SqlParams } from './sql-params.js';
import { numberLiteralFits, stringLiteralProblem, typesMeet } from './literal-forms.js';
import { SQL_CAST, type SqlVariableResolver, type ValueType } from './value-types.js';

export interface SqlExpr {
  sql: string;
  type: ValueType;
  /** True when the expression can evaluate to NULL (matters for boolean contexts). */
  nullable: boolean;
  /** A field read as is (a stored null boolean stays null; computed ones are false-when-null). */
  variable?: boolean;
}

export interface CompileContext {
  resolve: SqlVariableResolver;
  params: SqlParams;
}

type OperatorCompiler = (args: unknown[], ctx: CompileContext) => SqlExpr;

const fail = (message: string): never => {
  throw new DomainError(ErrorCode.BadInput, message, [{ path: 'expression', message }]);
};

function literal(value: unknown, ctx: CompileContext, castTo?: ValueType): SqlExpr {
  if (value === null || value === undefined) return { sql: 'NULL', type: 'null', nullable: true };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`Numbers must be finite, got ${value}`);
    if (castTo && !numberLiteralFits(castTo)) fail(`${value} is a number and cannot stand for a ${castTo} value`);
    return { sql: ctx.params.add(value, castTo && castTo !== 'any' ? SQL_CAST[castTo] : 'numeric'), type: castTo ?? 'number', nullable: false };
  }
  if (typeof value === 'boolean') return { sql: value ? 'TRUE' : 'FALSE', type: 'boolean', nullable: false };
  if (typeof value === 'string') {
    if (value.includes('\u0000')) fail('Text values cannot contain a NUL character (U+0000)');
    // A date compared with an instant compares as an instant (the date as midnight UTC), as in memory.
    const type = castTo === 'date' && value.length > 10 ? 'datetime' : castTo && castTo !== 'any' && castTo !== 'null' ? castTo : 'text';
    const problem = stringLiteralProblem(value, type);
    if (problem) fail(problem);
    return { sql: ctx.params.add(value, SQL_CAST[type === 'textList' ? 'text' : type]), type: type === 'textList' ? 'text' : type, nullable: false };
  }
  return fail(`Unsupported literal ${JSON.stringify(value)}`);
}

/** Compiles an operand; literals take the type of the other side of a comparison. */
function operand(node: unknown, ctx: CompileContext, hint?: ValueType): SqlExpr {
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) return compileNode(node, ctx);
  if (Array.isArray(node)) return fail('Arrays are only allowed as the right-hand side of "in"');
  return literal(node, ctx, hint);
}

/** Two operands where a literal on one side is cast to the type of the other. */
function pair(a: unknown, b: unknown, ctx: CompileContext): [SqlExpr, SqlExpr] {
  const aIsExpr = a !== null && typeof a === 'object';
  const left = aIsExpr ? operand(a, ctx) : undefined;
  const right = operand(b, ctx, left?.type);
  return [left ?? operand(a, ctx, right.type), right];
}

/** SQL truthiness of any value, matching json-logic: null, 0, '' and false are false. */
export function truthy(e: SqlExpr): string {
  switch (e.type) {
    case 'boolean':
      return e.nullable ? `COALESCE(${e.sql}, FALSE)` : e.sql;
    case 'number':
      return `COALESCE(${e.sql} <> 0, FALSE)`;
    case 'text':
      return `COALESCE(${e.sql} <> '', FALSE)`;
    case 'textList':
      return `COALESCE(cardinality(${e.sql}) > 0, FALSE)`;
    case 'null':
      return 'FALSE';
    default:
      return `(${e.sql} IS NOT NULL)`;
  }
}

const bool = (sql: string, nullable = false): SqlExpr => ({ sql, type: 'boolean', nullable });

/**
 * Operands PostgreSQL cannot compare (a date with a number, a list with a text) fail the whole query when it
 * runs; they are refused when the expression is compiled instead.
 */
function sameKind(op: string, ...exprs: SqlExpr[]): void {
  for (const e of exprs.slice(1)) if (!typesMeet(exprs[0]!.type, e.type)) fail(`"${op}" cannot compare a ${exprs[0]!.type} value with a ${e.type} value`);
}

/** Operands an operator needs to be of one of `types` (arithmetic on numbers, text matching on text). */
function ofKind(op: string, types: readonly ValueType[], ...exprs: SqlExpr[]): void {
  for (const e of exprs)
    if (!types.includes(e.type) && e.type !== 'null' && e.type !== 'any') fail(`"${op}" needs ${types.join(' or ')} operands, got a ${e.type} value`);
}

/**
 * A condition in a positive position (WHERE, AND, OR, CASE WHEN). There NULL and FALSE behave alike (both
 * reject), so comparisons stay bare — `stage = $1` can use an index — and COALESCE is only needed under NOT.
 */
function predicate(e: SqlExpr): string {
  return e.type === 'boolean' ? e.sql : truthy(e);
}

/** A computed boolean used as a value (compared, concatenated): null means false, as in memory. */
function valueOf(e: SqlExpr): SqlExpr {
  return e.type === 'boolean' && e.nullable && !e.variable ? { ...e, sql: `COALESCE(${e.sql}, FALSE)`, nullable: false } : e;
}

function equality(negate: boolean): OperatorCompiler {
  return (args, ctx) => {
    if (args.length !== 2) fail('Equality takes exactly two operands');
    const [a, b] = pair(args[0], args[1], ctx).map(valueOf) as [SqlExpr, SqlExpr];
    sameKind(negate ? '!=' : '==', a, b);
    if (a.type === 'null' || b.type === 'null') {
      const other = a.type === 'null' ? b : a;
      return bool(`(${other.sql} IS ${negate ? 'NOT ' : ''}NULL)`);
    }
    if (negate) return bool(`(${a.sql} IS DISTINCT FROM ${b.sql})`);
    // Between two nullable sides null must equal null; otherwise a bare "=" (null rejects, and it can use an index).
    return a.nullable && b.nullable ? bool(`(${a.sql} IS NOT DISTINCT FROM ${b.sql})`) : bool(`${a.sql} = ${b.sql}`, a.nullable || b.nullable);
  };
}

function comparison(op: '<' | '<=' | '>' | '>='): OperatorCompiler {
  return (args, ctx) => {
    if (args.length === 3 && (op === '<' || op === '<=')) {
      // between: {"<": [a, x, b]}
      const [lo, x] = pair(args[0], args[1], ctx);
      const hi = operand(args[2], ctx, x.type);
      sameKind(op, lo, x, hi);
      return bool(`(${lo.sql} ${op} ${x.sql} AND ${x.sql} ${op} ${hi.sql})`, true);
    }
    if (args.length !== 2) fail(`"${op}" takes two operands`);
    const [a, b] = pair(args[0], args[1], ctx).map(valueOf) as [SqlExpr, SqlExpr];
    sameKind(op, a, b);
    return bool(`${a.sql} ${op} ${b.sql}`, true);
  };
}

function logical(op: 'AND' | 'OR'): OperatorCompiler {
  return (args, ctx) => {
    if (args.length === 0) fail(`"${op.toLowerCase()}" needs at least one operand`);
    const exprs = args.map((a) => operand(a, ctx));
    const parts = exprs.map(predicate);
    const nullable = exprs.some((e) => e.type === 'boolean' && e.nullable);
    return bool(parts.length === 1 ? parts[0]! : `(${parts.join(` ${op} `)})`, nullable);
  };
}

const membership: OperatorCompiler = (args, ctx) => {
  if (args.length !== 2) fail('"in" takes two operands');
  const [needle, haystack] = args;
  if (Array.isArray(haystack)) {
    const left = operand(needle, ctx);
    const elementType = left.type === 'null' || left.type === 'any' ? 'text' : left.type;
    if (haystack.some((v) => v !== null && typeof v === 'object')) fail('"in" lists may only hold plain values');
    for (const value of haystack)
      if (value !== null && value !== undefined) sameKind('in', left, literal(value, { resolve: () => undefined, params: new SqlParams() }, elementType));
    // A null in the list matches a null value, as in memory; = ANY() never would.
    const values = haystack.filter((v) => v !== null && v !== undefined);
    const list = ctx.params.add(values, `${SQL_CAST[elementType]}[]`);
    const matches = `${left.sql} = ANY(${list})`;
    return bool(values.length < haystack.length ? `(${left.sql} IS NULL OR ${matches})` : matches, true);
  }
  const container = operand(haystack, ctx);
  if (container.type === 'textList') {
    const item = operand(needle, ctx, 'text');
    ofKind('in', ['text'], item);
    return bool(`${item.sql} = ANY(${container.sql})`, true);
  }
  const sub = operand(needle, ctx, 'text');
  ofKind('in', ['text'], container, sub);
  return bool(`strpos(${container.sql}, ${sub.sql}) > 0`, true);
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function pattern(kind: 'contains' | 'prefix'): OperatorCompiler {
  return (args, ctx) => {
    if (args.length !== 2 || typeof args[1] !== 'string') fail(`"${kind === 'contains' ? 'icontains' : 'starts_with'}" takes a field and a string`);
    if ((args[1] as string).includes('\u0000')) fail('Text values cannot contain a NUL character (U+0000)');
    const subject = operand(args[0], ctx);
    ofKind(kind === 'contains' ? 'icontains' : 'starts_with', ['text'], subject);
    if (kind === 'prefix') return bool(`${subject.sql} LIKE ${ctx.params.add(`${escapeLike(args[1] as string)}%`, 'text')}`, true);
    // ILIKE folds Σ to σ but leaves final sigma (ς) apart: both sides read ς as σ, as memory does. Only a
    // needle with a sigma can tell them apart, so only then does the column pay for translate().
    const needle = args[1] as string;
    const p = ctx.params.add(`%${escapeLike(needle.replace(/ς/g, 'σ'))}%`, 'text');
    return bool(`${/[σςΣ]/.test(needle) ? `translate(${subject.sql}, 'ς', 'σ')` : subject.sql} ILIKE ${p}`, true);
  };
}

function arithmetic(op: '+' | '-' | '*' | '/' | '%'): OperatorCompiler {
  return (args, ctx) => {
    if (args.length === 0) fail(`"${op}" needs operands`);
    const parts = args.map((a) => operand(a, ctx, 'number'));
    ofKind(op, ['number'], ...parts);
    if (parts.length === 1) return op === '-' ? { sql: `(-${parts[0]!.sql})`, type: 'number', nullable: parts[0]!.nullable } : parts[0]!;
    const nullable = parts.some((p) => p.nullable) || op === '/' || op === '%';
    const sql = parts.map((p) => p.sql).reduce((acc, s) => (op === '/' || op === '%' ? `(${acc} ${op} NULLIF(${s}, 0))` : `(${acc} ${op} ${s})`));
    return { sql, type: 'number', nullable };
  };
}

const negation: OperatorCompiler = (args, ctx) => bool(`(NOT ${truthy(operand(Array.isArray(args) ? args[0] : args, ctx))})`);
const doubleNegation: OperatorCompiler = (args, ctx) => bool(truthy(operand(args[0], ctx)));

const conditional: OperatorCompiler = (args, ctx) => {
  if (args.length < 3 || args.length % 2 === 0) fail('"if" takes condition, then, else (and more pairs before else)');
  const branches: string[] = [];
  let type: ValueType = 'null';
  let i = 0;
  for (; i + 1 < args.length; i += 2) {
    const value = operand(args[i + 1], ctx, type === 'null' ? undefined : type);
    if (!typesMeet(type, value.type)) fail(`"if" branches must give one type of value, got ${type} and ${value.type}`);
    if (type === 'null') type = value.type;
    branches.push(`WHEN ${predicate(operand(args[i], ctx))} THEN ${valueOf(value).sql}`);
  }
  const otherwise = operand(args[i], ctx, type === 'null' ? undefined : type);
  if (!typesMeet(type, otherwise.type)) fail(`"if" branches must give one type of value, got ${type} and ${otherwise.type}`);
  if (type === 'null') type = otherwise.type;
  return { sql: `(CASE ${branches.join(' ')} ELSE ${valueOf(otherwise).sql} END)`, type, nullable: true };
};

/**
 * How `cat` writes a value: as the API writes it (and memory does), not in PostgreSQL's own text forms.
 * Numbers in plain notation, a computed 3.0 as "3" (trim_scale); instants as ISO 8601 with microseconds, in
 * UTC; lists as their items joined by commas.
 */
const TEXT_FORMS: Partial<Record<ValueType, (sql: string) => string>> = {
  text: (sql) => sql,
  number: (sql) => `trim_scale(${sql})::text`,
  datetime: (sql) => `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  textList: (sql) => `array_to_string(${sql}, ',')`,
};

const concat: OperatorCompiler = (args, ctx) => {
  const parts = args.map((a) => valueOf(operand(a, ctx, 'text')));
  const asText = (p: SqlExpr) => (TEXT_FORMS[p.type] ?? ((sql: string) => `(${sql})::text`))(p.sql);
  return { sql: `concat(${parts.map(asText).join(', ')})`, type: 'text', nullable: false };
};

function extreme(fn: 'LEAST' | 'GREATEST'): OperatorCompiler {
  return (args, ctx) => {
    const parts = args.map((a) => operand(a, ctx, 'number'));
    ofKind(fn === 'LEAST' ? 'min' : 'max', ['number'], ...parts);
    return { sql: `${fn}(${parts.map((p) => p.sql).join(', ')})`, type: 'number', nullable: true };
  };
}

const variable: OperatorCompiler = (args, ctx) => {
  const name = Array.isArray(args) ? args[0] : args;
  if (typeof name !== 'string' || name === '') return fail('"var" needs a field name');
  if (Array.isArray(args) && args.length > 1) fail('"var" defaults are not supported in SQL expressions');
  const v = ctx.resolve(name);
  if (!v) return fail(`Unknown field "${name}"`);
  return { sql: v.sql, type: v.type, nullable: true, variable: true };
};

const OPERATORS: Record<string, OperatorCompiler> = {
  var: variable,
  '==': equality(false),
  '===': equality(false),
  '!=': equality(true),
  '!==': equality(true),
  '<': comparison('<'),
  '<=': comparison('<='),
  '>': comparison('>'),
  '>=': comparison('>='),
  and: logical('AND'),
  or: logical('OR'),
  '!': negation,
  '!!': doubleNegation,
  in: membership,
  icontains: pattern('contains'),
  starts_with: pattern('prefix'),
  '+': arithmetic('+'),
  '-': arithmetic('-'),
  '*': arithmetic('*'),
  '/': arithmetic('/'),
  '%': arithmetic('%'),
  if: conditional,
  '?:': conditional,
  cat: concat,
  min: extreme('LEAST'),
  max: extreme('GREATEST'),
};

export const SUPPORTED_OPERATORS: readonly string[] = Object.keys(OPERATORS);

function compileNode(node: object, ctx: CompileContext): SqlExpr {
  const keys = Object.keys(node);
  if (keys.length !== 1) return fail(`An expression object must have exactly one operator, got ${JSON.stringify(keys)}`);
  const op = keys[0]!;
  const compiler = OPERATORS[op];
  if (!compiler) return fail(`Operator "${op}" is not supported (supported: ${SUPPORTED_OPERATORS.join(', ')})`);
  const raw = (node as Record<string, unknown>)[op];
  const args = op === 'var' ? raw : Array.isArray(raw) ? raw : [raw];
  return compiler(args as unknown[], ctx);
}

/** Compiles an expression to a SQL value expression. */
export function compileExpression(logic: unknown, ctx: CompileContext): SqlExpr {
  return operand(logic, ctx);
}

/** Compiles an expression to a SQL value (a computed boolean is never NULL: false, as in memory). */
export function compileValue(logic: unknown, ctx: CompileContext): SqlExpr {
  return valueOf(compileExpression(logic, ctx));
}

/** Compiles an expression to a SQL condition for WHERE clauses (true where the expression is truthy). */
export function compileCondition(logic: unknown, ctx: CompileContext): string {
  return predicate(compileExpression(logic, ctx));
}

/** Names of every variable an expression reads. */
export function variablesOf(logic: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(logic)) logic.forEach((l) => variablesOf(l, into));
  else if (logic !== null && typeof logic === 'object') {
    for (const [op, arg] of Object.entries(logic)) {
      if (op === 'var') {
        const name = Array.isArray(arg) ? arg[0] : arg;
        if (typeof name === 'string') into.add(name);
      } else variablesOf(arg, into);
    }
  }
  return into;
}
