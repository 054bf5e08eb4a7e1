import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { loadSimPlatformFromDir } from "../../attestation/providers/sim.ts";
import { SIM_FILES, type SimPlatform, simPlatformFiles } from "../../attestation/sim/platform.ts";
import { SealedError } from "../../common/errors.ts";

/** Default simulated-TEE directory, relative to the current directory. */
export const DEFAULT_SIM_DIR = ".sealed-sim";

export function simDir(cwd: string, dir: string | undefined): string {
  return resolve(cwd, dir ?? DEFAULT_SIM_DIR);
}

export function simInitialized(dir: string): boolean {
  return existsSync(join(dir, SIM_FILES.platform));
}

/** Writes the platform's files; keys (and the keys/ directory) are 0600 / 0700. */
export function writeSimPlatform(dir: string, platform: SimPlatform): string[] {
  const written: string[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    for (const f of simPlatformFiles(platform)) {
      const path = join(dir, f.name);
      mkdirSync(dirname(path), { recursive: true, mode: f.secret ? 0o700 : 0o755 });
      writeFileSync(path, f.data, { mode: f.secret ? 0o600 : 0o644 });
      if (f.secret) chmodSync(path, 0o600);
      written.push(f.name);
    }
  } catch (err) {
    throw new SealedError("FILE_ACCESS", `cannot write the simulated TEE to ${dir}: ${String(err)}`, { cause: err });
  }
  return written;
}

export function readSimPlatform(dir: string): SimPlatform {
  if (!existsSync(dir)) {
    throw new SealedError("ATT_SIM_NOT_INITIALIZED", `${dir} does not exist; run \`sealed sim init\``);
  }
  return loadSimPlatformFromDir(dir);
}
