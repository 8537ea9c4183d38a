/** Which subfields a query selected under a field (following fragments), to compute only what is asked. */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

function collect(set: SelectionSetNode | undefined, info: GraphQLResolveInfo, into: Map<string, FieldNode[]>): void {
  for (const s of set?.selections ?? []) {
    if (s.kind === Kind.FIELD) {
      const name = s.name.value;
      into.set(name, [...(into.get(name) ?? []), s]);
    } else if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet, info, into);
    else collect(info.fragments[s.name.value]?.selectionSet, info, into);
  }
}

/** Subfields selected directly under the current field. */
export function selectedFields(info: GraphQLResolveInfo): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  for (const node of info.fieldNodes) collect(node.selectionSet, info, out);
  return out;
}

/** Subfields selected under some field nodes (all aliases and fragments merged). */
export function subfields(nodes: readonly FieldNode[], info: GraphQLResolveInfo): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  for (const node of nodes) collect(node.selectionSet, info, out);
  return out;
}

/** Names selected under `child` (e.g. the metrics under `sum`). */
export function selectedUnder(info: GraphQLResolveInfo, child: string): Set<string> {
  return new Set(subfields(selectedFields(info).get(child) ?? [], info).keys());
}

/** The fields selected for the nodes of a connection, through `edges { node }` and `nodes`. */
export function connectionNodeFields(info: GraphQLResolveInfo): Map<string, FieldNode[]> {
  const top = selectedFields(info);
  const viaEdges = subfields(top.get('edges') ?? [], info).get('node') ?? [];
  return subfields([...viaEdges, ...(top.get('nodes') ?? [])], info);
}
