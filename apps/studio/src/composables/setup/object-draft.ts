/**
 * An object definition as the object designer edits it, and the way back to a definition document. Fields
 * keep every keyword they were written with; the kind's option editors change some of them, and the document
 * keeps only those the field's kind allows. Property order is field order. A field or object whose API name
 * changed is written with `x-renamed-from`, so the server renames it and keeps its data.
 */
import { FIELD_IDENTITY, keywordAllowed, kindSpec } from '../../components/setup/field-kinds';
import { renameVars } from '../../conditions/condition-logic';
import { isRequirable } from '../../fields/kind-flags';
import { cleanLabels, labelDraft, rowId, type LabelDraft } from './labels';

export interface FieldDraft {
  uid: string;
  name: string;
  /** The field's name in the applied definition; null for a field added in this session. */
  appliedName: string | null;
  kind: string;
  label: LabelDraft;
  required: boolean;
  /** Every other keyword of the field (maxLength, x-options, x-target, …), as in the document. */
  keywords: Record<string, unknown>;
}

export interface ObjectDraft {
  name: string;
  /** The object's name in the applied definitions; null for a new object. */
  appliedName: string | null;
  label: LabelDraft;
  pluralLabel: LabelDraft;
  /** API name of the list (`projects`); empty: the server's default plural. */
  plural: string;
  /** '' picks the first text field, as the server does. */
  displayField: string;
  fields: FieldDraft[];
  /** Object keywords the designer does not edit (description, $schema, …), written back unchanged. */
  rest: Record<string, unknown>;
}

type Doc = Record<string, unknown>;

const OBJECT_OWN = [
  'type',
  'x-object',
  'x-renamed-from',
  'x-plural',
  'title',
  'x-label',
  'x-plural-label',
  'x-display-field',
  'required',
  'properties',
  'additionalProperties',
];

export function newFieldDraft(kind = 'text'): FieldDraft {
  return { uid: rowId('field'), name: '', appliedName: null, kind, label: labelDraft({}), required: false, keywords: kindSpec(kind)?.defaults?.() ?? {} };
}

export function newObjectDraft(): ObjectDraft {
  const name: FieldDraft = {
    ...newFieldDraft('text'),
    name: 'name',
    label: labelDraft({ en: 'Name', zh: '名称' }),
    required: true,
    keywords: { maxLength: 200 },
  };
  return { name: '', appliedName: null, label: labelDraft({}), pluralLabel: labelDraft({}), plural: '', displayField: '', fields: [name], rest: {} };
}

export function fieldFromDocument(name: string, doc: Doc, required: boolean): FieldDraft {
  const keywords = Object.fromEntries(Object.entries(doc).filter(([k]) => !(FIELD_IDENTITY as readonly string[]).includes(k)));
  return {
    uid: rowId('field'),
    name,
    appliedName: name,
    kind: String(doc['x-kind'] ?? 'text'),
    label: labelDraft(doc['x-label'], typeof doc['title'] === 'string' ? doc['title'] : ''),
    required,
    keywords,
  };
}

export function objectFromDocument(doc: Doc): ObjectDraft {
  const required = new Set(Array.isArray(doc['required']) ? (doc['required'] as string[]) : []);
  const properties = (doc['properties'] ?? {}) as Record<string, Doc>;
  const name = String(doc['x-object'] ?? '');
  return {
    name,
    appliedName: name,
    label: labelDraft(doc['x-label'], typeof doc['title'] === 'string' ? doc['title'] : ''),
    pluralLabel: labelDraft(doc['x-plural-label']),
    plural: typeof doc['x-plural'] === 'string' ? doc['x-plural'] : '',
    displayField: typeof doc['x-display-field'] === 'string' ? doc['x-display-field'] : '',
    fields: Object.entries(properties).map(([n, f]) => fieldFromDocument(n, f, required.has(n))),
    rest: Object.fromEntries(Object.entries(doc).filter(([k]) => !OBJECT_OWN.includes(k))),
  };
}

/** Nothing to write: the server would read an empty string as a value (and refuse it). */
const isBlank = (v: unknown) => v === undefined || v === null || v === '' || (typeof v === 'number' && Number.isNaN(v));

/** Applied name → current name, for the fields renamed in this draft. */
export function fieldRenames(draft: ObjectDraft): Map<string, string> {
  return new Map(draft.fields.filter((f) => f.appliedName && f.appliedName !== f.name).map((f) => [f.appliedName!, f.name]));
}

export function fieldToDocument(field: FieldDraft, renames: ReadonlyMap<string, string> = new Map()): Doc {
  const label = cleanLabels(field.label);
  const doc: Doc = { 'x-kind': field.kind };
  if (label?.['en'] ?? label?.['zh']) doc['title'] = label['en'] ?? label['zh'];
  if (label) doc['x-label'] = label;
  if (field.appliedName && field.appliedName !== field.name) doc['x-renamed-from'] = field.appliedName;
  for (const [keyword, value] of Object.entries(field.keywords)) {
    if (isBlank(value) || !keywordAllowed(field.kind, keyword)) continue;
    // A formula that names a renamed field follows the rename.
    doc[keyword] = keyword === 'x-formula' && renames.size ? renameVars(value, renames) : value;
  }
  return doc;
}

export function objectToDocument(draft: ObjectDraft): Doc {
  const renames = fieldRenames(draft);
  const label = cleanLabels(draft.label);
  const pluralLabel = cleanLabels(draft.pluralLabel);
  const required = draft.fields.filter((f) => f.required && isRequirable(f.kind)).map((f) => f.name);
  const doc: Doc = { type: 'object', 'x-object': draft.name };
  if (draft.appliedName && draft.appliedName !== draft.name) doc['x-renamed-from'] = draft.appliedName;
  if (draft.plural) doc['x-plural'] = draft.plural;
  if (label) {
    doc['title'] = label['en'] ?? label['zh'];
    doc['x-label'] = label;
  }
  if (pluralLabel) doc['x-plural-label'] = pluralLabel;
  const display = renames.get(draft.displayField) ?? draft.displayField;
  if (display && draft.fields.some((f) => f.name === display)) doc['x-display-field'] = display;
  Object.assign(doc, draft.rest);
  if (required.length) doc['required'] = required;
  doc['properties'] = Object.fromEntries(draft.fields.map((f) => [f.name, fieldToDocument(f, renames)]));
  return doc;
}

/** Moves the field at `index` by `delta` places (order = property order in the document). */
export function moveField(fields: FieldDraft[], index: number, delta: number): void {
  const target = index + delta;
  if (target < 0 || target >= fields.length) return;
  const [moved] = fields.splice(index, 1);
  if (moved) fields.splice(target, 0, moved);
}
