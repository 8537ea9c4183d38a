import { describe, expect, it } from 'vitest';
import { dependentsOf, DOCUMENT_KINDS, documentKeys, kindOf, storedDocument } from './document-kinds.js';
import { loadSchemaFile } from './meta-schema.js';
import type { DefinitionDocument } from './model.js';

const deal = { type: 'object', 'x-object': 'deal', properties: { title: { 'x-kind': 'text', 'x-renamed-from': 'name' } }, 'x-renamed-from': 'opportunity' };
const sales = { 'x-pipeline': 'sales', 'x-object': 'deal', stages: [] };
const leadConversion = { 'x-conversion': 'leadConversion', 'x-object': 'lead', targets: [] };

describe('document kinds', () => {
  it("ties each kind to its meta-schema in schemas/: the file exists and requires the kind's key", () => {
    expect(DOCUMENT_KINDS.map((k) => k.kind)).toEqual(['object', 'pipeline', 'conversion', 'report', 'dashboard', 'role', 'rule']);
    for (const kind of DOCUMENT_KINDS) {
      const schema = loadSchemaFile(kind.metaSchema.file) as { required?: string[] };
      expect(schema.required, kind.kind).toContain(kind.key);
      for (const ref of kind.metaSchema.refs ?? []) expect(() => loadSchemaFile(ref)).not.toThrow();
    }
  });

  it('knows a document by the key it carries; one naming no other kind is an object document', () => {
    expect(kindOf(sales).kind).toBe('pipeline');
    expect(kindOf(leadConversion).kind).toBe('conversion');
    expect(kindOf(deal).kind).toBe('object');
    expect(kindOf({ title: 'no key at all' }).kind).toBe('object');
    expect(kindOf(null).kind).toBe('object');
  });

  it('keys documents by kind and name, an object also by the name it was renamed from', () => {
    expect(documentKeys(deal)).toEqual(['object:deal', 'object:opportunity']);
    expect(documentKeys(sales)).toEqual(['pipeline:sales']);
    expect(documentKeys(leadConversion)).toEqual(['conversion:leadConversion']);
    expect(documentKeys({ 'x-pipeline': 42 })).toEqual([]);
  });

  it('stores documents without one-time rename instructions, and deletes with an object what belongs to it', () => {
    expect(JSON.stringify(storedDocument(deal as unknown as DefinitionDocument))).not.toContain('x-renamed-from');
    expect(storedDocument(sales as unknown as DefinitionDocument)).toBe(sales);
    const applied = [deal, sales, leadConversion] as unknown as DefinitionDocument[];
    expect(dependentsOf({ kind: 'object', name: 'deal' }, applied)).toEqual([{ kind: 'pipeline', name: 'sales' }]);
    expect(dependentsOf({ kind: 'object', name: 'lead' }, applied)).toEqual([{ kind: 'conversion', name: 'leadConversion' }]);
    expect(dependentsOf({ kind: 'pipeline', name: 'sales' }, applied)).toEqual([]);
  });
});
