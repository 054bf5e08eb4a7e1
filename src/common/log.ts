/**
 * Logging hook. Libraries accept a Logger (default: silent); only entry points attach a real one.
 * Fields must never carry key material: pass lengths or fingerprints instead.
 */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const noop = (): void => {};
export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });

/** A line-per-event logger writing `LEVEL msg {json}` to a stream (used by `sealed` entry points). */
export function streamLogger(
  write: (line: string) => void,
  minLevel: "debug" | "info" | "warn" | "error" = "info",
): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 } as const;
  const at =
    (level: keyof typeof order) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      if (order[level] < order[minLevel]) return;
      const tail = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "";
      write(`${new Date().toISOString()} ${level.toUpperCase()} ${msg}${tail}\n`);
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
