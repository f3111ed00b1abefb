import { describe, expect, it } from 'vitest';
import { decimalSeparator, fromDecimalInput, toDecimalInput } from './decimalInput';

describe('decimal fields', () => {
  it('use the separator each language displays', () => {
    expect(decimalSeparator('fr')).toBe(',');
    expect(decimalSeparator('en')).toBe('.');
    expect(decimalSeparator('ar')).toBe(',');
    expect(toDecimalInput('12.500', 'fr')).toBe('12,500');
    expect(toDecimalInput('12.500', 'en')).toBe('12.500');
    expect(toDecimalInput('12.500', 'ar')).toBe('12,500');
    expect(toDecimalInput('7', 'ar')).toBe('7');
  });

  it('read a comma, the Arabic separator and Arabic-Indic digits back as the API writes decimals', () => {
    expect(fromDecimalInput(' 12,5 ')).toBe('12.5');
    expect(fromDecimalInput('12.5')).toBe('12.5');
    expect(fromDecimalInput('١٢٫٥٠٠')).toBe('12.500');
    expect(fromDecimalInput('۱۲٫۵')).toBe('12.5');
    expect(fromDecimalInput('٠٫٠٩')).toBe('0.09');
  });
});
