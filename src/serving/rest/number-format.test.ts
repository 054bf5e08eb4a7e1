import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { floatToHalfBits, formatFloat32, formatFloat64, halfBitsToFloat } from "./number-format.ts";

describe("formatFloat32", () => {
  it("prints the shortest text that reads back to the same float32", () => {
    assert.equal(formatFloat32(Math.fround(0.1)), "0.1");
    assert.equal(formatFloat32(Math.fround(1 / 3)), "0.33333334");
    assert.equal(formatFloat32(2.5), "2.5");
    assert.equal(formatFloat32(-3), "-3");
    assert.equal(formatFloat32(Math.fround(1e-7)), "1e-7");
    assert.equal(formatFloat32(Math.fround(3.4028234663852886e38)), "3.4028235e+38");
  });

  it("round-trips pseudo-random float32 values", () => {
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
      const significant = s.replace(/^-|e.*$|\./g, "").replace(/^0+|0+$/g, "");
      assert.ok(significant.length <= 9, s);
    }
  });

  it("writes non-finite values as TF Serving's tokens", () => {
    assert.equal(formatFloat32(Number.NaN), "NaN");
    assert.equal(formatFloat32(Number.POSITIVE_INFINITY), "Infinity");
    assert.equal(formatFloat64(Number.NEGATIVE_INFINITY), "-Infinity");
    assert.equal(formatFloat64(0.1), "0.1");
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
