import { promises as fsp } from "node:fs";
import { SealedError } from "../../common/errors.ts";

/** The file operations the providers use; injectable so tests can emulate the kernel/Gramine side. */
export interface ProviderFs {
  readFile(path: string): Promise<Uint8Array>;
  /** Writes `data` in exactly one write() call (pseudo-files act on each write). */
  writeOnce(path: string, data: Uint8Array): Promise<void>;
  mkdir(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
}

export const nodeProviderFs: ProviderFs = Object.freeze({
  async readFile(path: string) {
    return new Uint8Array(await fsp.readFile(path));
  },
  async writeOnce(path: string, data: Uint8Array) {
    const fh = await fsp.open(path, "w");
    try {
      const { bytesWritten } = await fh.write(data, 0, data.length);
      if (bytesWritten !== data.length) throw new Error(`short write (${bytesWritten} of ${data.length} bytes)`);
    } finally {
      await fh.close();
    }
  },
  async mkdir(path: string) {
    await fsp.mkdir(path);
  },
  async rmdir(path: string) {
    await fsp.rmdir(path);
  },
  async exists(path: string) {
    try {
      await fsp.stat(path);
      return true;
    } catch {
      return false;
    }
  },
});

/** Runs an I/O step, turning system errors into ATT_PROVIDER_IO naming the path. */
export async function io<T>(what: string, path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof SealedError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new SealedError("ATT_PROVIDER_IO", `${what} ${path} failed: ${code}`, { cause: err });
  }
}

/** Pads report data to 64 bytes; longer input is ATT_REPORT_DATA_SIZE. */
export function reportData64(rd: Uint8Array): Uint8Array {
  if (rd.length > 64) throw new SealedError("ATT_REPORT_DATA_SIZE", `report data is ${rd.length} bytes, at most 64`);
  const out = new Uint8Array(64);
  out.set(rd);
  return out;
}

/** Evidence larger than this is refused (Gramine's QUOTE_MAX_SIZE is 8192; TDX quotes with chains fit). */
export const MAX_EVIDENCE_BYTES = 64 * 1024;
