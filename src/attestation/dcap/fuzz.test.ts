/**
 * Bounded, seeded fuzzing of the quote parser, the certificate/CRL parsers and the collateral
 * loader: mutated real inputs must either parse or throw a SealedError, never crash or hang.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { SealedError } from "../../common/errors.ts";
import { seededRandom } from "../../common/random.ts";
import { readVector, vectorsSkip } from "../../testing/vectors.ts";
import { loadCollateralBundle } from "../collateral/collateral.ts";
import { parseCertificate, parseCertificateList } from "../pki/certificate.ts";
import { parseCrl } from "../pki/crl.ts";
import { INTEL_SGX_ROOT_CA_DER } from "./intel-root.ts";
import { parseDcapQuote } from "./quote.ts";
import { SGX_COLLATERAL, SGX_QUOTE, SGX_TIME_S, TDX_QUOTE } from "./testing/vectors.ts";
import { verifyDcapQuote } from "./verify-quote.ts";

const ROUNDS = 400;

function mutate(input: Uint8Array, rnd: ReturnType<typeof seededRandom>): Uint8Array {
  const b = Buffer.from(input);
  const kind = rnd.nextU32() % 4;
  if (kind === 0) return b.subarray(0, rnd.nextU32() % (b.length + 1)); // truncate
  if (kind === 1) {
    const n = 1 + (rnd.nextU32() % 8);
    for (let i = 0; i < n; i++) b.writeUInt8(rnd.nextU32() & 0xff, rnd.nextU32() % b.length); // scribble
    return b;
  }
  if (kind === 2) {
    const at = rnd.nextU32() % b.length; // large length-like values in a u16/u32 slot
    b.writeUInt8(0xff, at);
    if (at + 1 < b.length) b.writeUInt8(0xff, at + 1);
    return b;
  }
  return Buffer.concat([b, rnd(rnd.nextU32() % 64)]); // garbage tail
}

function onlySealed(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof SealedError, `non-SealedError thrown: ${String(err)}`);
  }
}

test("quote parser: seeded mutations only ever throw SealedErrors", { skip: vectorsSkip(SGX_QUOTE, TDX_QUOTE) }, () => {
  const rnd = seededRandom(0x5eed);
  const inputs = [readVector(SGX_QUOTE), readVector(TDX_QUOTE)];
  for (let i = 0; i < ROUNDS; i++) {
    const q = mutate(inputs[i % 2]!, rnd);
    onlySealed(() => {
      const parsed = parseDcapQuote(q);
      if (parsed.certification.type === 5) parseCertificateList(parsed.certification.data);
    });
  }
  for (let i = 0; i < 100; i++) onlySealed(() => parseDcapQuote(rnd(rnd.nextU32() % 2048)));
});

test("full verification of mutated quotes only ever throws SealedErrors", {
  skip: vectorsSkip(SGX_QUOTE, SGX_COLLATERAL),
}, () => {
  const rnd = seededRandom(0xbeef);
  const collateral = loadCollateralBundle(readVector(SGX_COLLATERAL).toString("utf8"));
  const anchor = parseCertificate(INTEL_SGX_ROOT_CA_DER);
  const quote = readVector(SGX_QUOTE);
  let rejected = 0;
  for (let i = 0; i < 150; i++) {
    const q = mutate(quote, rnd);
    try {
      verifyDcapQuote(parseDcapQuote(q), collateral, anchor, SGX_TIME_S * 1000);
    } catch (err) {
      assert.ok(err instanceof SealedError, `non-SealedError thrown: ${String(err)}`);
      rejected++;
    }
  }
  assert.ok(rejected > 100, "mutations must be rejected");
});

test("certificate, CRL and collateral parsers: seeded mutations only ever throw SealedErrors", {
  skip: vectorsSkip(SGX_COLLATERAL),
}, () => {
  const rnd = seededRandom(0xc011);
  const bundle = JSON.parse(readVector(SGX_COLLATERAL).toString("utf8")) as Record<string, string>;
  const der = Buffer.from(bundle.pck_crl!, "hex");
  const pem = bundle.tcb_info_issuer_chain!;
  const certDer = Buffer.from(pem.split("-----")[2]!.replace(/\s+/g, ""), "base64");
  for (let i = 0; i < ROUNDS / 4; i++) {
    onlySealed(() => parseCrl(mutate(der, rnd)));
    onlySealed(() => parseCertificateList(mutate(certDer, rnd)));
    const keys = Object.keys(bundle);
    const k = keys[rnd.nextU32() % keys.length]!;
    const text = Buffer.from(bundle[k]!, "latin1");
    onlySealed(() => loadCollateralBundle({ ...bundle, [k]: Buffer.from(mutate(text, rnd)).toString("latin1") }));
  }
});
