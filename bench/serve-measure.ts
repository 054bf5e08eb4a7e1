// Measuring helpers of bench/serve.ts: latency/throughput accumulators, concurrent blocks, CPU time.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

export interface Phase {
  p50Ms: number;
  throughput: number;
  runs: number;
}

export class Acc {
  readonly lat: number[] = [];
  wallMs = 0;
  runs = 0;
  phase(): Phase {
    const s = [...this.lat].sort((a, b) => a - b);
    return { p50Ms: s[Math.floor(s.length / 2)], throughput: this.runs / (this.wallMs / 1000), runs: this.runs };
  }
}

/** `workers` loops share `runs` calls of `fn`, adding latencies and wall time to `acc`. */
export async function block(acc: Acc, fn: () => Promise<unknown>, runs: number, workers: number): Promise<void> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < runs) {
        next++;
        const s = performance.now();
        await fn();
        acc.lat.push(performance.now() - s);
      }
    }),
  );
  acc.wallMs += performance.now() - t0;
  acc.runs += runs;
}

/** CPU milliseconds used so far by process `pid` (Linux /proc; NaN elsewhere). */
export function procCpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) * 10; // utime + stime in clock ticks of 10 ms
  } catch {
    return Number.NaN;
  }
}
export const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export const fmt = (p: Phase) => `p50 ${p.p50Ms.toFixed(2)} ms, ${p.throughput.toFixed(1)} img/s`;
export const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
