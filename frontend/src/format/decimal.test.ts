import { describe, expect, it } from 'vitest';
import { compareDecimals, isDecimal, multiplyRounded, sumDecimals } from './decimal';

describe('multiplyRounded', () => {
  it('multiplies exactly and rounds half away from zero to the currency digits', () => {
    expect(multiplyRounded('1.5', '12.345', 3)).toBe('18.518'); // 18.5175
    expect(multiplyRounded('3', '0.1', 3)).toBe('0.300');
    expect(multiplyRounded('0.5', '0.001', 3)).toBe('0.001'); // 0.0005 rounds up
    expect(multiplyRounded('-0.5', '0.001', 3)).toBe('-0.001'); // and away from zero
    expect(multiplyRounded('2', '7', 3)).toBe('14.000');
    expect(multiplyRounded('0.3333', '3', 3)).toBe('1.000'); // 0.9999
  });

  it('keeps digits a float would lose', () => {
    expect(multiplyRounded('12345678901234.567', '1000', 3)).toBe('12345678901234567.000');
    expect(multiplyRounded('1.0005', '1', 3)).toBe('1.001'); // a float holds 1.000499999…
  });

  it('refuses what is not a decimal', () => {
    expect(() => multiplyRounded('1e3', '1', 3)).toThrow(RangeError);
    expect(() => multiplyRounded('', '1', 3)).toThrow(RangeError);
  });
});

describe('sumDecimals', () => {
  it('adds exactly', () => {
    expect(sumDecimals(['0.1', '0.2'], 3)).toBe('0.300');
    expect(sumDecimals(['18.518', '45.000', '-3.5'], 3)).toBe('60.018');
    expect(sumDecimals([], 3)).toBe('0.000');
  });
});

describe('compareDecimals and isDecimal', () => {
  it('compares across scales', () => {
    expect(compareDecimals('10.5', '10.500')).toBe(0);
    expect(compareDecimals('10.501', '10.5')).toBe(1);
    expect(compareDecimals('-1', '0.001')).toBe(-1);
  });

  it('accepts plain decimals only', () => {
    expect(isDecimal('12')).toBe(true);
    expect(isDecimal('-0.250')).toBe(true);
    expect(isDecimal('1,5')).toBe(false);
    expect(isDecimal('1.')).toBe(false);
    expect(isDecimal('NaN')).toBe(false);
  });
});
