import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadCollateralBundle, staticCollateralSource } from "../attestation/index.ts";
import { createSimProvider } from "../attestation/providers/sim.ts";
import { initSimPlatform } from "../attestation/sim/platform.ts";
import { makeTestSnpChain, signTestReport } from "../attestation/snp/test-chain.ts";
import { fixedClock } from "../common/clock.ts";
import { isSealedError } from "../common/errors.ts";
import { toHex } from "../common/hex.ts";
import { seededRandom } from "../common/random.ts";
import { createRatlsCertificate } from "./create.ts";
import { verifyRatlsCertificate } from "./verify.ts";

const T = 1_767_225_600_000; // 2026-01-01
const code = (c: string) => (e: unknown) => isSealedError(e, c as never);

describe("RA-TLS with real verifiers (registry)", async () => {
  const platform = await initSimPlatform({ clock: fixedClock(T), random: seededRandom(3) });

  test("simulated SGX: sim root accepts, policy applies, Intel root rejects", async () => {
    const mrenclave = new Uint8Array(32).fill(0xaa);
    const made = await createRatlsCertificate(createSimProvider(platform, { tee: "sgx", measurement: mrenclave }));
    const collateral = staticCollateralSource(loadCollateralBundle(JSON.stringify(platform.collateralSgx)));
    const c = await verifyRatlsCertificate(made.certDer, {
      timeMs: T,
      verifierDeps: { collateral, trustAnchorDer: platform.rootDer },
      policy: { sgx: { mrenclave: [toHex(mrenclave)] } },
    });
    assert.equal(c.claims.mrenclave, toHex(mrenclave));
    await assert.rejects(
      verifyRatlsCertificate(made.certDer, {
        timeMs: T,
        verifierDeps: { collateral, trustAnchorDer: platform.rootDer },
        policy: { sgx: { mrenclave: ["00".repeat(32)] } },
      }),
      (e: unknown) => isSealedError(e) && e.code.startsWith("ATT_POLICY"),
    );
    await assert.rejects(
      verifyRatlsCertificate(made.certDer, { timeMs: T, verifierDeps: { collateral } }),
      code("ATT_CHAIN_UNTRUSTED"),
    );
  });

  test("SEV-SNP evidence under tag 60000 with the VCEK supplied by the verifier", async () => {
    const tcb = { bl: 3, tee: 0, snp: 8, ucode: 115 };
    const chip = new Uint8Array(64).fill(5);
    const chain = await makeTestSnpChain(tcb, chip, T - 86_400_000, T + 86_400_000);
    const made = await createRatlsCertificate({
      async getEvidence(reportData) {
        return { tee: "snp", bytes: signTestReport(chain.vcekKey, { reportData, tcb, chipId: chip }) };
      },
    });
    const c = await verifyRatlsCertificate(made.certDer, {
      timeMs: T,
      verifierDeps: { trustAnchorDer: chain.arkDer },
      snpCertificates: [chain.vcekDer, chain.askDer],
    });
    assert.equal(c.tee, "snp");
    await assert.rejects(
      verifyRatlsCertificate(made.certDer, { timeMs: T, verifierDeps: { trustAnchorDer: chain.arkDer } }),
      code("ATT_SNP_CERT_MISSING"),
    );
  });
});
