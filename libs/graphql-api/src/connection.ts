/**
 * Connection results (edges, nodes, pageInfo, totalCount) for lists, related lists and board columns. Cursors
 * and counts are computed only when a query asks for them: prototype getters, so a page of edges allocates
 * no closures.
 */
import { encodeCursor } from './cursor.js';

class Edge<T> {
  constructor(
    readonly node: T,
    private readonly key: unknown[],
  ) {}

  get cursor(): string {
    return encodeCursor(this.key);
  }
}

class PageInfo {
  constructor(
    readonly hasNextPage: boolean,
    private readonly lastKey: unknown[] | undefined,
  ) {}

  get endCursor(): string | null {
    return this.lastKey ? encodeCursor(this.lastKey) : null;
  }
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

/** `keys[i]`: the sort values of `rows[i]`, which its cursor encodes. */
export function connectionOf<T>(rows: T[], keys: unknown[][], hasNextPage: boolean, count: () => Promise<number>): Connection<T> {
  const edges = new Array<Edge<T>>(rows.length);
  for (let i = 0; i < rows.length; i++) edges[i] = new Edge(rows[i]!, keys[i] ?? []);
  return { edges, nodes: rows, pageInfo: new PageInfo(hasNextPage, keys.at(-1)), totalCount: count };
}
