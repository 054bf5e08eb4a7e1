/**
 * Deterministic weight source: xorshift32 (Marsaglia 2003, shifts 13/17/5), the same generator
 * as `seededRandom` in src/common/random.ts, with a bulk fill loop for speed.
 */
export class Xorshift32 {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }

  /** Fills `out` with values uniform in [-limit, limit): (u32 / 2^32 * 2 - 1) * limit. */
  fillUniform(out: Float32Array, limit: number): void {
    let s = this.s;
    const scale = (2 * limit) / 4294967296;
    for (let i = 0; i < out.length; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      out[i] = (s >>> 0) * scale - limit;
    }
    this.s = s >>> 0;
  }
}
