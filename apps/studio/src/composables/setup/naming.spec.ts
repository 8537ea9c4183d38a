import { describe, expect, it } from 'vitest';
import { apiNameProblem, pluralize, suggestApiName, suggestKey, SYSTEM_FIELD_NAMES } from './naming';

describe('API names', () => {
  it('suggests camelCase names and snake_case keys from English labels', () => {
    expect(suggestApiName('Start date')).toBe('startDate');
    expect(suggestApiName('  Crème brûlée  budget!')).toBe('cremeBruleeBudget');
    expect(suggestApiName('2nd phase')).toBe('ndPhase');
    expect(suggestApiName('项目')).toBe('');
    expect(suggestKey('Closed Won')).toBe('closed_won');
    expect(suggestKey('In progress (50%)')).toBe('in_progress_50');
  });

  it('pluralizes as the server does', () => {
    expect(['project', 'opportunity', 'address', 'day'].map(pluralize)).toEqual(['projects', 'opportunities', 'addresses', 'days']);
  });

  it('says why a name cannot be used', () => {
    expect(apiNameProblem('')).toBe('required');
    expect(apiNameProblem('Start')).toBe('pattern');
    expect(apiNameProblem('start_date')).toBe('pattern');
    expect(apiNameProblem('owner', { reserved: SYSTEM_FIELD_NAMES })).toBe('reserved');
    expect(apiNameProblem('name', { taken: ['name'] })).toBe('taken');
    expect(apiNameProblem('startDate', { taken: ['name'], reserved: SYSTEM_FIELD_NAMES })).toBeNull();
  });
});
