/** The conversion kind: how a record of one object becomes records of others (`x-conversion`). */
import { attachConversions, type ConversionDocument } from './conversion-model.js';
import { same, type Change } from './diff.js';
import type { DiffScope, DocumentKind } from './document-kind.js';

/** A changed, added or removed conversion is metadata of the object it converts. */
function diffConversions({ before, after }: DiffScope): Change[] {
  const sources = new Set([...before.conversions.keys(), ...after.conversions.keys()]);
  return [...sources].flatMap((name): Change[] => {
    const [b, a] = [before.conversions.get(name), after.conversions.get(name)];
    const object = after.byName.get(name);
    return object && !same(b?.document, a?.document) ? [{ action: 'update_metadata', object }] : [];
  });
}

export const conversionKind: DocumentKind<ConversionDocument> = {
  kind: 'conversion',
  key: 'x-conversion',
  metaSchema: { file: 'conversion-definition.schema.json', refs: ['object-definition.schema.json'] },
  attach: (docs, draft, problems) => {
    for (const [source, c] of attachConversions(
      docs.map((d) => [d.doc, d.index]),
      draft.byName,
      problems,
    ))
      draft.conversions.set(source, c);
  },
  diff: diffConversions,
  belongsTo: (doc) => doc['x-object'],
};
