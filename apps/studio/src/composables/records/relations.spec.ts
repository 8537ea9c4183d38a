import { describe, expect, it } from 'vitest';
import type { FieldMeta, ObjectMeta } from '../../api/operations';
import { setFieldKinds } from '../../fields/kind-flags';
import { reverseRelations } from './relations';

// A lookup as the server's `fieldKinds` query describes it.
setFieldKinds([
  {
    id: 'lookup',
    stored: true,
    writable: true,
    indexable: true,
    canBeAmount: false,
    searchable: false,
    sortable: true,
    canBeTitle: false,
    link: 'record',
    filterOperators: [],
  },
]);

const lookup = (name: string, target: string, reverse?: string): FieldMeta => ({
  name,
  kind: 'lookup',
  label: { en: name },
  required: false,
  target,
  document: reverse ? { 'x-reverse': reverse } : {},
});
const object = (name: string, plural: string, fields: FieldMeta[]): ObjectMeta => ({
  name,
  plural,
  label: { en: name },
  pluralLabel: { en: plural },
  displayField: 'name',
  fields,
});

describe('reverseRelations', () => {
  it('names them as the server does: plural, <plural>By<Field> for two lookups, or x-reverse', () => {
    const objects = [
      object('account', 'accounts', []),
      object('contact', 'contacts', [lookup('account', 'account')]),
      object('deal', 'deals', [lookup('buyer', 'account'), lookup('seller', 'account')]),
      object('lead', 'leads', [lookup('convertedAccount', 'account', 'convertedLeads')]),
    ];
    expect(reverseRelations('account', objects).map((r) => [r.name, r.source.name, r.field.name])).toEqual([
      ['contacts', 'contact', 'account'],
      ['dealsByBuyer', 'deal', 'buyer'],
      ['dealsBySeller', 'deal', 'seller'],
      ['convertedLeads', 'lead', 'convertedAccount'],
    ]);
    expect(reverseRelations('contact', objects)).toEqual([]);
  });
});
