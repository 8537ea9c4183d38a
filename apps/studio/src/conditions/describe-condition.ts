/** A condition in words, for its chip: "Amount ≥ 1,000", "Stage is any of Proposal, Negotiation". */
import type { FieldMeta } from '../api/operations';
import { ARITY, formatFilterValue, type FilterCondition, type FilterOperatorId, type FormatContext } from '../fields';

export function describeCondition(
  field: FieldMeta,
  c: FilterCondition,
  ctx: FormatContext,
  opLabel: (field: FieldMeta, op: FilterOperatorId) => string,
): { field: string; op: string; value: string } {
  const name = ctx.label(field.label, field.name);
  const text = (v: unknown) => formatFilterValue(field, v, ctx);
  const op = opLabel(field, c.op);
  switch (ARITY[c.op]) {
    case 'none':
      return { field: name, op, value: '' };
    case 'one':
      return { field: name, op, value: text(c.value) };
    case 'two': {
      const [from, to] = Array.isArray(c.value) ? c.value : [];
      return { field: name, op, value: `${text(from)} – ${text(to)}` };
    }
    case 'many':
      return { field: name, op, value: (Array.isArray(c.value) ? c.value : []).map(text).join(ctx.listSeparator ?? ', ') };
  }
}
