import { describe, expect, it } from 'vitest';
import { flattenTree, roleOptions, teamPath, teamTree, type DirectoryTeam, type DirectoryUser } from './directory';

const team = (id: string, name: string, parentId: string | null = null): DirectoryTeam => ({ id, name, parentId, managerId: null });
const user = (id: string, name: string, teamId: string | null): DirectoryUser => ({
  id,
  name,
  email: `${id}@x.test`,
  roles: ['member'],
  teamId,
  deactivatedAt: null,
  inviteExpiresAt: null,
});

describe('the team tree', () => {
  const teams = [team('e', 'East', 's'), team('s', 'Sales'), team('ea', 'East A', 'e'), team('w', 'West', 's'), team('o', 'Ops')];
  it('nests teams at any depth, by name, with their members', () => {
    const tree = teamTree(teams, [user('b', 'Bo', 'ea'), user('a', 'Al', 'ea'), user('c', 'Cy', null)]);
    expect(tree.map((n) => n.team.name)).toEqual(['Ops', 'Sales']);
    expect(flattenTree(tree).map((n) => [n.team.name, n.depth])).toEqual([
      ['Ops', 0],
      ['Sales', 0],
      ['East', 1],
      ['East A', 2],
      ['West', 1],
    ]);
    expect(
      flattenTree(tree)
        .find((n) => n.team.id === 'ea')!
        .members.map((u) => u.name),
    ).toEqual(['Al', 'Bo']);
  });

  it('puts a team whose parent is gone at the top, and places each team once even in a cycle', () => {
    expect(teamTree([team('x', 'X', 'gone')], []).map((n) => n.team.name)).toEqual(['X']);
    const cycle = [team('a', 'A', 'b'), team('b', 'B', 'a'), team('t', 'Top')];
    expect(flattenTree(teamTree(cycle, [])).map((n) => n.team.id)).toEqual(['t']);
  });

  it('names the path from the top', () => {
    expect(teamPath(teams, 'ea')).toEqual(['Sales', 'East', 'East A']);
    expect(teamPath(teams, null)).toEqual([]);
  });
});

describe('role options', () => {
  it('are admin, member, then role documents by name with their labels', () => {
    const definitions = [
      { 'x-object': 'account' },
      { 'x-role': 'salesRep', 'x-label': { en: 'Sales rep', 'zh-CN': '销售代表' } },
      { 'x-role': 'readOnly' },
      null,
    ];
    expect(roleOptions(definitions)).toEqual([
      { value: 'admin', builtIn: true },
      { value: 'member', builtIn: true },
      { value: 'readOnly', labels: undefined, builtIn: false },
      { value: 'salesRep', labels: { en: 'Sales rep', zh: '销售代表' }, builtIn: false },
    ]);
  });
});
