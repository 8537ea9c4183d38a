/**
 * Reverse relations of an object: for every lookup of another object that points here, the connection the
 * server adds to this object's type. Named as the server names them (libs/definitions object-kind.ts): the
 * lookup's `x-reverse`, else the source's plural, or `<plural>By<Field>` when the source has two lookups here.
 */
import type { FieldMeta, ObjectMeta } from '../../api/operations';
import { kindFlags } from '../../fields/kind-flags';

export interface ReverseRelation {
  /** The connection field on this object's type, e.g. `contacts`. */
  name: string;
  source: ObjectMeta;
  /** The lookup on the source that points here, e.g. contact.account. */
  field: FieldMeta;
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export function reverseRelations(target: string, objects: readonly ObjectMeta[]): ReverseRelation[] {
  const out: ReverseRelation[] = [];
  for (const source of objects) {
    const lookups = source.fields.filter((f) => kindFlags(f.kind)?.link === 'record' && f.target === target);
    for (const field of lookups) {
      const own = field.document?.['x-reverse'];
      const name = typeof own === 'string' ? own : lookups.length > 1 ? `${source.plural}By${pascal(field.name)}` : source.plural;
      out.push({ name, source, field });
    }
  }
  return out;
}
