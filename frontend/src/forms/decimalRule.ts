import type { Rule } from 'antd/es/form';
import { isDecimal } from '../format/decimal';
import { readDecimal } from '../format/decimalInput';

/** A rule accepting a decimal as typed (comma, Arabic digits) that `accepts` once normalized; blank passes. */
export function decimalRule(message: string, accepts: (value: string) => boolean): Rule {
  return {
    validator: async (_, text: string | undefined) => {
      if (text === undefined || text.trim() === '') return;
      const value = readDecimal(text);
      if (!isDecimal(value) || !accepts(value)) throw new Error(message);
    },
  };
}
