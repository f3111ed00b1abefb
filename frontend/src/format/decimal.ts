// Exact decimal arithmetic on BigInt, for amounts the UI computes before the server
// does (the live totals of the items editor): a float would turn 0.1 + 0.2 into
// 0.30000000000000004 and round 1.0005 the wrong way. Only what the UI needs is here.

/** An exact decimal: `units / 10^scale`. */
interface Decimal {
  units: bigint;
  scale: number;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

function parse(text: string): Decimal | null {
  const match = DECIMAL.exec(text.trim());
  if (match === null) return null;
  const [, sign, whole = '', fraction = ''] = match;
  const units = BigInt(whole + fraction);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

function parseOrThrow(text: string): Decimal {
  const value = parse(text);
  if (value === null) throw new RangeError(`not a decimal: ${JSON.stringify(text)}`);
  return value;
}

const TEN = 10n;

/** `value` with `scale` digits after the point, rounded half away from zero. */
function round(value: Decimal, scale: number): bigint {
  if (value.scale <= scale) return value.units * TEN ** BigInt(scale - value.scale);
  const divisor = TEN ** BigInt(value.scale - scale);
  const quotient = value.units / divisor; // BigInt division truncates toward zero
  const remainder = value.units % divisor;
  const magnitude = remainder < 0n ? -remainder : remainder;
  if (magnitude * 2n < divisor) return quotient;
  return value.units < 0n ? quotient - 1n : quotient + 1n;
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** True for a plain decimal string (`12`, `-0.5`, `3.250`): no exponent, no separators. */
export function isDecimal(text: string): boolean {
  return parse(text) !== null;
}

/** `a × b` rounded half away from zero to `scale` decimals, as the server rounds line totals. */
export function multiplyRounded(a: string, b: string, scale: number): string {
  const x = parseOrThrow(a);
  const y = parseOrThrow(b);
  return format(round({ units: x.units * y.units, scale: x.scale + y.scale }, scale), scale);
}

/** The exact sum of decimal strings, written with `scale` decimals (rounded half away from zero). */
export function sumDecimals(values: readonly string[], scale: number): string {
  const parsed = values.map(parseOrThrow);
  const common = Math.max(scale, ...parsed.map((value) => value.scale));
  const total = parsed.reduce((sum, value) => sum + round(value, common), 0n);
  return format(round({ units: total, scale: common }, scale), scale);
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const x = parseOrThrow(a);
  const y = parseOrThrow(b);
  const scale = Math.max(x.scale, y.scale);
  const difference = round(x, scale) - round(y, scale);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
