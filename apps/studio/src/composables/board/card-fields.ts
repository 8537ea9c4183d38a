/**
 * What a board card shows and therefore what the board query selects: the display field as the title, then a
 * few lines (the pipeline's amount first, then a lookup, a date, a choice…). Metadata decides; nothing here
 * knows about opportunities.
 */
import type { FieldMeta, ObjectMeta, PipelineMeta } from '../../api/operations';

/** Lines under the title, at most. The card has a fixed height (see CARD_HEIGHT), so this is a layout limit. */
export const MAX_CARD_LINES = 3;

/** Kinds worth a line on a card, best first after the amount field. */
const LINE_KINDS = ['lookup', 'date', 'single_select', 'user', 'currency', 'number', 'percent', 'datetime'];

/**
 * GraphQL sub-selections of the kinds whose values are objects. Every other kind is a scalar.
 * (This would sit best on the field widget registry as a `select` entry beside `format`; see the report.)
 */
const SUBSELECTION: Record<string, (field: FieldMeta, displayFieldOf: (object: string) => string) => string> = {
  lookup: (f, displayFieldOf) => `{ id ${displayFieldOf(f.target ?? '')} }`,
  user: () => '{ id name }',
  currency: () => '{ amount currency }',
};

export function cardLineFields(object: ObjectMeta, pipeline: PipelineMeta): FieldMeta[] {
  const candidates = object.fields.filter((f) => f.name !== object.displayField && !f.readOnly);
  const lines: FieldMeta[] = [];
  const amount = pipeline.amountField ? object.fields.find((f) => f.name === pipeline.amountField) : undefined;
  if (amount) lines.push(amount);
  for (const kind of LINE_KINDS) {
    if (lines.length >= MAX_CARD_LINES) break;
    const field = candidates.find((f) => f.kind === kind && !lines.includes(f));
    if (field) lines.push(field);
  }
  return lines.slice(0, MAX_CARD_LINES);
}

const fieldSelection = (field: FieldMeta, displayFieldOf: (object: string) => string): string => {
  const sub = SUBSELECTION[field.kind];
  return sub ? `${field.name} ${sub(field, displayFieldOf)}` : field.name;
};

/** The fields of one card, for the board query, the load-more query and the move mutation alike. */
export function cardSelection(object: ObjectMeta, lines: FieldMeta[], displayFieldOf: (object: string) => string): string {
  const display = object.fields.find((f) => f.name === object.displayField);
  const own = [display, ...lines].filter((f): f is FieldMeta => f !== undefined).map((f) => fieldSelection(f, displayFieldOf));
  return ['id version stage probability isIdle stageEnteredAt owner { id name }', ...new Set(own)].join(' ');
}
