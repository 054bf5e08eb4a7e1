import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { isSealedError } from "../../common/errors.ts";
import { toHex } from "../../common/hex.ts";
import { readVector, vectorsSkip } from "../../testing/vectors.ts";
import { parseSnpCerts } from "./certs.ts";
import * as L from "./layout.ts";
import { ARK_GENOA_PEM, ASVK_GENOA_PEM } from "./trust-genoa.ts";
import { ARK_MILAN_PEM, ASK_MILAN_PEM } from "./trust-milan.ts";
import { createSnpVerifier } from "./verifier.ts";
import { verifySnpReport } from "./verify.ts";

const skip = vectorsSkip(
  "attestation/snp/attestation.bin",
  "attestation/snp/vcek.testcer",
  "attestation/snp/ask_ark_milan.pem",
);
/** 2024-01-01T00:00:00Z, inside the VCEK validity (2022-09-24 .. 2029-09-24). */
const T = 1_704_067_200_000;
const BEFORE_VCEK = 1_663_891_200_000; // 2022-09-23
const AFTER_VCEK = 1_884_988_800_000; // 2029-09-25

describe("SEV-SNP verification (go-sev-guest vector)", { skip }, () => {
  const report = () => Uint8Array.from(readVector("attestation/snp/attestation.bin"));
  const vcek = () => Uint8Array.from(readVector("attestation/snp/vcek.testcer"));
  const chainPem = () => Uint8Array.from(readVector("attestation/snp/ask_ark_milan.pem"));

  const expectCode = (code: string, fn: () => unknown) =>
    assert.throws(fn, (e: unknown) => isSealedError(e) && e.code === code);

  test("embedded ARK-Milan has the published SHA-256 and matches the vector PEM", () => {
    const [ark] = parseSnpCerts(new TextEncoder().encode(ARK_MILAN_PEM));
    assert.equal(
      createHash("sha256").update(ark.der).digest("hex"),
      "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd",
    );
    const vec = parseSnpCerts(chainPem());
    const [ask] = parseSnpCerts(new TextEncoder().encode(ASK_MILAN_PEM));
    assert.deepEqual(
      vec.map((c) => toHex(c.der)),
      [toHex(ask.der), toHex(ark.der)],
    );
  });

  test("embedded ARK-Genoa is self-signed and signs the embedded ASVK-Genoa", () => {
    const [asvk] = parseSnpCerts(new TextEncoder().encode(ASVK_GENOA_PEM));
    const [ark] = parseSnpCerts(new TextEncoder().encode(ARK_GENOA_PEM));
    assert.equal(
      createHash("sha256").update(ark.der).digest("hex"),
      "4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1",
    );
    assert.ok(ark.node.verify(ark.publicKey));
    assert.ok(asvk.node.verify(ark.publicKey));
    assert.match(asvk.node.subject, /CN=SEV-VLEK-Genoa/);
  });

  test("the vector verifies with the expected fields", async () => {
    const v = createSnpVerifier();
    const c = await v.verify({ tee: "snp", bytes: report(), certificates: [vcek()] }, { timeMs: T });
    assert.equal(c.tee, "snp");
    assert.equal(c.claims.policy, String(0xb0000));
    assert.equal(c.claims.vmpl, "0");
    assert.equal(toHex(c.reportData), `0102030405${"00".repeat(59)}`);
    assert.equal(
      c.claims.measurement,
      "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01",
    );
    assert.deepEqual(
      [c.claims.reported_tcb_bl, c.claims.reported_tcb_tee, c.claims.reported_tcb_snp, c.claims.reported_tcb_ucode],
      ["2", "0", "5", "68"],
    );
    assert.equal(c.trustAnchor, "amd-ark-milan");
    assert.equal(c.debug, true); // policy bit 19
    assert.ok(Object.isFrozen(c));
    // Same result with the full chain supplied.
    const c2 = verifySnpReport(report(), [vcek(), chainPem()], { timeMs: T });
    assert.equal(c2.claims.measurement, c.claims.measurement);
  });

  test("truncation at every field boundary and an extra byte are rejected", () => {
    for (const [name, off] of L.FIELDS) {
      expectCode("ATT_SNP_TRUNCATED", () => verifySnpReport(report().subarray(0, off), [vcek()], { timeMs: T }));
      assert.ok(name);
    }
    const longer = new Uint8Array(L.REPORT_SIZE + 1);
    longer.set(report());
    expectCode("ATT_SNP_TRUNCATED", () => verifySnpReport(longer, [vcek()], { timeMs: T }));
  });

  test("bit flips map to specific codes", () => {
    const flip = (off: number, mask = 0x01) => {
      const r = report();
      r[off] ^= mask;
      return r;
    };
    const signed: [string, number][] = [
      ["guest_svn", L.GUEST_SVN],
      ["policy", L.POLICY],
      ["family_id", L.FAMILY_ID],
      ["image_id", L.IMAGE_ID],
      ["current_tcb", L.CURRENT_TCB],
      ["platform_info", L.PLATFORM_INFO],
      ["author_key_en", L.KEY_FLAGS],
      ["report_data", L.REPORT_DATA + 63],
      ["measurement", L.MEASUREMENT + 47],
      ["host_data", L.HOST_DATA],
      ["id_key_digest", L.ID_KEY_DIGEST],
      ["author_key_digest", L.AUTHOR_KEY_DIGEST],
      ["report_id", L.REPORT_ID],
      ["report_id_ma", L.REPORT_ID_MA],
      ["reported_tcb", L.REPORTED_TCB],
      ["chip_id", L.CHIP_ID],
      ["committed_tcb", L.COMMITTED_TCB],
      ["current_version", L.CURRENT_VERSION],
      ["launch_tcb", L.LAUNCH_TCB],
      ["sig_r", L.SIG_R],
      ["sig_s", L.SIG_S + 47],
    ];
    for (const [name, off] of signed) {
      assert.throws(
        () => verifySnpReport(flip(off), [vcek()], { timeMs: T }),
        (e: unknown) => isSealedError(e, "ATT_SNP_REPORT_SIGNATURE"),
        name,
      );
    }
    expectCode("ATT_SNP_VERSION", () => verifySnpReport(flip(L.VERSION, 0x04), [vcek()], { timeMs: T }));
    expectCode("ATT_SNP_SIG_ALGO", () => verifySnpReport(flip(L.SIGNATURE_ALGO, 0x02), [vcek()], { timeMs: T }));
    expectCode("ATT_SNP_MALFORMED", () => verifySnpReport(flip(L.VMPL, 0x04), [vcek()], { timeMs: T }));
    expectCode("ATT_SNP_MALFORMED", () => verifySnpReport(flip(L.POLICY + 2, 0x02), [vcek()], { timeMs: T }));
    expectCode("ATT_SNP_MALFORMED", () => verifySnpReport(flip(L.RESERVED2), [vcek()], { timeMs: T }));
    expectCode("ATT_SNP_MALFORMED", () => verifySnpReport(flip(L.SIG_R + 60), [vcek()], { timeMs: T }));
    expectCode("ATT_SNP_MALFORMED", () => verifySnpReport(flip(L.SIG_RESERVED + 5), [vcek()], { timeMs: T }));
    expectCode("ATT_SNP_KEY_KIND", () => verifySnpReport(flip(L.KEY_FLAGS, 0x04), [vcek()], { timeMs: T }));
    expectCode("ATT_SNP_KEY_KIND", () => verifySnpReport(flip(L.KEY_FLAGS, 0x1c), [vcek()], { timeMs: T }));
  });

  test("certificate mutations and time map to specific codes", () => {
    expectCode("ATT_SNP_CERT_MISSING", () => verifySnpReport(report(), [], { timeMs: T }));
    expectCode("ATT_SNP_CERT_MISSING", () => verifySnpReport(report(), [chainPem()], { timeMs: T }));
    const badVcek = vcek();
    badVcek[badVcek.length - 10] ^= 1; // inside the signature value
    expectCode("ATT_SNP_CHAIN_SIGNATURE", () => verifySnpReport(report(), [badVcek], { timeMs: T }));
    expectCode("ATT_SNP_CERT_PARSE", () => verifySnpReport(report(), [vcek().subarray(0, 200)], { timeMs: T }));
    // A tampered ASK with no embedded ASK to fall back on.
    const [askC, arkC] = parseSnpCerts(chainPem());
    const badAsk = Uint8Array.from(askC.der);
    badAsk[badAsk.length - 10] ^= 1;
    const arkOnly = [{ name: "ark", ark: arkC.der }];
    expectCode("ATT_SNP_CHAIN_SIGNATURE", () =>
      verifySnpReport(report(), [vcek(), badAsk], { timeMs: T, trustAnchors: arkOnly }),
    );
    assert.ok(verifySnpReport(report(), [vcek(), askC.der], { timeMs: T, trustAnchors: arkOnly }));
    // A different ARK with the right subject is not trusted.
    const badArk = Uint8Array.from(arkC.der);
    badArk[badArk.length - 10] ^= 1;
    expectCode("ATT_SNP_UNTRUSTED_ROOT", () => verifySnpReport(report(), [vcek(), badArk], { timeMs: T }));
    // No trust anchor for this chain at all.
    expectCode("ATT_SNP_UNTRUSTED_ROOT", () => verifySnpReport(report(), [vcek()], { timeMs: T, trustAnchors: [] }));
    expectCode("ATT_SNP_CERT_EXPIRED", () => verifySnpReport(report(), [vcek()], { timeMs: BEFORE_VCEK }));
    expectCode("ATT_SNP_CERT_EXPIRED", () => verifySnpReport(report(), [vcek()], { timeMs: AFTER_VCEK }));
  });
});
