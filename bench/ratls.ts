/**
 * RA-TLS benchmark: cost of making and verifying an RA-TLS certificate with simulated SGX
 * evidence, as ratios against verifying the bare quote (baseline) measured in the same run.
 * Ends with one JSON line of the figures.
 */
import { performance } from "node:perf_hooks";
import { createVerifier, loadCollateralBundle, staticCollateralSource } from "../src/attestation/index.ts";
import { createSimProvider } from "../src/attestation/providers/sim.ts";
import { initSimPlatform } from "../src/attestation/sim/platform.ts";
import { buildSgxQuote } from "../src/attestation/sim/quote.ts";
import { fixedClock } from "../src/common/clock.ts";
import { seededRandom } from "../src/common/random.ts";
import { createRatlsCertificate, verifyRatlsCertificate } from "../src/ratls/index.ts";

const N = Number(process.env.BENCH_N ?? 100);
const now = Date.now();
const platform = await initSimPlatform({ clock: fixedClock(now), random: seededRandom(1) });
const collateral = staticCollateralSource(loadCollateralBundle(JSON.stringify(platform.collateralSgx)));
const deps = { collateral, trustAnchorDer: platform.rootDer };
const provider = createSimProvider(platform, { tee: "sgx", measurement: new Uint8Array(32).fill(1) });
const quote = buildSgxQuote(platform, { reportData: new Uint8Array(64), mrenclave: new Uint8Array(32).fill(1) });
const verifier = createVerifier("sgx", deps);

async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(10, N); i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await fn();
  const ms = (performance.now() - t0) / N;
  console.log(`${label.padEnd(28)} ${ms.toFixed(3)} ms/op`);
  return ms;
}

const baseline = await time("verify bare quote", () => verifier.verify({ tee: "sgx", bytes: quote }, { timeMs: now }));
const made = await createRatlsCertificate(provider);
const verify = await time("verify RA-TLS certificate", () =>
  verifyRatlsCertificate(made.certDer, { timeMs: now, verifierDeps: deps }),
);
const create = await time("create RA-TLS certificate", () => createRatlsCertificate(provider));
console.log(`verify cert / verify quote: ${(verify / baseline).toFixed(2)}x`);
console.log(`create cert / verify quote: ${(create / baseline).toFixed(2)}x`);
console.log(
  JSON.stringify({
    n: N,
    verifyQuoteMs: +baseline.toFixed(3),
    verifyCertMs: +verify.toFixed(3),
    createCertMs: +create.toFixed(3),
    verifyRatio: +(verify / baseline).toFixed(2),
    createRatio: +(create / baseline).toFixed(2),
    certBytes: made.certDer.length,
  }),
);
