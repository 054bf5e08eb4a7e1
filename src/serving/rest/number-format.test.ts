import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { floatToHalfBits, formatFloat32, formatFloat64, formatG, halfBitsToFloat } from "./number-format.ts";

describe("formatFloat32 / formatFloat64 (TF Serving's WriteDecimal: %.6g, else %.9g / %.17g)", () => {
  it("writes printf %g text with '.0' on whole numbers", () => {
    const cases: [number, string][] = [
      [Math.fround(0.1), "0.1"],
      [Math.fround(1 / 3), "0.333333343"],
      [2.5, "2.5"],
      [-3, "-3.0"],
      [0, "0.0"],
      [1e6, "1e+06"],
      [123456, "123456.0"],
      [1234567, "1234567.0"],
      [Math.fround(1e-5), "1e-05"],
      [Math.fround(0.0001), "0.0001"],
      [Math.fround(1.5e-7), "1.5e-07"],
      [Math.fround(3.4028234663852886e38), "3.40282347e+38"],
      [Math.fround(-2.75e20), "-2.75e+20"],
    ];
    for (const [v, text] of cases) assert.equal(formatFloat32(v), text, `${v}`);
    assert.equal(formatFloat64(0.1), "0.1");
    assert.equal(formatFloat64(1 / 3), "0.33333333333333331");
    assert.equal(formatFloat64(2), "2.0");
    assert.equal(formatFloat64(1e100), "1e+100");
  });

  it("round-trips pseudo-random float32 and double values", () => {
    const buf = new Float32Array(1);
    const u = new Uint32Array(buf.buffer);
    let x = 0x9e3779b9;
    for (let i = 0; i < 5000; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      u[0] = x >>> 0;
      const v = buf[0];
      if (!Number.isFinite(v)) continue;
      const s = formatFloat32(v);
      assert.equal(Math.fround(Number(s)), v, `${v} -> ${s}`);
      const d = v * 1.0000001;
      assert.equal(Number(formatFloat64(d)), d);
    }
  });

  it("writes non-finite values as TF Serving's tokens", () => {
    assert.equal(formatFloat32(Number.NaN), "NaN");
    assert.equal(formatFloat32(Number.POSITIVE_INFINITY), "Infinity");
    assert.equal(formatFloat64(Number.NEGATIVE_INFINITY), "-Infinity");
  });

  it("rounds exact ties half to even like printf (JavaScript rounds them up)", () => {
    assert.equal(formatG(999999.5, 6), "1e+06");
    assert.equal(formatG(0.125, 2), "0.12");
    assert.equal(formatG(0.375, 2), "0.38");
    assert.equal(formatG(9.5, 1), "1e+01");
    assert.equal(formatFloat32(615645.8125), "615645.812");
    assert.equal(formatFloat32(-1928628.125), "-1928628.12");
    assert.equal(formatFloat64(250097088174489 + 0.625), "250097088174489.62");
  });

  it("formatG matches printf for both notations", () => {
    assert.equal(formatG(100, 6), "100");
    assert.equal(formatG(999999.5, 6), "1e+06");
    assert.equal(formatG(0.000123456789, 6), "0.000123457");
    assert.equal(formatG(-0, 6), "-0");
  });
});

describe("half precision", () => {
  it("packs and unpacks known values with round-to-nearest-even", () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff],
      [65520, 0x7c00], // rounds up to Infinity
      [2 ** -24, 0x0001], // smallest subnormal
      [2 ** -25, 0x0000], // tie -> even (0)
      [3 * 2 ** -25, 0x0002], // tie -> even (2)
      [1 + 2 ** -11, 0x3c00], // tie -> even
      [1 + 3 * 2 ** -11, 0x3c02],
      [Number.POSITIVE_INFINITY, 0x7c00],
    ];
    for (const [v, bits] of cases) assert.equal(floatToHalfBits(v), bits, `${v}`);
    assert.ok(Number.isNaN(halfBitsToFloat(floatToHalfBits(Number.NaN))));
    for (const bits of [0x0001, 0x03ff, 0x0400, 0x3c00, 0x7bff, 0xfbff, 0x8001]) {
      assert.equal(floatToHalfBits(halfBitsToFloat(bits)), bits, bits.toString(16));
    }
  });
});
