import { SealedError } from "../../common/errors.ts";
import type { RandomSource } from "../../common/random.ts";
import { systemRandom } from "../../common/random.ts";
import type { Evidence, TeeKind } from "../verifier.ts";
import { io, MAX_EVIDENCE_BYTES, nodeProviderFs, type ProviderFs, reportData64 } from "./fs.ts";
import type { EvidenceProvider } from "./provider.ts";
import { snpCertTable } from "./snp-cert-table.ts";

export interface ConfigfsTsmOptions {
  /** Default `/sys/kernel/config/tsm/report`. */
  readonly root?: string;
  readonly fs?: ProviderFs;
  /** Names the per-request entry. */
  readonly random?: RandomSource;
  /** SEV-SNP: the VMPL to request (`privlevel`, 0..3); unset leaves the kernel default. */
  readonly privlevel?: number;
}

const PROVIDERS: Readonly<Record<string, TeeKind>> = Object.freeze({ tdx_guest: "tdx", sev_guest: "snp" });

const text = (b: Uint8Array) => Buffer.from(b).toString("latin1").trim();

/**
 * TDX quotes / SEV-SNP reports through Linux configfs-tsm (Documentation/ABI/testing/configfs-tsm):
 * mkdir a fresh entry, read `generation`, write `inblob`, read `provider`, `outblob` (and
 * `auxblob` for SNP certificates), check `generation` advanced by exactly one write, rmdir.
 */
export function createConfigfsTsmProvider(options: ConfigfsTsmOptions = {}): EvidenceProvider {
  const root = options.root ?? "/sys/kernel/config/tsm/report";
  const fs = options.fs ?? nodeProviderFs;
  const random = options.random ?? systemRandom;
  return Object.freeze({
    async getEvidence(reportData: Uint8Array): Promise<Evidence> {
      const rd = reportData64(reportData);
      if (!(await fs.exists(root))) {
        throw new SealedError("ATT_PROVIDER_UNAVAILABLE", `${root} does not exist: no configfs-tsm (Linux >= 6.7)`);
      }
      const dir = `${root}/sealed-${Buffer.from(random(8)).toString("hex")}`;
      await io("creating", dir, () => fs.mkdir(dir));
      try {
        const read = (name: string) => io("reading", `${dir}/${name}`, () => fs.readFile(`${dir}/${name}`));
        const provider = text(await read("provider"));
        const tee = PROVIDERS[provider];
        if (!tee) throw new SealedError("ATT_PROVIDER_TYPE", `configfs-tsm provider "${provider}" is not supported`);
        if (options.privlevel !== undefined && tee === "snp") {
          if (!Number.isInteger(options.privlevel) || options.privlevel < 0 || options.privlevel > 3) {
            throw new SealedError("ATT_PROVIDER_TYPE", `privlevel ${options.privlevel} is outside 0..3`);
          }
          const level = new TextEncoder().encode(`${options.privlevel}\n`);
          await io("writing", `${dir}/privlevel`, () => fs.writeOnce(`${dir}/privlevel`, level));
        }
        const before = Number(text(await read("generation")));
        await io("writing", `${dir}/inblob`, () => fs.writeOnce(`${dir}/inblob`, rd));
        const out = await read("outblob");
        const aux = tee === "snp" && (await fs.exists(`${dir}/auxblob`)) ? await read("auxblob") : undefined;
        const after = Number(text(await read("generation")));
        if (!Number.isSafeInteger(before) || after !== before + 1) {
          throw new SealedError("ATT_PROVIDER_RACE", `configfs-tsm generation went from ${before} to ${after}`);
        }
        if (out.length === 0 || out.length > MAX_EVIDENCE_BYTES) {
          throw new SealedError("ATT_PROVIDER_EMPTY", `configfs-tsm returned ${out.length} bytes of evidence`);
        }
        const certificates = aux && aux.length > 0 ? snpCertTable(aux) : undefined;
        return Object.freeze({ tee, bytes: out, ...(certificates ? { certificates } : {}) });
      } finally {
        await fs.rmdir(dir).catch(() => undefined);
      }
    },
  });
}
