import { describe, expect, it } from 'vitest';
import { DomainError } from '@funnelcraft/kernel';
import { isDestructive, type Change } from './diff.js';
import { diffModels } from './document-kinds.js';
import { validateDefinitions } from './validate-definitions.js';

type Doc = Record<string, unknown>;
type Fields = Record<string, Doc>;
const obj = (name: string, properties: Fields, extra: Doc = {}): Doc => ({ type: 'object', 'x-object': name, properties, ...extra });
const model = (...docs: Doc[]) => validateDefinitions(docs);
const diff = (before: Doc[], after: Doc[]) => diffModels(model(...before), model(...after));

/** A change as a short readable tuple: action, object, field (and the field it came from). */
function summary(c: Change): string {
  switch (c.action) {
    case 'create_object':
    case 'drop_object':
    case 'update_metadata':
    case 'enable_pipelines':
    case 'disable_pipelines':
      return `${c.action} ${c.object.name}`;
    case 'update_pipeline':
      return `${c.action} ${c.object.name}.${c.pipeline.key}`;
    case 'rename_object':
      return `${c.action} ${c.from.name} -> ${c.object.name}`;
    case 'add_field':
    case 'drop_field':
      return `${c.action} ${c.object.name}.${c.field.name}`;
    case 'rename_field':
      return `${c.action} ${c.object.name}.${c.from.name} -> ${c.field.name}`;
    case 'change_kind':
      return `${c.action} ${c.object.name}.${c.field.name} ${c.from.kind.id} -> ${c.field.kind.id} (${c.method})`;
    case 'change_storage':
      return `${c.action} ${c.object.name}.${c.field.name} [${c.aspects.join(', ')}]`;
  }
}
const summarize = (changes: Change[]) => changes.map(summary);

function unsafe(before: Doc[], after: Doc[]): DomainError {
  try {
    diff(before, after);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('UNSAFE_TYPE_CHANGE');
    return e as DomainError;
  }
  throw new Error('expected the change to be refused as unsafe');
}

const account = (fields: Fields = {}, extra: Doc = {}) => obj('account', { name: { 'x-kind': 'text' }, ...fields }, extra);
const deal = (fields: Fields = {}, extra: Doc = {}) => obj('deal', { title: { 'x-kind': 'text' }, ...fields }, extra);
const STAGE = { 'x-kind': 'single_select', 'x-options': [{ value: 'open' }, { value: 'won' }] };

