/** Checks of pipeline documents against the objects they belong to. */
import { type ErrorDetail } from '@funnelcraft/kernel';
import { compileExpression, SqlParams, type SqlVariable } from '@funnelcraft/expressions';
import type { ObjectModel } from './model.js';
import { buildPipeline, PIPELINE_FIELD_NAMES, PIPELINE_FIELDS, PIPELINE_RESERVED_NAMES, type PipelineDocument, type PipelineModel } from './pipeline-model.js';

/** Variables a gate condition may read: the object's stored fields and its pipeline fields. */
function gateResolver(o: ObjectModel): (name: string) => SqlVariable | undefined {
  return (name) => {
    const f = o.fieldsByName.get(name);
    if (f && f.kind.storage) return { sql: `"${f.column}"`, type: f.kind.valueType };
    const p = PIPELINE_FIELDS[name];
    return p ? { sql: `"${p.column}"`, type: p.valueType } : undefined;
  };
}

function checkPipeline(p: PipelineModel, o: ObjectModel, path: string, problems: ErrorDetail[]): void {
  const add = (where: string, message: string) => problems.push({ path: `${path}${where}`, message });
  const keys = new Set<string>();
  p.stages.forEach((s, i) => {
    if (keys.has(s.key)) add(`.stages[${i}].key`, `stage "${s.key}" appears twice`);
    keys.add(s.key);
    for (const field of s.gate?.required ?? []) {
      if (!o.fieldsByName.has(field) && !PIPELINE_FIELD_NAMES.includes(field)) add(`.stages[${i}].gate.required`, `"${field}" is not a field of ${o.name}`);
    }
    if (s.gate?.condition !== undefined) {
      try {
        compileExpression(s.gate.condition, { resolve: gateResolver(o), params: new SqlParams() });
      } catch (e) {
        add(`.stages[${i}].gate.condition`, `invalid condition: ${(e as Error).message}`);
      }
    }
  });
  if (!p.stages.some((s) => s.category === 'open')) add('.stages', 'a pipeline needs at least one open stage');
  if (p.amountField) {
    const f = o.fieldsByName.get(p.amountField);
    if (!f || !f.kind.canBeAmount) add('.x-amount-field', `"${p.amountField}" is not a number or currency field of ${o.name}`);
  }
}

/** Builds the pipelines and attaches them to their objects; problems are collected, not thrown. */
export function attachPipelines(
  docs: [PipelineDocument, number][],
  byName: ReadonlyMap<string, ObjectModel>,
  objectPaths: ReadonlyMap<ObjectModel, string>,
  problems: ErrorDetail[],
): Map<string, PipelineModel> {
  const pipelines = new Map<string, PipelineModel>();
  const docIndex = new Map<PipelineModel, number>();
  for (const [doc, i] of docs) {
    const path = `documents[${i}]`;
    const p = buildPipeline(doc);
    const o = byName.get(p.object);
    if (pipelines.has(p.key)) problems.push({ path: `${path}.x-pipeline`, message: `pipeline "${p.key}" is defined twice` });
    if (!o) {
      problems.push({ path: `${path}.x-object`, message: `no object "${p.object}"` });
      continue;
    }
    checkPipeline(p, o, path, problems);
    docIndex.set(p, i);
    pipelines.set(p.key, p);
    o.pipelines.push(p);
  }
  for (const o of byName.values()) {
    if (!o.pipelines.length) continue;
    const defaults = o.pipelines.filter((p) => p.isDefault);
    const where = (p: PipelineModel) => `documents[${docIndex.get(p)}]`;
    if (defaults.length > 1)
      for (const p of defaults.slice(1))
        problems.push({ path: `${where(p)}.x-default`, message: `${o.name} already has a default pipeline (${defaults[0]!.key})` });
    // With several pipelines, which one new records follow must be said, not inferred from an order.
    if (o.pipelines.length > 1 && !defaults.length) {
      for (const p of o.pipelines)
        problems.push({ path: `${where(p)}.x-default`, message: `${o.name} has ${o.pipelines.length} pipelines: mark one "x-default": true` });
    }
    for (const name of PIPELINE_RESERVED_NAMES) {
      if (o.fieldsByName.has(name))
        problems.push({
          path: `${objectPaths.get(o) ?? o.name}.properties.${name}`,
          message: `"${name}" is kept by the pipeline of ${o.name}; rename the field`,
        });
    }
  }
  return pipelines;
}
