/**
 * Number conversions for the REST JSON codec: float formatting the way TF Serving writes
 * outputs, and IEEE half-precision packing.
 */

/**
 * C printf `%.{p}g` for a finite number: `p` significant digits, exponent form (`1e+06`,
 * `1.5e-05`, at least two exponent digits) when the exponent is < -4 or >= p, trailing zeros
 * removed.
 */
export function formatG(v: number, p: number): string {
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const exp = toExponentialHalfEven(v, p); // one rounding to p significant digits, as printf does
  const at = exp.indexOf("e");
  const x = Number(exp.slice(at + 1));
  const neg = v < 0;
  const digits = neg ? exp.slice(1, at) : exp.slice(0, at); // "d.ddd" or "d"
  if (x < -4 || x >= p) {
    const ax = Math.abs(x);
    return `${neg ? "-" : ""}${stripZeros(digits)}e${x < 0 ? "-" : "+"}${ax < 10 ? "0" : ""}${ax}`;
  }
  // Fixed notation from the same digits: move the decimal point by x.
  const d = digits.length > 1 ? digits[0] + digits.slice(2) : digits;
  let fixed: string;
  if (x < 0) fixed = `0.${"0".repeat(-x - 1)}${d}`;
  else if (d.length > x + 1) fixed = `${d.slice(0, x + 1)}.${d.slice(x + 1)}`;
  else fixed = d + "0".repeat(x + 1 - d.length);
  return (neg ? "-" : "") + stripZeros(fixed);
}

/**
 * `v.toExponential(p - 1)`, except that an exact tie (the binary value lies exactly halfway
 * between two p-digit decimals, e.g. 615645.8125 at 9 digits) rounds half to even like glibc's
 * printf instead of half away from zero like JavaScript.
 */
function toExponentialHalfEven(v: number, p: number): string {
  const e = v.toExponential(p - 1);
  if (!nearTie(v, p, e)) return e;
  const long = v.toExponential(Math.min(100, p + 30));
  const at = long.indexOf("e");
  const neg = long[0] === "-";
  const mant = long.slice(neg ? 1 : 0, at).replace(".", "");
  if (mant[p] !== "5" || !/^0*$/.test(mant.slice(p + 1))) return e;
  let x = Number(long.slice(at + 1));
  let digits = mant.slice(0, p);
  if ((digits.charCodeAt(p - 1) - 48) % 2 === 1) {
    // Round the odd last digit up (carry through 9s).
    const d = digits.split("").map(Number);
    let i = p - 1;
    while (i >= 0 && d[i] === 9) d[i--] = 0;
    if (i < 0) {
      d.unshift(1);
      d.pop();
      x++;
    } else d[i]++;
    digits = d.join("");
  }
  const body = p > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${neg ? "-" : ""}${body}e${x < 0 ? "-" : "+"}${Math.abs(x)}`;
}

/** Cheap filter: could `v` be (close to) halfway between two p-digit decimals? */
function nearTie(v: number, p: number, e: string): boolean {
  if (p > 15) return true; // doubles at 17 digits: always check exactly
  const x = Number(e.slice(e.indexOf("e") + 1));
  const a = Math.abs(v);
  for (const k of [x, x - 1]) {
    const m = a * 10 ** (p - 1 - k);
    if (Math.abs(m - Math.floor(m) - 0.5) < 1e-6) return true;
  }
  return false;
}

function stripZeros(s: string): string {
  if (!s.includes(".")) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

/**
 * TF Serving's float output (json_tensor.cc WriteDecimal): six significant digits when that
 * reads back to the same value, else max_digits10 (9 for float, 17 for double); whole numbers get
 * ".0"; non-finite values are the bare tokens NaN, Infinity, -Infinity.
 */
function writeDecimal(v: number, maxDigits: number, same: (text: string) => boolean): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "Infinity";
  if (v === Number.NEGATIVE_INFINITY) return "-Infinity";
  let s = formatG(v, 6);
  if (!same(s)) s = formatG(v, maxDigits);
  return s.includes(".") || s.includes("e") ? s : `${s}.0`;
}

/** A float32 value as TF Serving writes it (e.g. 0.1, 0.333333343, 3.0, 1e+06). */
export function formatFloat32(v: number): string {
  if (Number.isFinite(v) && v !== 0 && sixDigitsCannotRoundTrip(v)) {
    const s = formatG(v, 9);
    return s.includes(".") || s.includes("e") ? s : `${s}.0`;
  }
  return writeDecimal(v, 9, (s) => Math.fround(Number(s)) === v);
}

/**
 * Cheap numeric pre-check (no string formatting): true when the nearest 6-significant-digit
 * decimal is clearly farther from the normal float32 `v` than half a float32 ulp, so `%.6g`
 * cannot read back to `v`. Borderline and subnormal cases return false (exact check follows).
 */
function sixDigitsCannotRoundTrip(v: number): boolean {
  const a = Math.abs(v);
  if (a < 1.1754943508222875e-38) return false;
  const e10 = Math.floor(Math.log10(a));
  const scale = 10 ** (5 - e10);
  const m = a * scale;
  const err = Math.abs(m - Math.round(m)) / scale;
  const halfUlp = 2 ** (Math.floor(Math.log2(a)) - 24);
  return err > halfUlp * 1.01;
}

/** A double value as TF Serving writes it (e.g. 0.1, 0.33333333333333331, 2.0). */
export function formatFloat64(v: number): string {
  return writeDecimal(v, 17, (s) => Number(s) === v);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float -> IEEE 754 binary16 bits, round to nearest even (overflow -> ±Infinity). */
export function floatToHalfBits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0); // Inf / NaN
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow
  if (e <= 0) {
    if (e < -10) return sign; // underflows to ±0
    mant |= 0x800000; // implicit leading 1
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let r = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && (r & 1) === 1)) r++;
    return sign | r;
  }
  let r = mant >>> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (r & 1) === 1)) {
    r++;
    if (r === 0x400) {
      r = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | r;
}

/** IEEE 754 binary16 bits -> number. */
export function halfBitsToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}
