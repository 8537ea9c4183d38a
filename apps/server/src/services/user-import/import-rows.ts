/**
 * The rows of a bulk user import, read and checked as a whole before anything is written: a CSV (header row
 * `name,email,team,roles`, any order and case) or a list. Every problem names its row and column; one problem
 * anywhere and nothing is created. Pure: the teams, the known roles and the emails already taken are given.
 */
import { parseCsv, type ErrorDetail } from '@funnelcraft/kernel';
import type { TeamRow } from '@funnelcraft/storage';
import { isUserEmail, isUserName, USER_ROLES } from '../users.service.js';

export const IMPORT_COLUMNS = ['name', 'email', 'team', 'roles'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: readonly ImportColumn[] = ['name', 'email'];
/** Most users one import may add. */
export const MAX_IMPORT_USERS = 5000;

/** One user as given: a team by id or name (empty: none), roles by name (none: member). */
export interface ImportRowInput {
  name: string;
  email: string;
  team?: string | null;
  roles?: readonly string[] | null;
}

/** A row with where it came from: `row` is what a person looks for (the CSV's line, or the list's 1-based position). */
export interface ImportRow extends ImportRowInput {
  index: number;
  row: number;
}

/** A checked row, ready to write. */
export interface ImportUser {
  index: number;
  name: string;
  email: string;
  teamId: string | null;
  roles: string[];
}

export interface ImportCheckInput {
  teams: readonly TeamRow[];
  /** Role documents of the tenant (the built-in roles are always known). */
  roleDocuments: Iterable<string>;
  /** Emails (lower case) of users the tenant has already. */
  taken: ReadonlySet<string>;
}

const problem = (r: { index: number; row: number }, column: ImportColumn, message: string, reason: string): ErrorDetail => ({
  path: `users[${r.index}].${column}`,
  row: r.row,
  column,
  message,
  reason,
});

/** Roles in a CSV cell: separated by semicolons, vertical bars or spaces (a quoted cell may use commas too). */
const splitRoles = (cell: string): string[] => cell.split(/[;|,\s]+/).filter(Boolean);

/** The rows of a CSV text, or the problems of its shape (unknown or missing columns, a quote left open). */
export function csvImportRows(text: string): { rows: ImportRow[]; problems: ErrorDetail[] } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { rows: [], problems: [{ path: 'csv', row: parsed.line, message: parsed.message, reason: 'syntax' }] };
  const [header, ...body] = parsed.rows;
  if (!header) return { rows: [], problems: [{ path: 'csv', row: 1, message: `a header row: ${IMPORT_COLUMNS.join(',')}`, reason: 'empty' }] };
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const problems: ErrorDetail[] = [];
  names.forEach((n, i) => {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(n))
      problems.push({
        path: 'csv',
        row: header.line,
        column: header.cells[i]!,
        message: `unknown column; columns: ${IMPORT_COLUMNS.join(', ')}`,
        reason: 'unknown',
      });
    else if (names.indexOf(n) !== i) problems.push({ path: 'csv', row: header.line, column: n, message: 'this column is given twice', reason: 'duplicate' });
  });
  for (const c of REQUIRED)
    if (!names.includes(c)) problems.push({ path: 'csv', row: header.line, column: c, message: 'this column is required', reason: 'missing' });
  if (problems.length) return { rows: [], problems };
  const cell = (cells: string[], c: ImportColumn) => {
    const i = names.indexOf(c);
    return i < 0 ? '' : (cells[i] ?? '');
  };
  const rows = body.map((r, index): ImportRow => {
    const extra = r.cells.length > names.length && r.cells.slice(names.length).some((c) => c.trim() !== '');
    if (extra) problems.push({ path: `users[${index}]`, row: r.line, message: `more cells than the ${names.length} columns of the header`, reason: 'cells' });
    return {
      index,
      row: r.line,
      name: cell(r.cells, 'name'),
      email: cell(r.cells, 'email'),
      team: cell(r.cells, 'team'),
      roles: splitRoles(cell(r.cells, 'roles')),
    };
  });
  return { rows, problems };
}

/** The rows of a list input. */
export const listImportRows = (users: readonly ImportRowInput[]): ImportRow[] => users.map((u, index) => ({ ...u, index, row: index + 1 }));

/** A team by id or by name, case-insensitively (an id wins over a name), as rules name teams too. */
function teamOf(teams: readonly TeamRow[], ref: string): TeamRow | undefined {
  const key = ref.trim().toLowerCase();
  return teams.find((t) => t.id === key) ?? teams.find((t) => t.name.toLowerCase() === key);
}

/** Every row checked; the users to create when no problem was found. */
export function checkImportRows(rows: readonly ImportRow[], input: ImportCheckInput): { users: ImportUser[]; problems: ErrorDetail[] } {
  const known = [...USER_ROLES, ...[...input.roleDocuments].sort()];
  const firstRowOf = new Map<string, number>();
  const problems: ErrorDetail[] = [];
  const users: ImportUser[] = [];
  for (const r of rows) {
    const email = r.email.trim();
    const key = email.toLowerCase();
    if (!isUserName(r.name)) problems.push(problem(r, 'name', 'between 1 and 120 characters', 'length'));
    if (!isUserEmail(email)) problems.push(problem(r, 'email', 'an email address such as ana@example.com', 'format'));
    else if (input.taken.has(key)) problems.push(problem(r, 'email', 'already a user of this workspace', 'taken'));
    else if (firstRowOf.has(key)) problems.push(problem(r, 'email', `the same email as row ${firstRowOf.get(key)}`, 'duplicate'));
    else firstRowOf.set(key, r.row);
    const teamRef = r.team?.trim() ?? '';
    const team = teamRef ? teamOf(input.teams, teamRef) : undefined;
    if (teamRef && !team) problems.push(problem(r, 'team', `no team "${teamRef}" in this workspace (by name or id)`, 'unknown'));
    const roles = [...new Set((r.roles ?? []).map((x) => x.trim()).filter(Boolean))];
    const unknown = roles.filter((x) => !known.includes(x));
    if (unknown.length) problems.push(problem(r, 'roles', `unknown role(s) ${unknown.map((x) => `"${x}"`).join(', ')}; roles: ${known.join(', ')}`, 'unknown'));
    users.push({ index: r.index, name: r.name.trim(), email, teamId: team?.id ?? null, roles: roles.length ? roles : ['member'] });
  }
  return { users: problems.length ? [] : users, problems };
}
