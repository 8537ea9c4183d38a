import { describe, expect, it } from 'vitest';
import { periodProblem, periodRange, resolvePeriods } from './report-periods.js';

describe('relative periods', () => {
  it('names calendar and fiscal blocks as half-open day ranges seen from a day', () => {
    const today = '2026-02-11'; // a Wednesday
    expect(periodRange('today', today)).toEqual({ start: '2026-02-11', end: '2026-02-12' });
    expect(periodRange('this_week', today)).toEqual({ start: '2026-02-09', end: '2026-02-16' });
    expect(periodRange('last_week', today)).toEqual({ start: '2026-02-02', end: '2026-02-09' });
    expect(periodRange('this_month', today)).toEqual({ start: '2026-02-01', end: '2026-03-01' });
    expect(periodRange('last_month', '2026-01-31')).toEqual({ start: '2025-12-01', end: '2026-01-01' });
    expect(periodRange('last_quarter', today)).toEqual({ start: '2025-10-01', end: '2026-01-01' });
    expect(periodRange('this_year', today)).toEqual({ start: '2026-01-01', end: '2027-01-01' });
    // Fiscal year from April: February 2026 is in FY 2025-04 … 2026-03.
    expect(periodRange('this_fiscal_year', today, 4)).toEqual({ start: '2025-04-01', end: '2026-04-01' });
    expect(periodRange('last_fiscal_year', today, 4)).toEqual({ start: '2024-04-01', end: '2025-04-01' });
    expect(periodRange('this_fiscal_quarter', today, 4)).toEqual({ start: '2026-01-01', end: '2026-04-01' });
    expect(periodRange('this_fiscal_quarter', today, 2)).toEqual({ start: '2026-02-01', end: '2026-05-01' });
    expect(periodRange('last_fiscal_quarter', '2026-01-15', 2)).toEqual({ start: '2025-08-01', end: '2025-11-01' });
    expect(periodRange({ last: 7 }, today)).toEqual({ start: '2026-02-05', end: '2026-02-12' });
    expect(periodRange({ next: 2, unit: 'week' }, today)).toEqual({ start: '2026-02-11', end: '2026-02-25' });
  });

  it('rewrites in_period into a plain range and refuses unknown periods', () => {
    expect(resolvePeriods({ and: [{ in_period: [{ var: 'closedOn' }, 'this_month'] }, { '==': [{ var: 'x' }, 1] }] }, '2026-02-11')).toEqual({
      and: [{ and: [{ '>=': [{ var: 'closedOn' }, '2026-02-01'] }, { '<': [{ var: 'closedOn' }, '2026-03-01'] }] }, { '==': [{ var: 'x' }, 1] }],
    });
    expect(periodProblem('next_decade')).toMatch(/unknown period/);
    expect(periodProblem({ last: 0 })).toMatch(/whole number/);
    expect(periodProblem({ last: 3, unit: 'month' })).toBeUndefined();
  });
});
