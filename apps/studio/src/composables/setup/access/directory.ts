/**
 * Setup › Users and teams as data: the people and teams of the workspace (the generated Directory query's
 * shapes, not hand-typed ones), the team tree built from their parent links, and the roles an admin may give.
 * Pure functions, with a spec beside them.
 */
import type { DirectoryQuery } from '../../../api/platform-operations.generated';
import type { Labels } from '../../../api/platform-json';

export type DirectoryUser = DirectoryQuery['users'][number];
export type DirectoryTeam = DirectoryQuery['teams'][number];

export interface TeamNode {
  team: DirectoryTeam;
  depth: number;
  children: TeamNode[];
  /** Users whose primary team this is, by name. */
  members: DirectoryUser[];
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
export const userName = (u: Pick<DirectoryUser, 'name' | 'email'>) => u.name || u.email;
export const sortUsers = (users: readonly DirectoryUser[]) => [...users].sort((a, b) => userName(a).localeCompare(userName(b)));

/**
 * The tree of teams, top teams first, children by name, any depth. A team whose parent is missing (deleted
 * meanwhile) shows at the top; a cycle (which the server refuses) cannot hang the walk: each team is placed once.
 */
export function teamTree(teams: readonly DirectoryTeam[], users: readonly DirectoryUser[]): TeamNode[] {
  const ids = new Set(teams.map((t) => t.id));
  const children = new Map<string | null, DirectoryTeam[]>();
  for (const t of teams) {
    const parent = t.parentId !== null && ids.has(t.parentId) ? t.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), t]);
  }
  const members = new Map<string, DirectoryUser[]>();
  for (const u of sortUsers(users)) if (u.teamId) members.set(u.teamId, [...(members.get(u.teamId) ?? []), u]);
  const placed = new Set<string>();
  const build = (parent: string | null, depth: number): TeamNode[] =>
    [...(children.get(parent) ?? [])]
      .sort(byName)
      .filter((t) => !placed.has(t.id) && placed.add(t.id))
      .map((team) => ({ team, depth, members: members.get(team.id) ?? [], children: build(team.id, depth + 1) }));
  return build(null, 0);
}

/** The tree in reading order (each team after its parent), for pickers. */
export function flattenTree(nodes: readonly TeamNode[]): TeamNode[] {
  return nodes.flatMap((n) => [n, ...flattenTree(n.children)]);
}

/** The names from the top team down to this one ("Sales › East › East A"). */
export function teamPath(teams: readonly DirectoryTeam[], id: string | null): string[] {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const path: string[] = [];
  for (let t = id ? byId.get(id) : undefined; t && path.length <= teams.length; t = t.parentId ? byId.get(t.parentId) : undefined) path.unshift(t.name);
  return path;
}

/** Whether a user may sign in: not deactivated. */
export const isActive = (u: Pick<DirectoryUser, 'deactivatedAt'>) => u.deactivatedAt === null;

export interface RoleOption {
  /** What the server stores: admin, member, or a role document's name. */
  value: string;
  /** A role document's own labels; built-in roles are named by the studio's catalogue. */
  labels?: Labels;
  builtIn: boolean;
}

/** The built-in roles and the workspace's role documents (x-role, from the applied definitions), by name. */
export function roleOptions(definitions: readonly unknown[]): RoleOption[] {
  const documents = definitions
    .filter((d): d is Record<string, unknown> => Boolean(d) && typeof d === 'object' && typeof (d as Record<string, unknown>)['x-role'] === 'string')
    .map((d) => ({ value: d['x-role'] as string, labels: roleLabels(d['x-label']), builtIn: false }))
    .sort((a, b) => a.value.localeCompare(b.value));
  return [{ value: 'admin', builtIn: true }, { value: 'member', builtIn: true }, ...documents];
}

/** Role documents label themselves by language tag (en, zh-CN); the studio's languages are en and zh. */
function roleLabels(value: unknown): Labels | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const out: Labels = {};
  for (const [tag, text] of Object.entries(value as Record<string, unknown>)) if (typeof text === 'string') out[tag.split('-')[0]!.toLowerCase()] = text;
  return out;
}
