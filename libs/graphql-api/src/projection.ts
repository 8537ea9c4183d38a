/**
 * Turns a query's selection into a storage Projection: which columns to read, and which lookups to join so
 * that a list with its lookups is answered by one SQL statement.
 */
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { PIPELINE_FIELDS, SYSTEM_COLUMNS, type ObjectModel, type TenantModel } from '@funnelcraft/definitions';
import type { Projection } from '@funnelcraft/storage';
import { subfields } from './selection.js';

type Selection = Map<string, FieldNode[]>;

/** API names of the columns behind the selected output fields (no joins). */
function columnsFor(o: ObjectModel, selection: Selection): Set<string> {
  const wanted = new Set<string>(['id']);
  for (const name of selection.keys()) {
    if (name === 'owner') wanted.add('ownerId');
    else if (o.pipelines.length && PIPELINE_FIELDS[name]) wanted.add(name);
    else if (name === 'isIdle') ['pipeline', 'stage', 'stageEnteredAt'].forEach((f) => wanted.add(f));
    else if (o.fieldsByName.has(name) || SYSTEM_COLUMNS[name] || name === 'deletedAt') wanted.add(name);
    else if (name.endsWith('Id') && o.fieldsByName.has(name.slice(0, -2))) wanted.add(name.slice(0, -2));
  }
  return wanted;
}

export function projectionFor(model: TenantModel, o: ObjectModel, selection: Selection, info: GraphQLResolveInfo): Projection {
  const joins = new Map<string, { target: ObjectModel; fields: ReadonlySet<string> }>();
  for (const [name, nodes] of selection) {
    const f = o.fieldsByName.get(name);
    const target = f?.kind.link === 'record' && f.target ? model.byName.get(f.target) : undefined;
    if (target) joins.set(name, { target, fields: columnsFor(target, subfields(nodes, info)) });
  }
  return { fields: columnsFor(o, selection), joins };
}
