import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isSealedError } from "../../common/errors.ts";
import { createVerifier } from "../registry.ts";
import { makeTestSnpChain, signTestReport } from "./test-chain.ts";
import { verifySnpReport } from "./verify.ts";

const T = 1_767_225_600_000; // 2026-01-01
const YEAR = 365 * 86_400_000;
const TCB = { bl: 3, tee: 0, snp: 8, ucode: 115 };
const CHIP = Uint8Array.from({ length: 64 }, (_, i) => i + 1);

describe("SEV-SNP with a synthetic AMD-style chain", async () => {
  const chain = await makeTestSnpChain(TCB, CHIP, T - YEAR, T + YEAR);
  const anchors = [{ name: "test-ark", ark: chain.arkDer }];
  const certs = [chain.vcekDer, chain.askDer];
  const rd = new Uint8Array(64).fill(9);
  const code = (c: string) => (e: unknown) => isSealedError(e, c as never);

  test("a validly signed report verifies against the test ARK, not against Milan", async () => {
    const report = signTestReport(chain.vcekKey, { reportData: rd, tcb: TCB, chipId: CHIP });
    const c = verifySnpReport(report, certs, { timeMs: T, trustAnchors: anchors });
    assert.equal(c.claims.reported_tcb_ucode, "115");
    assert.match(c.trustAnchor, /^test-ark:[0-9a-f]{64}$/);
    assert.equal(c.debug, false);
    assert.throws(() => verifySnpReport(report, certs, { timeMs: T }), code("ATT_SNP_UNTRUSTED_ROOT"));
    // Through the registry with the ARK as custom trust anchor.
    const v = createVerifier("snp", { trustAnchorDer: chain.arkDer, snpCertificates: certs });
    assert.equal((await v.verify({ tee: "snp", bytes: report }, { timeMs: T })).claims.vmpl, "0");
  });

  test("VCEK TCB different from REPORTED_TCB", () => {
    for (const k of ["bl", "tee", "snp", "ucode"] as const) {
      const report = signTestReport(chain.vcekKey, { reportData: rd, tcb: { ...TCB, [k]: TCB[k] + 1 }, chipId: CHIP });
      assert.throws(
        () => verifySnpReport(report, certs, { timeMs: T, trustAnchors: anchors }),
        code("ATT_SNP_TCB_MISMATCH"),
        k,
      );
    }
  });

  test("hwID different from CHIP_ID, unless MASK_CHIP_KEY", () => {
    const other = Uint8Array.from(CHIP).reverse();
    const report = signTestReport(chain.vcekKey, { reportData: rd, tcb: TCB, chipId: other });
    assert.throws(
      () => verifySnpReport(report, certs, { timeMs: T, trustAnchors: anchors }),
      code("ATT_SNP_CHIP_ID_MISMATCH"),
    );
    const masked = signTestReport(chain.vcekKey, {
      reportData: rd,
      tcb: TCB,
      chipId: new Uint8Array(64),
      maskChipKey: true,
    });
    assert.ok(verifySnpReport(masked, certs, { timeMs: T, trustAnchors: anchors }));
  });

  test("VLEK-signed reports need a VLEK, VCEK-signed reports a VCEK", async () => {
    const vlekChain = await makeTestSnpChain(TCB, undefined, T - YEAR, T + YEAR);
    const vAnchors = [{ name: "test-ark", ark: vlekChain.arkDer }];
    const vCerts = [vlekChain.vcekDer, vlekChain.askDer];
    const vlekReport = signTestReport(vlekChain.vcekKey, { reportData: rd, tcb: TCB, chipId: CHIP, vlek: true });
    assert.equal(verifySnpReport(vlekReport, vCerts, { timeMs: T, trustAnchors: vAnchors }).claims.signing_key, "vlek");
    const vcekSigned = signTestReport(vlekChain.vcekKey, { reportData: rd, tcb: TCB, chipId: CHIP });
    assert.throws(
      () => verifySnpReport(vcekSigned, vCerts, { timeMs: T, trustAnchors: vAnchors }),
      code("ATT_SNP_KEY_KIND"),
    );
    const claimsVlek = signTestReport(chain.vcekKey, { reportData: rd, tcb: TCB, chipId: CHIP, vlek: true });
    assert.throws(
      () => verifySnpReport(claimsVlek, certs, { timeMs: T, trustAnchors: anchors }),
      code("ATT_SNP_KEY_KIND"),
    );
  });

  test("validity window of the chain", () => {
    const report = signTestReport(chain.vcekKey, { reportData: rd, tcb: TCB, chipId: CHIP });
    assert.throws(
      () => verifySnpReport(report, certs, { timeMs: T + 2 * YEAR, trustAnchors: anchors }),
      code("ATT_SNP_CERT_EXPIRED"),
    );
    assert.throws(
      () => verifySnpReport(report, certs, { timeMs: T - 2 * YEAR, trustAnchors: anchors }),
      code("ATT_SNP_CERT_EXPIRED"),
    );
  });
});
