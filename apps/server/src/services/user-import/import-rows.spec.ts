import { describe, expect, it } from 'vitest';
import { checkImportRows, csvImportRows, listImportRows } from './import-rows.js';

const teams = [
  { id: '0190a0b0-0000-7000-8000-000000000001', name: 'Inside sales', parentId: null, managerId: null },
  { id: '0190a0b0-0000-7000-8000-000000000002', name: 'Field', parentId: null, managerId: null },
];
const input = { teams, roleDocuments: ['salesRep'], taken: new Set(['old@x.test']) };

describe('csvImportRows', () => {
  it('reads columns by header name in any order and case, roles split on ; | or spaces', () => {
    const { rows, problems } = csvImportRows('Email,NAME,roles,team\nana@x.test,Ana,"salesRep; admin",field\nbo@x.test,Bo,,\n');
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { index: 0, row: 2, name: 'Ana', email: 'ana@x.test', team: 'field', roles: ['salesRep', 'admin'] },
      { index: 1, row: 3, name: 'Bo', email: 'bo@x.test', team: '', roles: [] },
    ]);
  });

  it('refuses unknown, doubled and missing columns at the header line', () => {
    expect(csvImportRows('name,mail,name\n').problems).toEqual([
      { path: 'csv', row: 1, column: 'mail', message: 'unknown column; columns: name, email, team, roles', reason: 'unknown' },
      { path: 'csv', row: 1, column: 'name', message: 'this column is given twice', reason: 'duplicate' },
      { path: 'csv', row: 1, column: 'email', message: 'this column is required', reason: 'missing' },
    ]);
  });

  it('names a row with more cells than the header, and an open quote', () => {
    expect(csvImportRows('name,email\nAna,ana@x.test,extra\n').problems).toEqual([
      { path: 'users[0]', row: 2, message: 'more cells than the 2 columns of the header', reason: 'cells' },
    ]);
    expect(csvImportRows('name,email\n"Ana,ana@x.test\n').problems[0]).toMatchObject({ path: 'csv', row: 2, reason: 'syntax' });
  });
});

describe('checkImportRows', () => {
  it('resolves teams by name or id (any case) and defaults roles to member', () => {
    const rows = listImportRows([
      { name: ' Ana ', email: 'ana@x.test', team: 'INSIDE SALES' },
      { name: 'Bo', email: 'bo@x.test', team: teams[1]!.id.toUpperCase(), roles: ['salesRep', 'salesRep'] },
    ]);
    expect(checkImportRows(rows, input)).toEqual({
      problems: [],
      users: [
        { index: 0, name: 'Ana', email: 'ana@x.test', teamId: teams[0]!.id, roles: ['member'] },
        { index: 1, name: 'Bo', email: 'bo@x.test', teamId: teams[1]!.id, roles: ['salesRep'] },
      ],
    });
  });

  it('lists every problem with its row and column, and gives no users then', () => {
    const { rows } = csvImportRows(
      'name,email,team,roles\nAna,ana@x.test,,\n,not-an-email,Nowhere,boss\nAna Again,ANA@x.test,,\nOld,old@X.test,Field,member\n',
    );
    const { users, problems } = checkImportRows(rows, input);
    expect(users).toEqual([]);
    expect(problems).toEqual([
      { path: 'users[1].name', row: 3, column: 'name', message: 'between 1 and 120 characters', reason: 'length' },
      { path: 'users[1].email', row: 3, column: 'email', message: 'an email address such as ana@example.com', reason: 'format' },
      { path: 'users[1].team', row: 3, column: 'team', message: 'no team "Nowhere" in this workspace (by name or id)', reason: 'unknown' },
      { path: 'users[1].roles', row: 3, column: 'roles', message: 'unknown role(s) "boss"; roles: admin, member, salesRep', reason: 'unknown' },
      { path: 'users[2].email', row: 4, column: 'email', message: 'the same email as row 2', reason: 'duplicate' },
      { path: 'users[3].email', row: 5, column: 'email', message: 'already a user of this workspace', reason: 'taken' },
    ]);
  });
});
