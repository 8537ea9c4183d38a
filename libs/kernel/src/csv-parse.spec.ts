import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv-parse.js';

describe('parseCsv', () => {
  it('splits rows and cells, with the line each row starts on', () => {
    expect(parseCsv('name,email\r\nAna,ana@x.test\n\nBo,bo@x.test')).toEqual({
      ok: true,
      rows: [
        { line: 1, cells: ['name', 'email'] },
        { line: 2, cells: ['Ana', 'ana@x.test'] },
        { line: 4, cells: ['Bo', 'bo@x.test'] },
      ],
    });
  });

  it('keeps commas, doubled quotes and line breaks inside quoted cells', () => {
    const parsed = parseCsv('\uFEFFa,b\n"Li, ""Ming""","two\nlines"\nnext,row\n');
    expect(parsed).toEqual({
      ok: true,
      rows: [
        { line: 1, cells: ['a', 'b'] },
        { line: 2, cells: ['Li, "Ming"', 'two\nlines'] },
        { line: 4, cells: ['next', 'row'] },
      ],
    });
  });

  it('skips blank lines and lines of empty cells, keeps empty cells of other rows', () => {
    expect(parseCsv('a,,c\n , ,\n')).toEqual({ ok: true, rows: [{ line: 1, cells: ['a', '', 'c'] }] });
  });

  it('reports a quote left open with the line it opened on', () => {
    expect(parseCsv('a,b\nx,"open\nstill')).toEqual({ ok: false, line: 2, message: 'a quoted cell is not closed' });
  });
});
