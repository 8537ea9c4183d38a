/**
 * What a board card shows and therefore what the board query selects: the display field as the title, then a
 * few lines (the pipeline's amount first, then a lookup, a date, a choice…). Metadata decides; nothing here
 * knows about opportunities.
 */
import type { FieldMeta, ObjectMeta, PipelineMeta } from '../../api/operations';
import { cardLineRank, selectionOf } from '../../fields/registry';
import { closeDateFieldOf } from '../deals/deal-flags';

/** Lines under the title, at most. The card has a fixed height (see CARD_HEIGHT), so this is a layout limit. */
export const MAX_CARD_LINES = 3;

export function cardLineFields(object: ObjectMeta, pipeline: PipelineMeta): FieldMeta[] {
  const candidates = object.fields.filter((f) => f.name !== object.displayField && !f.readOnly);
  const lines: FieldMeta[] = [];
  const amount = pipeline.amountField ? object.fields.find((f) => f.name === pipeline.amountField) : undefined;
  if (amount) lines.push(amount);
  // Kinds worth a line, best first (each widget's `cardLine` rank), one field of each.
  const kinds = [...new Set(candidates.map((f) => f.kind))].filter((k) => cardLineRank(k) !== undefined).sort((a, b) => cardLineRank(a)! - cardLineRank(b)!);
  for (const kind of kinds) {
    if (lines.length >= MAX_CARD_LINES) break;
    const field = candidates.find((f) => f.kind === kind && !lines.includes(f));
    if (field) lines.push(field);
  }
  return lines.slice(0, MAX_CARD_LINES);
}

/** The fields of one card, for the board query, the load-more query and the move mutation alike. */
export function cardSelection(object: ObjectMeta, lines: FieldMeta[], displayFieldOf: (object: string) => string): string {
  const display = object.fields.find((f) => f.name === object.displayField);
  // The widget registry's selection, the same a list or a form reads the field with.
  // The close date too, shown or not: a card is flagged overdue by it (deal-flags.ts).
  const own = [display, ...lines, closeDateFieldOf(object)].filter((f): f is FieldMeta => f !== undefined).map((f) => selectionOf(f, { displayFieldOf }));
  return ['id version stage probability isIdle stageEnteredAt outcome owner { id name }', ...new Set(own)].join(' ');
}
