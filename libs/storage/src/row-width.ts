/**
 * Whether an object's records fit in a PostgreSQL row. A heap row must fit in one 8 kB page (8,160 bytes; the
 * 1,600-column limit is checked with the definitions). Long text is not the problem: PostgreSQL moves long
 * values out of line (TOAST), leaving an 18-byte pointer, and it never moves a value of 24 bytes or less. So every variable-length
 * column (text, numeric, arrays) may take up to 24 inline bytes however long its values, and fixed-width columns
 * take their size: the worst case is known from the definition alone, and an object over budget is refused at
 * plan time instead of failing on some later write ("row is too big").
 */
import { PIPELINE_FIELDS, type Change, type ObjectModel, type TenantModel } from '@funnelcraft/definitions';
import type { ErrorDetail } from '@funnelcraft/kernel';
import { fieldColumns } from './column-types.js';

/** BLCKSZ 8192 less the page header and one line pointer, MAXALIGNed (PostgreSQL's MaxHeapTupleSize). */
export const MAX_ROW_BYTES = 8160;

/** Inline bytes and alignment of each SQL type in the worst case (varlena: the largest value kept inline). */
const WIDTH: Record<string, { bytes: number; align: number }> = {
  uuid: { bytes: 16, align: 1 },
  timestamptz: { bytes: 8, align: 8 },
  date: { bytes: 4, align: 4 },
  integer: { bytes: 4, align: 4 },
  boolean: { bytes: 1, align: 1 },
  bigint: { bytes: 8, align: 8 },
  text: { bytes: 24, align: 4 },
  numeric: { bytes: 24, align: 4 },
  'text[]': { bytes: 24, align: 4 },
};
const VARIABLE = WIDTH['text']!;

/** The system columns every object table has (ddl-plan.ts createObject), in order. */
const SYSTEM_TYPES = ['uuid', 'timestamptz', 'timestamptz', 'uuid', 'uuid', 'uuid', 'integer', 'timestamptz'];

function columnTypes(o: ObjectModel): string[] {
  return [
    ...SYSTEM_TYPES,
    ...o.fields.flatMap((f) => fieldColumns(f).map((c) => c.type)),
    ...(o.pipelines.length ? Object.values(PIPELINE_FIELDS).map((f) => f.sqlType) : []),
  ];
}

/** The largest row an object's table can hold, in bytes (tuple header and null bitmap included). */
export function worstRowBytes(o: ObjectModel): number {
  const types = columnTypes(o);
  const align = (n: number, to: number) => Math.ceil(n / to) * to;
  let size = align(23 + Math.ceil(types.length / 8), 8);
  for (const t of types) {
    const w = WIDTH[t] ?? VARIABLE;
    size = align(size, w.align) + w.bytes;
  }
  return size;
}

/** Changes that can make an object's rows wider. */
const GROWS = new Set(['create_object', 'add_field', 'change_kind', 'change_storage', 'enable_pipelines']);

/** Problems of objects the changes widen whose rows may not fit (objects left alone keep working). */
export function rowWidthProblems(changes: readonly Change[], after: TenantModel): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const grown = new Set(changes.filter((c) => GROWS.has(c.action)).map((c) => c.object.name));
  for (const name of grown) {
    const o = after.byName.get(name);
    const bytes = o ? worstRowBytes(o) : 0;
    if (bytes > MAX_ROW_BYTES) {
      problems.push({
        path: name,
        message: `a record may need ${bytes} bytes in its row, more than PostgreSQL's ${MAX_ROW_BYTES}: each text, number or list field may take 24 bytes (long text is stored out of line), so remove fields or split the object`,
        limit: 'rowBytes',
        max: MAX_ROW_BYTES,
        measured: bytes,
      });
    }
  }
  return problems;
}
