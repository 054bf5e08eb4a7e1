/**
 * A Prometheus histogram for one label set: fixed upper bounds, per-bucket counts (rendered
 * cumulatively), sum and count.
 */
export class Histogram {
  private readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(v: number): void {
    const b = this.bounds;
    let lo = 0;
    let hi = b.length;
    // First bound >= v (le semantics); index b.length = the +Inf bucket.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid] >= v) hi = mid;
      else lo = mid + 1;
    }
    this.counts[lo]++;
    this.sum += v;
    this.count++;
  }

  /** Cumulative counts per bound, then the +Inf bucket (= count). */
  cumulative(): number[] {
    const out: number[] = [];
    let acc = 0;
    for (const c of this.counts) {
      acc += c;
      out.push(acc);
    }
    return out;
  }
}

/** TensorFlow's `Buckets::Exponential(scale, growth, count)`: scale * growth^i, i < count. */
export function exponentialBuckets(scale: number, growth: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(scale * growth ** i);
  return out;
}
