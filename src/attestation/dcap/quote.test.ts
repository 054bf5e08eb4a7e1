import assert from "node:assert/strict";
import { test } from "node:test";
import { readVector, vectorsSkip } from "../../testing/vectors.ts";
import { parseCertificateList } from "../pki/certificate.ts";
import { quoteClaims } from "./claims.ts";
import { HEADER, HEADER_SIZE, SGX_REPORT_BODY, TD10_REPORT_BODY } from "./layout.ts";
import { type DcapQuote, parseDcapQuote } from "./quote.ts";
import { OID_SGX_EXTENSION, parseSgxExtension } from "./sgx-extension.ts";
import { rejectsWith, SGX_QUOTE, SYNTHETIC, TDX_QUOTE } from "./testing/vectors.ts";

const PARSE_ONLY = "attestation/parse-only/tdx_quote_4.dat";
const PARSE_EXPECTED = "attestation/parse-only/parse_tdx_claims_expected.json";
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

test("parses the real SGX v3 and TDX v4 quotes", { skip: vectorsSkip(SGX_QUOTE, TDX_QUOTE) }, () => {
  const sgx = parseDcapQuote(readVector(SGX_QUOTE));
  assert.equal(sgx.tee, "sgx");
  assert.equal(sgx.length, 4600);
  assert.equal(sgx.certification.type, 5);
  assert.equal(hex(sgx.sgxBody!.mrenclave), "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
  assert.equal(hex(sgx.sgxBody!.mrsigner), "815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6");
  assert.equal(Buffer.from(sgx.sgxBody!.reportData).toString("latin1").replace(/\0+$/, ""), "Hello, world!");
  assert.ok(Object.isFrozen(sgx));

  const tdxBytes = readVector(TDX_QUOTE);
  assert.equal(tdxBytes.length, 5006);
  const tdx = parseDcapQuote(tdxBytes);
  assert.equal(tdx.tee, "tdx");
  assert.equal(tdx.bodyKind, "td10");
  assert.equal(tdx.length, 4936, "70 bytes of zero padding are tolerated");
  assert.equal(hex(tdx.tdBody!.mrtd).slice(0, 16), "91eb2b44d141d4ec");
  assert.ok(hex(tdx.tdBody!.teeTcbSvn).startsWith("06010300"));
});

test("parses Intel's synthetic quotes (type 1 and DER chain in type 5, empty QE auth data)", {
  skip: vectorsSkip(SYNTHETIC("sgx", "quote.dat"), SYNTHETIC("tdx", "quote.dat")),
}, () => {
  const sgx = parseDcapQuote(readVector(SYNTHETIC("sgx", "quote.dat")));
  assert.equal(sgx.certification.type, 1);
  assert.equal(hex(sgx.sgxBody!.mrenclave), "0".repeat(64));
  const tdx = parseDcapQuote(readVector(SYNTHETIC("tdx", "quote.dat")));
  assert.equal(tdx.qeAuthData.length, 0);
  assert.equal(parseCertificateList(tdx.certification.data).length, 3);
});

test("trustee TDX quote parses to the claims of parse_tdx_claims_expected.json", {
  skip: vectorsSkip(PARSE_ONLY, PARSE_EXPECTED),
}, () => {
  const q = parseDcapQuote(readVector(PARSE_ONLY));
  const c = quoteClaims(q);
  const exp = JSON.parse(readVector(PARSE_EXPECTED).toString("utf8"));
  const le = (n: number, bytes: number) =>
    Buffer.from(new Uint8Array(new BigUint64Array([BigInt(n)]).buffer))
      .subarray(0, bytes)
      .toString("hex");
  const h = q.header;
  const got = {
    header: {
      version: le(h.version, 2),
      att_key_type: le(h.attKeyType, 2),
      tee_type: le(h.teeType, 4),
      reserved: le(h.qeSvn, 2) + le(h.pceSvn, 2),
      vendor_id: hex(h.qeVendorId),
      user_data: hex(h.userData),
    },
    body: {
      mr_config_id: c.mrconfigid,
      mr_owner: c.mrowner,
      mr_owner_config: c.mrownerconfig,
      mr_seam: c.mrseam,
      mr_td: c.mrtd,
      mrsigner_seam: c.mrsignerseam,
      report_data: hex(q.tdBody!.reportData),
      rtmr_0: c.rtmr0,
      rtmr_1: c.rtmr1,
      rtmr_2: c.rtmr2,
      rtmr_3: c.rtmr3,
      seam_attributes: c.seam_attributes,
      tcb_svn: c.tee_tcb_svn,
      td_attributes: c.td_attributes,
      xfam: c.xfam,
    },
  };
  assert.deepEqual(got.header, exp.quote.header);
  assert.deepEqual(got.body, exp.quote.body);
  assert.equal(hex(q.tdBody!.reportData), exp.report_data);
  assert.equal(c.mrconfigid, exp.init_data);
  const attrs = q.tdBody!.tdAttributes;
  const bit = (n: number) => ((attrs[n >> 3]! >> (n & 7)) & 1) === 1;
  assert.deepEqual(
    { debug: bit(0), septve_disable: bit(28), protection_keys: bit(30), key_locker: bit(31), perfmon: bit(63) },
    exp.td_attributes,
  );
  const leaf = parseCertificateList(q.certification.data).find((x) => x.subjectCn.includes("PCK Certificate"))!;
  const pid = parseSgxExtension(leaf.extensions.get(OID_SGX_EXTENSION)!).platformInstanceId!;
  // trustee prints the platform instance ID byte-reversed relative to the certificate's OCTET STRING.
  assert.equal(Buffer.from(pid, "hex").reverse().toString("hex"), exp.platform_instance_id);
  // `uefi_event_logs` comes from the CC event log that travels beside the quote, not from the quote.
  const compared = new Set(["quote", "report_data", "init_data", "td_attributes", "platform_instance_id"]);
  assert.deepEqual(
    Object.keys(exp).filter((k) => !compared.has(k)),
    ["uefi_event_logs"],
  );
});

/** Every field boundary (and the byte after it) of a parsed quote, from the layout constants. */
function boundaries(q: DcapQuote): number[] {
  const out = new Set<number>();
  const add = (base: number, fields: readonly { offset: number; size: number }[]) => {
    for (const f of fields) {
      out.add(base + f.offset);
      out.add(base + f.offset + 1);
    }
  };
  add(0, HEADER.fields);
  add(HEADER_SIZE, (q.sgxBody ? SGX_REPORT_BODY : TD10_REPORT_BODY).fields);
  const sigStart = q.signedData.length;
  const steps = [4, 64, 64, ...(q.tee === "tdx" ? [6] : [])];
  let at = sigStart;
  out.add(at);
  for (const s of steps) {
    at += s;
    out.add(at);
  }
  add(at, SGX_REPORT_BODY.fields); // QE report
  at += 384;
  for (const s of [64, 2, q.qeAuthData.length, 2, 4]) {
    at += s;
    out.add(at);
  }
  out.add(q.length - 1);
  return [...out].filter((n) => n >= 0 && n < q.length).sort((a, b) => a - b);
}

for (const rel of [SGX_QUOTE, TDX_QUOTE]) {
  test(`truncation at every field boundary of ${rel} is ATT_QUOTE_TRUNCATED`, { skip: vectorsSkip(rel) }, async () => {
    const bytes = readVector(rel);
    const q = parseDcapQuote(bytes);
    const cuts = boundaries(q);
    assert.ok(cuts.length > 60);
    for (const cut of cuts) {
      await rejectsWith(() => parseDcapQuote(bytes.subarray(0, cut)), "ATT_QUOTE_TRUNCATED");
    }
  });
}

test("header and structure mutations have their own codes", { skip: vectorsSkip(SGX_QUOTE, TDX_QUOTE) }, async () => {
  const sgx = readVector(SGX_QUOTE);
  const tdx = readVector(TDX_QUOTE);
  const mut = (b: Buffer, f: (c: Buffer) => void) => {
    const c = Buffer.from(b);
    f(c);
    return c;
  };
  await rejectsWith(() => parseDcapQuote(mut(sgx, (c) => c.writeUInt16LE(2, 0))), "ATT_QUOTE_UNSUPPORTED_VERSION");
  await rejectsWith(() => parseDcapQuote(mut(sgx, (c) => c.writeUInt16LE(4, 0))), "ATT_QUOTE_UNSUPPORTED_VERSION");
  await rejectsWith(() => parseDcapQuote(mut(tdx, (c) => c.writeUInt16LE(3, 0))), "ATT_QUOTE_UNSUPPORTED_VERSION");
  await rejectsWith(() => parseDcapQuote(mut(sgx, (c) => c.writeUInt16LE(3, 2))), "ATT_QUOTE_UNSUPPORTED_KEY_TYPE");
  await rejectsWith(() => parseDcapQuote(mut(sgx, (c) => c.writeUInt32LE(1, 4))), "ATT_QUOTE_UNSUPPORTED_TEE");
  await rejectsWith(() => parseDcapQuote(mut(sgx, (c) => c.writeUInt8(c[12]! ^ 1, 12))), "ATT_QUOTE_VENDOR_MISMATCH");
  await rejectsWith(
    () => parseDcapQuote(mut(sgx, (c) => c.writeUInt16LE(7, 1012 + 2 + 32))),
    "ATT_QUOTE_CERT_DATA_UNSUPPORTED",
  );
  await rejectsWith(() => parseDcapQuote(mut(tdx, (c) => c.writeUInt16LE(5, 764))), "ATT_QUOTE_CERT_DATA_UNSUPPORTED");
  await rejectsWith(() => parseDcapQuote(mut(sgx, (c) => c.writeUInt32LE(3547, 1048))), "ATT_QUOTE_MALFORMED");
  await rejectsWith(() => parseDcapQuote(mut(tdx, (c) => c.writeUInt8(1, 5000))), "ATT_QUOTE_MALFORMED");
  await rejectsWith(() => parseDcapQuote(new Uint8Array(70_000)), "ATT_QUOTE_TOO_LARGE");
});

test("v5 quotes: body type and size must match the TEE", { skip: vectorsSkip(TDX_QUOTE) }, async () => {
  const v4 = readVector(TDX_QUOTE).subarray(0, 4936);
  const v5 = (type: number, size: number) => {
    const head = Buffer.from(v4.subarray(0, 48));
    head.writeUInt16LE(5, 0);
    const desc = Buffer.alloc(6);
    desc.writeUInt16LE(type, 0);
    desc.writeUInt32LE(size, 2);
    return Buffer.concat([head, desc, v4.subarray(48)]);
  };
  const ok = parseDcapQuote(v5(2, 584));
  assert.equal(ok.bodyKind, "td10");
  assert.equal(ok.signedData.length, 54 + 584);
  await rejectsWith(() => parseDcapQuote(v5(1, 384)), "ATT_QUOTE_BODY_MISMATCH");
  await rejectsWith(() => parseDcapQuote(v5(2, 648)), "ATT_QUOTE_BODY_MISMATCH");
  await rejectsWith(() => parseDcapQuote(v5(9, 584)), "ATT_QUOTE_BODY_MISMATCH");
  // A TD 1.5 body: 648 bytes with tee_tcb_svn2 and mr_servicetd.
  const body15 = Buffer.concat([v4.subarray(48, 632), Buffer.alloc(64, 7)]);
  const head = Buffer.from(v4.subarray(0, 48));
  head.writeUInt16LE(5, 0);
  const q15 = parseDcapQuote(Buffer.concat([head, Buffer.from([3, 0, 0x88, 2, 0, 0]), body15, v4.subarray(632)]));
  assert.equal(q15.bodyKind, "td15");
  assert.equal(q15.signedData.length, 702);
  assert.equal(hex(q15.tdBody!.teeTcbSvn2!), "07".repeat(16));
});