describe('diffModels', () => {
  it('gives no changes for identical models', () => {
    expect(diff([account(), deal({ size: { 'x-kind': 'number' } })], [account(), deal({ size: { 'x-kind': 'number' } })])).toEqual([]);
  });

  it('gives no changes for identical documents whose keys come back in another order (as jsonb returns them)', () => {
    const written = account({ size: { 'x-kind': 'number', title: 'Size', minimum: 0 } }, { title: 'Account' });
    // Every key order reversed but that of `properties`, which is the field order and does matter.
    const reordered = JSON.parse(
      JSON.stringify(written, (k, v: unknown) =>
        v && typeof v === 'object' && !Array.isArray(v) && k !== 'properties' ? Object.fromEntries(Object.entries(v).reverse()) : v,
      ),
    ) as Doc;
    expect(Object.keys(reordered)).not.toEqual(Object.keys(written));
    expect(diff([reordered], [written])).toEqual([]);
  });

  it('reports a change of field order alone as metadata', () => {
    const before = account({ a: { 'x-kind': 'text' }, b: { 'x-kind': 'text' } });
    const after = account({ b: { 'x-kind': 'text' }, a: { 'x-kind': 'text' } });
    expect(summarize(diff([before], [after]))).toEqual(['update_metadata account']);
  });

  it('creates an object', () => {
    expect(summarize(diff([], [account()]))).toEqual(['create_object account']);
  });

  it('adds a field', () => {
    const changes = diff([account()], [account({ website: { 'x-kind': 'url' } })]);
    expect(summarize(changes)).toEqual(['add_field account.website']);
    expect(changes[0]).toMatchObject({ field: { column: 'website', kind: { id: 'url' } } });
  });

  it('renames a field via x-renamed-from, keeping its data (no drop and add)', () => {
    const changes = diff([deal({ size: { 'x-kind': 'number' } })], [deal({ amount: { 'x-kind': 'number', 'x-renamed-from': 'size' } })]);
    expect(summarize(changes)).toEqual(['rename_field deal.size -> amount']);
    expect(changes.some(isDestructive)).toBe(false);
  });

  it('renames a field and changes its kind in one go', () => {
    expect(summarize(diff([deal({ size: { 'x-kind': 'number' } })], [deal({ sizeText: { 'x-kind': 'text', 'x-renamed-from': 'size' } })]))).toEqual([
      'rename_field deal.size -> sizeText',
      'change_kind deal.sizeText number -> text (cast)',
    ]);
  });

  it('renames a field and reuses its old name for a new field, whatever the order of the properties', () => {
    const before = [deal({ name: { 'x-kind': 'text' } })];
    // The rename must come first: the new column takes the name the rename frees.
    const expected = ['rename_field deal.name -> fullName', 'add_field deal.name'];
    const renamedFirst = deal({ fullName: { 'x-kind': 'text', 'x-renamed-from': 'name' }, name: { 'x-kind': 'text' } });
    const renamedLast = deal({ name: { 'x-kind': 'text' }, fullName: { 'x-kind': 'text', 'x-renamed-from': 'name' } });
    expect(summarize(diff(before, [renamedFirst]))).toEqual(expected);
    expect(summarize(diff(before, [renamedLast]))).toEqual(expected);
  });

  it('treats x-renamed-from naming a field that does not exist as an addition', () => {
    expect(summarize(diff([deal()], [deal({ amount: { 'x-kind': 'number', 'x-renamed-from': 'size' } })]))).toEqual(['add_field deal.amount']);
  });

  it('renames an object via x-renamed-from (no drop and create)', () => {
    const changes = diff(
      [obj('opportunity', { title: { 'x-kind': 'text' } })],
      [obj('deal', { title: { 'x-kind': 'text' } }, { 'x-renamed-from': 'opportunity' })],
    );
    expect(summarize(changes)).toEqual(['rename_object opportunity -> deal']);
    expect(changes.some(isDestructive)).toBe(false);
  });

  it('renames an object that other objects look up, retargeting their lookups', () => {
    const before = [obj('company', { name: { 'x-kind': 'text' } }), deal({ company: { 'x-kind': 'lookup', 'x-target': 'company' } })];
    const after = [account({}, { 'x-renamed-from': 'company' }), deal({ company: { 'x-kind': 'lookup', 'x-target': 'account' } })];
    // The deal's document changed (its lookup names the new object): metadata only, no DDL on deal.
    expect(summarize(diff(before, after))).toEqual(['rename_object company -> account', 'update_metadata deal']);
  });

  it('refuses a rename while a document still defines the old name (it used to create an empty object instead)', () => {
    expect(() => diff([deal()], [deal(), obj('opportunity', { title: { 'x-kind': 'text' } }, { 'x-renamed-from': 'deal' })])).toThrow(
      expect.objectContaining({ code: 'INVALID_DEFINITION', details: [expect.objectContaining({ path: 'opportunity.x-renamed-from' })] }),
    );
  });

  it('refuses swaps and renames onto a name that still exists, for fields and objects', () => {
    const refused = (before: Doc[], after: Doc[]): string[] => {
      try {
        diff(before, after);
      } catch (e) {
        expect((e as DomainError).code).toBe('INVALID_DEFINITION');
        return (e as DomainError).details.map((d) => d.path).sort();
      }
      throw new Error('expected the renames to be refused');
    };
    const two = { a: { 'x-kind': 'text' }, b: { 'x-kind': 'text' } };
    expect(refused([deal(two)], [deal({ a: { 'x-kind': 'text', 'x-renamed-from': 'b' }, b: { 'x-kind': 'text', 'x-renamed-from': 'a' } })])).toEqual([
      'deal.a.x-renamed-from',
      'deal.b.x-renamed-from',
    ]);
    expect(refused([deal(two)], [deal({ a: { 'x-kind': 'text', 'x-renamed-from': 'b' } })])).toEqual(['deal.a.x-renamed-from']);
    expect(
      refused([deal(two)], [deal({ c: { 'x-kind': 'text', 'x-renamed-from': 'a' }, d: { 'x-kind': 'text', 'x-renamed-from': 'a' }, b: { 'x-kind': 'text' } })]),
    ).toEqual(['deal.d.x-renamed-from']);
    const lead = obj('lead', { title: { 'x-kind': 'text' } });
    expect(
      refused(
        [deal(), lead],
        [
          obj('deal', { title: { 'x-kind': 'text' } }, { 'x-renamed-from': 'lead' }),
          obj('lead', { title: { 'x-kind': 'text' } }, { 'x-renamed-from': 'deal' }),
        ],
      ),
    ).toEqual(['deal.x-renamed-from', 'lead.x-renamed-from']);
  });

  it('takes a rename already carried out (old name gone, new name there) as no change', () => {
    expect(summarize(diff([deal({ a: { 'x-kind': 'text' } })], [deal({ a: { 'x-kind': 'text', 'x-renamed-from': 'b' } })]))).toEqual([]);
  });

  it('drops a field, destructively', () => {
    const changes = diff([deal({ size: { 'x-kind': 'number' } })], [deal()]);
    expect(summarize(changes)).toEqual(['drop_field deal.size']);
    expect(isDestructive(changes[0]!)).toBe(true);
  });

  it('drops an object, destructively', () => {
    const changes = diff([account(), deal()], [account()]);
    expect(summarize(changes)).toEqual(['drop_object deal']);
    expect(isDestructive(changes[0]!)).toBe(true);
  });

  it('orders renames, then creations, then field drops, field changes, metadata, and object drops last', () => {
    const before = [
      obj('lead', { title: { 'x-kind': 'text' } }),
      obj('opportunity', { title: { 'x-kind': 'text' } }),
      account({ size: { 'x-kind': 'number' }, old: { 'x-kind': 'text' } }),
      obj('note', { body: { 'x-kind': 'text' } }, { title: 'Note' }),
    ];
    const after = [
      obj('note', { body: { 'x-kind': 'text' } }, { title: 'Memo' }),
      account({ size: { 'x-kind': 'number', 'x-unique': true }, primaryDeal: { 'x-kind': 'lookup', 'x-target': 'deal' } }),
      deal({}, { 'x-renamed-from': 'opportunity' }),
      obj('task', { title: { 'x-kind': 'text' } }),
    ];
    expect(summarize(diff(before, after))).toEqual([
      'rename_object opportunity -> deal',
      'create_object task',
      'drop_field account.old',
      'change_storage account.size [unique]',
      'add_field account.primaryDeal',
      'update_metadata note',
      'drop_object lead',
    ]);
  });

  it('puts the creation of an object before a lookup added to it', () => {
    const changes = summarize(diff([account()], [account({ mainDeal: { 'x-kind': 'lookup', 'x-target': 'deal' } }), deal()]));
    expect(changes).toEqual(['create_object deal', 'add_field account.mainDeal']);
  });

  describe('kind changes', () => {
    it.each([
      ['number', { 'x-kind': 'number' }, 'text', { 'x-kind': 'text' }, 'cast'],
      ['text', { 'x-kind': 'text' }, 'number', { 'x-kind': 'number' }, 'cast'],
      ['long_text', { 'x-kind': 'long_text' }, 'percent', { 'x-kind': 'percent' }, 'cast'],
      ['number', { 'x-kind': 'number' }, 'percent', { 'x-kind': 'percent' }, 'metadata'],
      ['single_select', STAGE, 'multi_select', { ...STAGE, 'x-kind': 'multi_select' }, 'cast'],
      ['single_select', STAGE, 'text', { 'x-kind': 'text' }, 'metadata'],
      ['text', { 'x-kind': 'text' }, 'email', { 'x-kind': 'email' }, 'metadata'],
      ['email', { 'x-kind': 'email' }, 'url', { 'x-kind': 'url' }, 'metadata'],
      ['date', { 'x-kind': 'date' }, 'datetime', { 'x-kind': 'datetime' }, 'cast'],
    ])('%s → %s is allowed', (from, fromDoc, to, toDoc, method) => {
      expect(summarize(diff([deal({ x: fromDoc })], [deal({ x: toDoc })]))).toEqual([`change_kind deal.x ${from} -> ${to} (${method})`]);
    });

    it.each([
      ['boolean', { 'x-kind': 'boolean' }, 'date', { 'x-kind': 'date' }, /no kind change is allowed/],
      ['currency', { 'x-kind': 'currency' }, 'text', { 'x-kind': 'text' }, /no kind change is allowed/],
      ['number', { 'x-kind': 'number' }, 'date', { 'x-kind': 'date' }, /allowed: percent, text, long_text/],
      ['text', { 'x-kind': 'text' }, 'boolean', { 'x-kind': 'boolean' }, /allowed: .*email.*number/],
      ['multi_select', { ...STAGE, 'x-kind': 'multi_select' }, 'single_select', STAGE, /no kind change is allowed/],
      ['datetime', { 'x-kind': 'datetime' }, 'date', { 'x-kind': 'date' }, /no kind change is allowed/],
      ['text', { 'x-kind': 'text' }, 'formula', { 'x-kind': 'formula', 'x-formula': 1, 'x-result': 'number' }, /cannot change text to formula/],
    ])('%s → %s is refused as unsafe', (from, fromDoc, to, toDoc, message) => {
      const error = unsafe([deal({ x: fromDoc })], [deal({ x: toDoc })]);
      expect(error.details).toHaveLength(1);
      expect(error.details[0]).toMatchObject({ path: 'deal.x', message: expect.stringMatching(message) });
      expect(error.details[0]!.message).toContain(from);
      expect(error.details[0]!.message).toContain(to);
    });

    it('names both kinds in the details of a refused change', () => {
      const error = unsafe([deal({ won: { 'x-kind': 'boolean' } })], [deal({ won: { 'x-kind': 'date' } })]);
      expect(error.details[0]).toMatchObject({ path: 'deal.won', from: 'boolean', to: 'date' });
    });

    it('refuses changing the target of a lookup', () => {
      const before = [account(), obj('contact', { name: { 'x-kind': 'text' } }), deal({ party: { 'x-kind': 'lookup', 'x-target': 'account' } })];
      const after = [account(), obj('contact', { name: { 'x-kind': 'text' } }), deal({ party: { 'x-kind': 'lookup', 'x-target': 'contact' } })];
      const error = unsafe(before, after);
      expect(error.details).toEqual([expect.objectContaining({ path: 'deal.party', message: expect.stringMatching(/account → contact/) })]);
    });

    it('lists every unsafe change at once', () => {
      const error = unsafe([deal({ a: { 'x-kind': 'boolean' }, b: { 'x-kind': 'currency' } })], [deal({ a: { 'x-kind': 'date' }, b: { 'x-kind': 'text' } })]);
      expect(error.details.map((d) => d.path)).toEqual(['deal.a', 'deal.b']);
    });
  });

  describe('storage and metadata changes', () => {
    it.each<[string, Doc, Doc, string[]]>([
      ['unique', { 'x-kind': 'text' }, { 'x-kind': 'text', 'x-unique': true }, ['unique']],
      ['indexed', { 'x-kind': 'text' }, { 'x-kind': 'text', 'x-indexed': true }, ['indexed']],
      ['default added', { 'x-kind': 'number' }, { 'x-kind': 'number', default: 1 }, ['default']],
      ['default changed', { 'x-kind': 'number', default: 1 }, { 'x-kind': 'number', default: 2 }, ['default']],
      ['default removed', { 'x-kind': 'number', default: 1 }, { 'x-kind': 'number' }, ['default']],
      ['unique and default', { 'x-kind': 'text' }, { 'x-kind': 'text', 'x-unique': true, default: 'x' }, ['unique', 'default']],
      ['auto number format', { 'x-kind': 'auto_number', 'x-format': 'D-{000}' }, { 'x-kind': 'auto_number', 'x-format': 'DEAL-{00000}' }, ['auto_number']],
    ])('%s gives change_storage', (_name, fromDoc, toDoc, aspects) => {
      expect(summarize(diff([deal({ x: fromDoc })], [deal({ x: toDoc })]))).toEqual([`change_storage deal.x [${aspects.join(', ')}]`]);
    });

    it('an on-delete change of a lookup gives change_storage', () => {
      const before = [account(), deal({ account: { 'x-kind': 'lookup', 'x-target': 'account' } })];
      const after = [account(), deal({ account: { 'x-kind': 'lookup', 'x-target': 'account', 'x-on-delete': 'cascade' } })];
      expect(summarize(diff(before, after))).toEqual(['change_storage deal.account [on_delete]']);
    });

    it.each<[string, Doc[], Doc[]]>([
      ['a field label', [deal({ x: { 'x-kind': 'text', title: 'X' } })], [deal({ x: { 'x-kind': 'text', title: 'Ex' } })]],
      ['a translated field label', [deal({ x: { 'x-kind': 'text' } })], [deal({ x: { 'x-kind': 'text', 'x-label': { zh: '某' } } })]],
      ['an object label', [deal({}, { title: 'Deal' })], [deal({}, { title: 'Opportunity' })]],
      ['select options', [deal({ stage: STAGE })], [deal({ stage: { ...STAGE, 'x-options': [...STAGE['x-options'], { value: 'lost' }] } })]],
      ['a maximum length', [deal({ x: { 'x-kind': 'text' } })], [deal({ x: { 'x-kind': 'text', maxLength: 10 } })]],
    ])('%s gives update_metadata only', (_name, before, after) => {
      expect(summarize(diff(before, after))).toEqual(['update_metadata deal']);
    });
  });
});
