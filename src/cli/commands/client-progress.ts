/** A one-line progress bar on a terminal's stderr (only used when stderr is a TTY). */
export interface Progress {
  tick(failed: boolean): void;
  done(): void;
}

const WIDTH = 30;

export function startProgress(
  out: { write(chunk: string): unknown },
  totalRequests: number | undefined,
  durationMs: number | undefined,
): Progress {
  const start = performance.now();
  let n = 0;
  let failed = 0;
  let finished = false;
  const draw = () => {
    const elapsed = (performance.now() - start) / 1000;
    const frac = totalRequests
      ? n / totalRequests
      : durationMs
        ? Math.min(1, (elapsed * 1000) / durationMs)
        : undefined;
    const bar =
      frac === undefined
        ? ""
        : `[${"#".repeat(Math.round(frac * WIDTH)).padEnd(WIDTH, ".")}] ${Math.floor(frac * 100)}% `;
    const rate = elapsed > 0 ? (n / elapsed).toFixed(1) : "0.0";
    out.write(
      `\r${bar}${n}${totalRequests ? `/${totalRequests}` : ""} req, ${rate} req/s${failed ? `, ${failed} failed` : ""}\x1b[K`,
    );
  };
  const timer = setInterval(draw, 250);
  timer.unref();
  return {
    tick(f) {
      n++;
      if (f) failed++;
    },
    done() {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      out.write("\r\x1b[K");
    },
  };
}
