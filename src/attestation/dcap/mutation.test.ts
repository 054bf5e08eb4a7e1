/**
 * Mutation matrix over the real SGX and TDX quotes and their collateral: a bit flip in every
 * signed field, signature, certificate and collateral part, each with its specific error code.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readVector, vectorsSkip } from "../../testing/vectors.ts";
import { loadCollateralBundle } from "../collateral/collateral.ts";
import { parseCertificate } from "../pki/certificate.ts";
import { INTEL_SGX_ROOT_CA_DER } from "./intel-root.ts";
import { HEADER, HEADER_SIZE, SGX_REPORT_BODY, TD10_REPORT_BODY } from "./layout.ts";
import { parseDcapQuote } from "./quote.ts";
import {
  rejectsWith,
  SGX_COLLATERAL,
  SGX_QUOTE,
  SGX_TIME_S,
  TDX_COLLATERAL,
  TDX_QUOTE,
  TDX_TIME_S,
} from "./testing/vectors.ts";
import { verifyDcapQuote } from "./verify-quote.ts";

const anchor = parseCertificate(INTEL_SGX_ROOT_CA_DER);
type Bundle = Record<string, string>;

const cases = [
  { name: "SGX", quote: SGX_QUOTE, collateral: SGX_COLLATERAL, time: SGX_TIME_S * 1000, body: SGX_REPORT_BODY },
  { name: "TDX", quote: TDX_QUOTE, collateral: TDX_COLLATERAL, time: TDX_TIME_S * 1000, body: TD10_REPORT_BODY },
];

/** QVL checks the TDX module (4.1.2.4.11) before the quote signature (4.1.2.4.16). */
const BODY_CODES: Record<string, string> = {
  mrsignerseam: "ATT_TDX_MODULE_MISMATCH",
  seam_attributes: "ATT_TDX_MODULE_MISMATCH",
};

const HEADER_CODES: Record<string, string> = {
  version: "ATT_QUOTE_UNSUPPORTED_VERSION",
  att_key_type: "ATT_QUOTE_UNSUPPORTED_KEY_TYPE",
  tee_type: "ATT_QUOTE_UNSUPPORTED_TEE",
  qe_vendor_id: "ATT_QUOTE_VENDOR_MISMATCH",
};

function flip(b: Uint8Array, at: number, bit = 0): Buffer {
  const c = Buffer.from(b);
  c.writeUInt8(c[at]! ^ (1 << bit), at);
  return c;
}

/** Flips one bit inside the DER of the n-th PEM certificate of `pem` (same length, so sizes stay valid). */
function flipInPem(pem: string, n: number, where: "tbs" | "signature"): string {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  const m = blocks[n]!;
  const der = Buffer.from(m[1]!.replace(/\s+/g, ""), "base64");
  const at = where === "signature" ? der.length - 2 : 20; // inside s of the signature / inside the serial number
  const b64 = flip(der, at).toString("base64");
  const lines = m[1]!.trim().split(/\r?\n/);
  const width = lines[0]!.length;
  const rewrapped = b64.match(new RegExp(`.{1,${width}}`, "g"))!.join("\n");
  const original = m[0];
  const replaced = `-----BEGIN CERTIFICATE-----\n${rewrapped}\n-----END CERTIFICATE-----`;
  assert.equal(replaced.length <= original.length + 2, true);
  return pem.replace(original, replaced);
}

