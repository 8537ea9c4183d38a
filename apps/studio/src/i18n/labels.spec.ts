import { describe, expect, it } from 'vitest';
import { pickLabel } from './labels';

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
