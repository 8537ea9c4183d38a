/** The pipeline kind: stage pipelines of an object (`x-pipeline`), attached to the object they belong to. */
import { same, type Change } from './diff.js';
import type { DiffScope, DocumentKind } from './document-kind.js';
import type { PipelineDocument } from './pipeline-model.js';
import { attachPipelines } from './validate-pipelines.js';

/**
 * An object's first pipeline adds the stage columns, removing its last drops them; changed pipelines are
 * metadata, except stages that disappear (records may stand in them).
 */
function diffPipelines({ after, priorOf }: DiffScope): Change[] {
  const changes: Change[] = [];
  for (const o of after.objects) {
    const prior = priorOf(o);
    const had = (prior?.pipelines.length ?? 0) > 0;
    if (o.pipelines.length && !had) changes.push({ action: 'enable_pipelines', object: o });
    if (!o.pipelines.length && had) changes.push({ action: 'disable_pipelines', object: o });
    if (!o.pipelines.length || !had) continue;
    for (const old of prior!.pipelines) {
      const now = o.pipelines.find((p) => p.key === old.key);
      const removedStages = old.stages.filter((s) => !now?.stageByKey.has(s.key)).map((s) => s.key);
      if (!now || removedStages.length || !same(old.document, now.document))
        changes.push({ action: 'update_pipeline', object: o, pipeline: now ?? old, removedStages });
    }
    for (const p of o.pipelines)
      if (!prior!.pipelines.some((q) => q.key === p.key)) changes.push({ action: 'update_pipeline', object: o, pipeline: p, removedStages: [] });
  }
  return changes;
}

export const pipelineKind: DocumentKind<PipelineDocument> = {
  kind: 'pipeline',
  key: 'x-pipeline',
  metaSchema: { file: 'pipeline-definition.schema.json', refs: ['object-definition.schema.json'] },
  attach: (docs, draft, problems) => {
    for (const [key, p] of attachPipelines(
      docs.map((d) => [d.doc, d.index]),
      draft.byName,
      draft.objectPaths,
      problems,
    ))
      draft.pipelines.set(key, p);
  },
  diff: diffPipelines,
  belongsTo: (doc) => doc['x-object'],
};
