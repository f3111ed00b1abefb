import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { translate, type MessageKey } from './messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('translate every key, with the same placeholders in both languages', () => {
    for (const key of Object.keys(fr) as MessageKey[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });

  it('fill placeholders and leave unknown ones visible', () => {
    expect(translate('fr', 'errors.rateLimited', { seconds: 30 })).toBe('Trop de tentatives. Réessayez dans 30 s.');
    expect(translate('en', 'errors.rateLimited', { seconds: 30 })).toBe('Too many attempts. Try again in 30 s.');
    expect(translate('en', 'errors.rateLimited')).toBe('Too many attempts. Try again in {seconds} s.');
  });
});
