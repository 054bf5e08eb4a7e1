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
  const exp = v.toExponential(p - 1);
  const at = exp.indexOf("e");
  const x = Number(exp.slice(at + 1));
  if (x < -4 || x >= p) {
    const mant = stripZeros(exp.slice(0, at));
    const ax = Math.abs(x);
    return `${mant}e${x < 0 ? "-" : "+"}${ax < 10 ? "0" : ""}${ax}`;
  }
  return stripZeros(v.toFixed(p - 1 - x));
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
  return writeDecimal(v, 9, (s) => Math.fround(Number(s)) === v);
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
