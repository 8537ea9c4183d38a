/**
 * What a related list shows of each row: a title (the source's display field, or for a junction object such as
 * an opportunity's contact roles, its other lookup: the contact), then the stage and a few more columns, never
 * the lookup back to the record; exclusive flags (`x-exclusive-per`, the primary contact) as a badge when on; and
 * the name fields of people, read so the title can be a person's name in the language's order.
 */
import type { FieldMeta } from '../../api/operations';
import { kindFlags, listsByDefault } from '../../fields';
import { personNameFields } from '../../fields/person-name';
import { ownFields, recordFields } from './record-fields';
import type { ReverseRelation } from './relations';

export const RELATED_COLUMNS = 4;

export interface RelatedColumns {
  /** Title first, then the other columns. */
  fields: FieldMeta[];
  badges: FieldMeta[];
  /** Read with the rows but not shown as columns. */
  nameFields: FieldMeta[];
}

/** A flag on for one record per group (the meta-schema allows `x-exclusive-per` on yes/no fields only). */
export const isExclusiveFlag = (f: FieldMeta) => typeof f.document?.['x-exclusive-per'] === 'string';

export function relatedColumns(relation: ReverseRelation): RelatedColumns {
  const source = relation.source;
  const own = ownFields(source);
  const display = source.fields.find((f) => f.name === source.displayField) ?? own.find((f) => f !== relation.field && kindFlags(f.kind)?.link === 'record');
  const badges = own.filter(isExclusiveFlag);
  const rest = own
    .filter((f) => f !== display && f !== relation.field && !f.readOnly && listsByDefault(f) && !badges.includes(f))
    .slice(0, RELATED_COLUMNS - 1);
  const stage = recordFields(source).find((f) => f.name === 'stage');
  const person = personNameFields(source);
  const nameFields = person ? own.filter((f) => f.name === person.given || f.name === person.family) : [];
  return { fields: [...(display ? [display] : []), ...(stage ? [stage] : []), ...rest].slice(0, RELATED_COLUMNS), badges, nameFields };
}