for (const c of cases) {
  const skip = vectorsSkip(c.quote, c.collateral);
  const load = () => ({
    quote: readVector(c.quote),
    bundle: JSON.parse(readVector(c.collateral).toString("utf8")) as Bundle,
  });
  const run = (quote: Uint8Array, bundle: Bundle, time = c.time) =>
    verifyDcapQuote(parseDcapQuote(quote), loadCollateralBundle(bundle), anchor, time);

  test(`${c.name}: a bit flip in every header and body field`, { skip }, async () => {
    const { quote, bundle } = load();
    const fields = [
      ...HEADER.fields.map((f) => ({ ...f, code: HEADER_CODES[f.name] ?? "ATT_QUOTE_SIGNATURE_INVALID" })),
      ...c.body.fields.map((f) => ({
        ...f,
        offset: HEADER_SIZE + f.offset,
        code: BODY_CODES[f.name] ?? "ATT_QUOTE_SIGNATURE_INVALID",
      })),
    ];
    assert.ok(fields.length >= 20);
    for (const f of fields) {
      for (const at of [f.offset, f.offset + f.size - 1]) {
        await rejectsWith(() => run(flip(quote, at, f.name === "version" ? 1 : 0), bundle), f.code);
      }
    }
  });

  test(`${c.name}: signatures, keys, QE report and QE auth data`, { skip }, async () => {
    const { quote, bundle } = load();
    const q = parseDcapQuote(quote);
    const sig = q.signedData.length + 4;
    const qeStart = sig + 128 + (q.tee === "tdx" ? 6 : 0);
    await rejectsWith(() => run(flip(quote, sig + 10), bundle), "ATT_QUOTE_SIGNATURE_INVALID");
    await rejectsWith(() => run(flip(quote, sig + 63), bundle), "ATT_QUOTE_SIGNATURE_INVALID");
    await rejectsWith(() => run(flip(quote, sig + 64 + 5), bundle), "ATT_QE_REPORT_DATA_MISMATCH");
    for (const f of SGX_REPORT_BODY.fields) {
      await rejectsWith(() => run(flip(quote, qeStart + f.offset), bundle), "ATT_QE_REPORT_SIGNATURE_INVALID");
    }
    await rejectsWith(() => run(flip(quote, qeStart + 384 + 7), bundle), "ATT_QE_REPORT_SIGNATURE_INVALID");
    await rejectsWith(() => run(flip(quote, qeStart + 384 + 64 + 2), bundle), "ATT_QE_REPORT_DATA_MISMATCH");
  });

  test(`${c.name}: a bit flip in each certificate of the PCK chain`, { skip }, async () => {
    const { quote, bundle } = load();
    const q = parseDcapQuote(quote);
    const pem = Buffer.from(q.certification.data).toString("latin1");
    const start = q.length - q.certification.data.length;
    for (let n = 0; n < 3; n++) {
      for (const where of ["tbs", "signature"] as const) {
        const mutated = Buffer.from(flipInPem(pem, n, where), "latin1");
        const padded = Buffer.alloc(q.certification.data.length);
        mutated.copy(padded);
        const bytes = Buffer.from(quote);
        padded.copy(bytes, start);
        // Root (n = 2) in-chain mutations break its self-signature before the anchor comparison.
        await rejectsWith(() => run(bytes, bundle), "ATT_CERT_SIGNATURE_INVALID");
      }
    }
  });

  test(`${c.name}: a bit flip in each collateral part`, { skip }, async () => {
    const { quote, bundle } = load();
    const edit = (k: string, f: (v: string) => string) => ({ ...bundle, [k]: f(bundle[k]!) });
    const flipHexEnd = (v: string) =>
      v.slice(0, -2) + (Number.parseInt(v.slice(-2), 16) ^ 1).toString(16).padStart(2, "0");
    const bumpDigit = (v: string) =>
      v.replace(/"tcbEvaluationDataNumber":(\d+)/, (_, d) => `"tcbEvaluationDataNumber":${Number(d) + 1}`);
    await rejectsWith(() => run(quote, edit("tcb_info", bumpDigit)), "ATT_TCB_INFO_SIGNATURE_INVALID");
    await rejectsWith(
      () =>
        run(
          quote,
          edit("tcb_info", (v) => `${v} `),
        ),
      "ATT_TCB_INFO_SIGNATURE_INVALID",
    );
    await rejectsWith(() => run(quote, edit("tcb_info_signature", flipHexEnd)), "ATT_TCB_INFO_SIGNATURE_INVALID");
    await rejectsWith(() => run(quote, edit("qe_identity", bumpDigit)), "ATT_QE_IDENTITY_SIGNATURE_INVALID");
    await rejectsWith(() => run(quote, edit("qe_identity_signature", flipHexEnd)), "ATT_QE_IDENTITY_SIGNATURE_INVALID");
    await rejectsWith(() => run(quote, edit("root_ca_crl", flipHexEnd)), "ATT_CRL_SIGNATURE_INVALID");
    await rejectsWith(() => run(quote, edit("pck_crl", flipHexEnd)), "ATT_CRL_SIGNATURE_INVALID");
    for (const k of ["tcb_info_issuer_chain", "qe_identity_issuer_chain", "pck_crl_issuer_chain"]) {
      await rejectsWith(
        () =>
          run(
            quote,
            edit(k, (v) => flipInPem(v, 0, "signature")),
          ),
        "ATT_CERT_SIGNATURE_INVALID",
      );
    }
    await rejectsWith(
      () =>
        run(
          quote,
          edit("root_ca_crl", (v) => v.slice(0, -4)),
        ),
      "ATT_CRL_MALFORMED",
    );
    await rejectsWith(
      () =>
        run(
          quote,
          edit("tcb_info", (v) => v.slice(0, -1)),
        ),
      "ATT_TCB_INFO_MALFORMED",
    );
    await rejectsWith(
      () =>
        run(
          quote,
          edit("qe_identity", () => "{}"),
        ),
      "ATT_QE_IDENTITY_MALFORMED",
    );
  });
}
