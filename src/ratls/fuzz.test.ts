import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSnpReport } from "../attestation/snp/abi.ts";
import { REPORT_SIZE } from "../attestation/snp/layout.ts";
import { verifySnpReport } from "../attestation/snp/verify.ts";
import { SealedError } from "../common/errors.ts";
import { seededRandom } from "../common/random.ts";
import { readVector, vectorsSkip } from "../testing/vectors.ts";
import { decodeCbor, encodeCbor } from "./cbor.ts";
import { parseClaims } from "./claims.ts";
import { createRatlsCertificate } from "./create.ts";
import { extractRatls } from "./extract.ts";
import { extractBoundEvidence } from "./verify.ts";

/**
 * Bounded, seeded fuzzing: mutate valid inputs (bit flips, byte overwrites, truncation,
 * insertion, length-field hits) and require that every parser either succeeds or throws a
 * SealedError: never another exception, never a hang (all loops are bounded by input size).
 */
type Rng = ReturnType<typeof seededRandom>;

function mutate(rng: Rng, input: Uint8Array): Uint8Array {
  const b = Uint8Array.from(input);
  const pick = (n: number) => rng.nextU32() % Math.max(1, n);
  switch (pick(5)) {
    case 0: {
      for (let i = 0, n = 1 + pick(8); i < n; i++) b[pick(b.length)] ^= 1 << pick(8);
      return b;
    }
    case 1: {
      for (let i = 0, n = 1 + pick(4); i < n; i++) b[pick(b.length)] = pick(256);
      return b;
    }
    case 2:
      return b.subarray(0, pick(b.length));
    case 3: {
      const at = pick(b.length);
      const extra = rng(1 + pick(16));
      return Uint8Array.from([...b.subarray(0, at), ...extra, ...b.subarray(at)]);
    }
    default: {
      const at = pick(b.length);
      b[at] = [0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x59, 0x5b, 0x9f, 0xbf][pick(11)];
      return b;
    }
  }
}

function survive(label: string, fn: () => unknown): "ok" | "rejected" {
  try {
    fn();
    return "ok";
  } catch (err) {
    if (err instanceof SealedError) return "rejected";
    assert.fail(`${label}: non-SealedError ${(err as Error)?.stack ?? String(err)}`);
  }
}

test("fuzz: CBOR decoder and claims parser", () => {
  const rng = seededRandom(0xc0ffee);
  const claims = Uint8Array.from([
    0xa1,
    0x6b,
    ...Buffer.from("pubkey-hash"),
    0x58,
    0x24,
    0x82,
    0x01,
    0x58,
    0x20,
    ...new Uint8Array(32),
  ]);
  const tagged = encodeCbor({
    kind: "tag",
    tag: 60000,
    value: {
      kind: "array",
      items: [
        { kind: "bytes", value: new Uint8Array(300) },
        { kind: "bytes", value: claims },
      ],
    },
  });
  let rejected = 0;
  for (let i = 0; i < 4000; i++) {
    const seed = i % 2 === 0 ? tagged : claims;
    const input = i % 10 === 9 ? rng(1 + (rng.nextU32() % 64)) : mutate(rng, seed);
    if (survive(`cbor #${i}`, () => decodeCbor(input)) === "rejected") rejected++;
    survive(`claims #${i}`, () => parseClaims(input));
  }
  assert.ok(rejected > 100, `mutations should mostly be rejected (${rejected})`);
  assert.equal(
    survive("valid", () => parseClaims(claims)),
    "ok",
  );
});

test("fuzz: SNP report parser and verifier", {
  skip: vectorsSkip("attestation/snp/attestation.bin", "attestation/snp/vcek.testcer"),
}, () => {
  const rng = seededRandom(0x5e5);
  const report = new Uint8Array(readVector("attestation/snp/attestation.bin"));
  const vcek = new Uint8Array(readVector("attestation/snp/vcek.testcer"));
  let accepted = 0;
  for (let i = 0; i < 3000; i++) {
    const input = mutate(rng, report);
    if (survive(`snp #${i}`, () => parseSnpReport(input)) === "ok") accepted++;
  }
  assert.ok(accepted > 0 && accepted < 3000);
  // The full verifier on a smaller sample (signature checks are slower), mutating the VCEK too.
  for (let i = 0; i < 150; i++) {
    const r = i % 2 ? mutate(rng, report) : report;
    const c = i % 2 ? vcek : mutate(rng, vcek);
    const outcome = survive(`snp verify #${i}`, () => verifySnpReport(r, [c], { timeMs: 1_704_067_200_000 }));
    if (r.length === REPORT_SIZE && r === report && c === vcek) assert.equal(outcome, "ok");
  }
});

test("fuzz: RA-TLS certificate evidence extraction", async () => {
  const rng = seededRandom(0xabcdef);
  const made = await createRatlsCertificate({
    async getEvidence(rd) {
      const q = new Uint8Array(600);
      q[0] = 3;
      q[2] = 2;
      q.set(rd, 368);
      return { tee: "sgx", bytes: q };
    },
  });
  assert.equal(
    survive("valid", () => extractBoundEvidence(made.certDer)),
    "ok",
  );
  let rejected = 0;
  for (let i = 0; i < 1500; i++) {
    const input = mutate(rng, made.certDer);
    if (survive(`extract #${i}`, () => extractRatls(input)) === "rejected") rejected++;
    if (i % 10 === 0) survive(`bound #${i}`, () => extractBoundEvidence(input));
  }
  assert.ok(rejected > 0);
});
