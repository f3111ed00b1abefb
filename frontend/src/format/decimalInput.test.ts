import { describe, expect, it } from 'vitest';
import { decimalSeparator, readDecimal, localizeDecimal } from './decimalInput';

describe('decimal fields', () => {
  it('use the separator each language displays', () => {
    expect(decimalSeparator('fr')).toBe(',');
    expect(decimalSeparator('en')).toBe('.');
    expect(decimalSeparator('ar')).toBe(',');
    expect(localizeDecimal('12.500', 'fr')).toBe('12,500');
    expect(localizeDecimal('12.500', 'en')).toBe('12.500');
    expect(localizeDecimal('12.500', 'ar')).toBe('12,500');
    expect(localizeDecimal('7', 'ar')).toBe('7');
  });

  it('read a comma, the Arabic separator and Arabic-Indic digits back as the API writes decimals', () => {
    expect(readDecimal(' 12,5 ')).toBe('12.5');
    expect(readDecimal('12.5')).toBe('12.5');
    expect(readDecimal('١٢٫٥٠٠')).toBe('12.500');
    expect(readDecimal('۱۲٫۵')).toBe('12.5');
    expect(readDecimal('٠٫٠٩')).toBe('0.09');
  });
});
