import { describe, expect, it } from 'vitest';
import { inSentence, pickLabel } from './labels';

describe('pickLabel', () => {
  const labels = { en: 'Opportunity', zh: '商机' };

  it('uses the current language, then English, then any language, then the fallback', () => {
    expect(pickLabel(labels, 'zh', 'opportunity')).toBe('商机');
    expect(pickLabel(labels, 'fr', 'opportunity')).toBe('Opportunity');
    expect(pickLabel({ de: 'Verkaufschance' }, 'zh', 'opportunity')).toBe('Verkaufschance');
    expect(pickLabel({ zh: '' }, 'zh', 'opportunity')).toBe('opportunity');
    expect(pickLabel(null, 'en', 'opportunity')).toBe('opportunity');
  });
});

describe('inSentence', () => {
  it('lower-cases capitalised English words, keeping acronyms and mixed-case names', () => {
    expect(inSentence('Opportunities', 'en')).toBe('opportunities');
    expect(inSentence('Sales Leads', 'en')).toBe('sales leads');
    expect(inSentence('CRM Deals', 'en')).toBe('CRM deals');
    expect(inSentence('iPhone Orders', 'en')).toBe('iPhone orders');
    expect(inSentence('Übersichten', 'en')).toBe('übersichten');
  });

  it('keeps labels in other languages as written', () => {
    expect(inSentence('商机', 'zh')).toBe('商机');
    expect(inSentence('Opportunities', 'zh')).toBe('Opportunities'); // an English label shown in the Chinese UI
  });
});
