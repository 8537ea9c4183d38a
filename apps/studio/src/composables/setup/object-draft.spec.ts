import { describe, expect, it } from 'vitest';
import type { FieldKindMeta } from '../../api/operations';
import { setFieldKinds } from '../../fields/kind-flags';
import { moveField, newFieldDraft, newObjectDraft, objectFromDocument, objectToDocument } from './object-draft';

// The computed kinds as the server's `fieldKinds` query describes them (not writable, so not requirable).
const computed = (id: string): FieldKindMeta => ({
  id,
  stored: id !== 'formula',
  writable: false,
  indexable: id !== 'formula',
  canBeAmount: false,
  searchable: id === 'auto_number',
  sortable: true,
  canBeTitle: id === 'auto_number',
  link: null,
  filterOperators: [],
});
setFieldKinds([computed('formula'), computed('auto_number')]);

const project = {
  type: 'object',
  'x-object': 'project',
  'x-plural': 'projects',
  title: 'Project',
  'x-label': { en: 'Project', zh: '项目' },
  'x-plural-label': { en: 'Projects', zh: '项目' },
  description: 'Delivery projects',
  required: ['name'],
  properties: {
    name: { 'x-kind': 'text', title: 'Name', 'x-label': { en: 'Name', zh: '名称' }, maxLength: 200 },
    budget: { 'x-kind': 'currency', title: 'Budget', 'x-label': { en: 'Budget' }, minimum: 0, 'x-currency': 'USD' },
    margin: { 'x-kind': 'formula', title: 'Margin', 'x-label': { en: 'Margin' }, 'x-formula': { '*': [{ var: 'budget' }, 0.1] }, 'x-result': 'number' },
  },
};

describe('object drafts', () => {
  it('round-trips a document, keeping keywords the designer does not edit', () => {
    expect(objectToDocument(objectFromDocument(project))).toEqual(project);
  });

  it('writes property order as field order, and x-renamed-from for renamed fields (formulas follow)', () => {
    const draft = objectFromDocument(project);
    moveField(draft.fields, 1, -1);
    draft.fields[0]!.name = 'amount';
    const doc = objectToDocument(draft) as { properties: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.properties)).toEqual(['amount', 'name', 'margin']);
    expect(doc.properties['amount']!['x-renamed-from']).toBe('budget');
    expect(doc.properties['margin']!['x-formula']).toEqual({ '*': [{ var: 'amount' }, 0.1] });
  });

  it('renames the object with x-renamed-from', () => {
    const draft = objectFromDocument(project);
    draft.name = 'engagement';
    expect(objectToDocument(draft)).toMatchObject({ 'x-object': 'engagement', 'x-renamed-from': 'project' });
  });

  it('drops blank options and keywords the kind does not allow (after a kind change)', () => {
    const draft = newObjectDraft();
    draft.name = 'project';
    const field = { ...newFieldDraft('text'), name: 'code', keywords: { maxLength: 20, pattern: '', 'x-unique': true, minimum: 3 } };
    field.kind = 'email';
    draft.fields.push(field);
    const doc = objectToDocument(draft) as { properties: Record<string, unknown>; required: string[] };
    expect(doc.properties['code']).toEqual({ 'x-kind': 'email', maxLength: 20, 'x-unique': true });
    expect(doc.required).toEqual(['name']);
  });

  it('leaves computed fields out of the required list', () => {
    const draft = objectFromDocument(project);
    draft.fields[2]!.required = true;
    expect((objectToDocument(draft) as { required: string[] }).required).toEqual(['name']);
  });
});
