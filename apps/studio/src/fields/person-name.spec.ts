import { describe, expect, it } from 'vitest';
import { personName, personTitle, titleFieldNames } from './person-name';

const contact = { displayField: 'lastName', document: { 'x-person-name': { given: 'firstName', family: 'lastName' } } };
const account = { displayField: 'name', document: {} };

describe('personName', () => {
  it('puts the given name first in English and the family name first in Chinese', () => {
    expect(personName('Mei', 'Lin', 'en')).toBe('Mei Lin');
    expect(personName('美', '林', 'zh')).toBe('林美');
    expect(personName('Mei', 'Lin', 'zh')).toBe('Lin Mei');
    expect(personName('美', '林', 'en')).toBe('林美'); // a Han name is family name first in any language
  });

  it('shows the part there is when the other is empty', () => {
    expect(personName(null, 'Lin', 'en')).toBe('Lin');
    expect(personName('Mei', '  ', 'zh')).toBe('Mei');
    expect(personName(undefined, null, 'en')).toBe('');
  });
});

describe('titles of records', () => {
  it('reads people by their two fields and other records by their display field', () => {
    expect(titleFieldNames(contact)).toEqual(['firstName', 'lastName']);
    expect(titleFieldNames(account)).toEqual(['name']);
    expect(personTitle(contact, { firstName: 'Ada', lastName: 'Lovelace' }, 'en')).toBe('Ada Lovelace');
    expect(personTitle(account, { name: 'Acme' }, 'en')).toBeNull();
  });
});

describe('searching people by name', () => {
  it('matches each word in either part of the name, and other records by their display field', async () => {
    const { searchFilter } = await import('./lookup-source');
    expect(searchFilter(['name'], '  Acme Corp ')).toEqual({ name: { contains: 'Acme Corp' } });
    expect(searchFilter(['firstName', 'lastName'], 'mei')).toEqual({ or: [{ firstName: { contains: 'mei' } }, { lastName: { contains: 'mei' } }] });
    expect(searchFilter(['firstName', 'lastName'], 'mei lin')).toEqual({
      and: [
        { or: [{ firstName: { contains: 'mei' } }, { lastName: { contains: 'mei' } }] },
        { or: [{ firstName: { contains: 'lin' } }, { lastName: { contains: 'lin' } }] },
      ],
    });
    expect(searchFilter(['firstName', 'lastName'], ' ')).toBeNull();
  });
});
