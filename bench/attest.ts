/**
 * Attestation verification throughput: real SGX and TDX DCAP quotes (collateral parsed once and
 * reused, as a server with a collateral cache does), and RA-TLS certificate verification when
 * src/ratls is present, each beside a plain ECDSA P-256 verify measured in the same run (the floor:
 * one DCAP verification needs about 15 ECDSA verifications plus DER/JSON parsing).
 * Usage: npm run bench:attest [-- --seconds N]. Ends with one JSON line.
 */
import { generateKeyPairSync, sign, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import {
  createVerifier,
  type Evidence,
  loadCollateralBundle,
  staticCollateralSource,
  type Verifier,
} from "../src/attestation/index.ts";
import { vectorPath } from "../src/testing/vectors.ts";

const secondsArg = process.argv.indexOf("--seconds");
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 2;

async function measure(name: string, fn: () => unknown | Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await fn(); // warm-up
  let n = 0;
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < 10; i++) await fn();
    n += 10;
  }
  const perSec = (n * 1000) / (performance.now() - start);
  console.log(`${name.padEnd(34)} ${perSec.toFixed(0).padStart(8)} /s`);
  return perSec;
}

const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const data = new Uint8Array(432).fill(7);
const sig = sign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" });
const floor = await measure("ECDSA P-256 verify (floor)", () => {
  if (!verify("sha256", data, { key: publicKey, dsaEncoding: "ieee-p1363" }, sig)) throw new Error("bad");
});

function dcap(tee: "sgx" | "tdx", quote: string, collateral: string): { v: Verifier; ev: Evidence } {
  const c = loadCollateralBundle(readFileSync(vectorPath(collateral), "utf8"));
  return {
    v: createVerifier(tee, { collateral: staticCollateralSource(c) }),
    ev: { tee, bytes: new Uint8Array(readFileSync(vectorPath(quote))) },
  };
}

const sgx = dcap("sgx", "attestation/sgx-dcap/sgx_quote", "attestation/sgx-dcap/sgx_quote_collateral.json");
const sgxPerSec = await measure("DCAP SGX v3 quote verify", () => sgx.v.verify(sgx.ev, { timeMs: 1752919277_000 }));
const tdx = dcap("tdx", "attestation/tdx-dcap/tdx_quote", "attestation/tdx-dcap/tdx_quote_collateral.json");
const tdxPerSec = await measure("DCAP TDX v4 quote verify", () => tdx.v.verify(tdx.ev, { timeMs: 1752919234_000 }));

let ratlsPerSec: number | null = null;
try {
  const { verifyRatlsCertificate } = await import("../src/ratls/verify.ts");
  const { createRatlsCertificate } = await import("../src/ratls/create.ts");
  const { createSimProvider } = await import("../src/attestation/providers/sim.ts");
  const { initSimPlatform } = await import("../src/attestation/sim/platform.ts");
  const { fixedClock } = await import("../src/common/clock.ts");
  const { seededRandom } = await import("../src/common/random.ts");
  const T = 1_767_225_600_000;
  const platform = await initSimPlatform({ clock: fixedClock(T), random: seededRandom(3) });
  const made = await createRatlsCertificate(
    createSimProvider(platform, { tee: "sgx", measurement: new Uint8Array(32).fill(0xaa) }),
  );
  const collateral = staticCollateralSource(loadCollateralBundle(JSON.stringify(platform.collateralSgx)));
  const deps = { collateral, trustAnchorDer: platform.rootDer };
  ratlsPerSec = await measure("RA-TLS cert verify (sim SGX)", () =>
    verifyRatlsCertificate(made.certDer, { timeMs: T, verifierDeps: deps }),
  );
} catch (err) {
  console.log(`RA-TLS verification not measured: ${err instanceof Error ? err.message : String(err)}`);
}

const ratio = (x: number) => Number((floor / x).toFixed(1));
console.log(
  `\nper verification, in plain ECDSA verifies: SGX ${ratio(sgxPerSec)}, TDX ${ratio(tdxPerSec)}` +
    (ratlsPerSec ? `, RA-TLS ${ratio(ratlsPerSec)}` : ""),
);
console.log(
  JSON.stringify({
    ecdsa_p256_verify_per_s: Math.round(floor),
    sgx_quote_verify_per_s: Math.round(sgxPerSec),
    tdx_quote_verify_per_s: Math.round(tdxPerSec),
    ratls_cert_verify_per_s: ratlsPerSec === null ? null : Math.round(ratlsPerSec),
    sgx_cost_in_ecdsa_verifies: ratio(sgxPerSec),
    tdx_cost_in_ecdsa_verifies: ratio(tdxPerSec),
    ratls_cost_in_ecdsa_verifies: ratlsPerSec === null ? null : ratio(ratlsPerSec),
  }),
);
