import assert from "node:assert/strict";
import { test } from "node:test";
import { readVector, vectorsSkip } from "../../testing/vectors.ts";
import { rejectsWith, SGX_COLLATERAL, SYNTHETIC } from "../dcap/testing/vectors.ts";
import { loadCollateralBundle, splitSignedBody } from "./collateral.ts";
import { formatIsoUtc, parseIsoUtc } from "./iso-time.ts";
import { rawMembers } from "./json-raw.ts";
import { parseQeIdentity } from "./qe-identity.ts";
import { parseTcbInfo } from "./tcb-info.ts";

test("ISO 8601 UTC parsing matches known epoch values and rejects malformed times", () => {
  assert.equal(parseIsoUtc("1970-01-01T00:00:00Z"), 0);
  assert.equal(parseIsoUtc("2025-06-19T10:16:03Z"), 1750328163000);
  assert.equal(parseIsoUtc("2000-02-29T12:00:00.250Z"), 951825600250);
  assert.equal(parseIsoUtc("2049-12-31T23:59:59Z"), 2524607999000);
  for (const bad of [
    "2025-02-29T00:00:00Z",
    "2025-13-01T00:00:00Z",
    "2025-06-19 10:16:03Z",
    "2025-06-19T10:16:03",
    5,
    "",
  ]) {
    assert.equal(parseIsoUtc(bad), undefined, String(bad));
  }
  assert.equal(formatIsoUtc(1750328163000), "2025-06-19T10:16:03Z");
  assert.equal(formatIsoUtc(951825600250), "2000-02-29T12:00:00Z");
});

test("rawMembers returns the exact member text", () => {
  const text = '{ "tcbInfo" : {"a":[1,{"b":"}"}], "c":"x\\"y"} ,"signature":"ab"}';
  const m = rawMembers(text, "ATT_TCB_INFO_MALFORMED");
  assert.equal(m.get("tcbInfo"), '{"a":[1,{"b":"}"}], "c":"x\\"y"}');
  assert.equal(m.get("signature"), '"ab"');
  assert.throws(() => rawMembers('{"a":1,"a":2}', "ATT_TCB_INFO_MALFORMED"), { code: "ATT_TCB_INFO_MALFORMED" });
  assert.throws(() => rawMembers("[1]", "ATT_TCB_INFO_MALFORMED"), { code: "ATT_TCB_INFO_MALFORMED" });
  assert.throws(() => rawMembers("{", "ATT_TCB_INFO_MALFORMED"), { code: "ATT_TCB_INFO_MALFORMED" });
});

test("Intel's wrapped TCB info keeps its exact signed text (v2 SGX and v3 TDX)", {
  skip: vectorsSkip(SYNTHETIC("sgx", "tcbInfo.json"), SYNTHETIC("tdx", "tcbInfo.json")),
}, () => {
  const sgx = splitSignedBody(readVector(SYNTHETIC("sgx", "tcbInfo.json")).toString("utf8"), "tcbInfo");
  const t = parseTcbInfo(sgx.text);
  assert.equal(t.version, 2);
  assert.equal(t.id, "SGX");
  assert.equal(t.fmspc, "00707f000000");
  assert.deepEqual(t.tcbLevels[0]!.sgxComponents, [0, 3, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const tdx = parseTcbInfo(
    splitSignedBody(readVector(SYNTHETIC("tdx", "tcbInfo.json")).toString("utf8"), "tcbInfo").text,
  );
  assert.equal(tdx.id, "TDX");
  assert.equal(tdx.tdxModuleIdentities, undefined);
  assert.equal(tdx.tcbLevels[0]!.tdxComponents!.length, 16);
});

test("collateral bundle: the dcap-qvl shape loads; missing, unknown and malformed fields have codes", {
  skip: vectorsSkip(SGX_COLLATERAL),
}, async () => {
  const text = readVector(SGX_COLLATERAL).toString("utf8");
  const c = loadCollateralBundle(text);
  assert.equal(c.tcbInfo.fmspc, "00a067110000");
  assert.equal(c.qeIdentity.id, "QE");
  assert.equal(c.pckCrlIssuerChain.length, 2);
  const b = JSON.parse(text) as Record<string, string>;
  const asArrays = {
    ...b,
    pck_crl: [...Buffer.from(b.pck_crl!, "hex")],
    tcb_info_signature: [...Buffer.from(b.tcb_info_signature!, "hex")],
  };
  assert.equal(loadCollateralBundle(asArrays).pckCrl.nextUpdateMs, c.pckCrl.nextUpdateMs);
  const pem = `-----BEGIN X509 CRL-----\n${Buffer.from(b.pck_crl!, "hex").toString("base64")}\n-----END X509 CRL-----\n`;
  const wrapped = {
    ...b,
    pck_crl: Buffer.from(pem).toString("hex"),
    root_ca_crl: Buffer.from(b.root_ca_crl!).toString("hex"),
  };
  const w = loadCollateralBundle(wrapped);
  assert.equal(w.pckCrl.nextUpdateMs, c.pckCrl.nextUpdateMs);
  assert.equal(w.rootCaCrl.nextUpdateMs, c.rootCaCrl.nextUpdateMs);
  await rejectsWith(() => loadCollateralBundle("{"), "ATT_COLLATERAL_MALFORMED");
  await rejectsWith(() => loadCollateralBundle("[]"), "ATT_COLLATERAL_MALFORMED");
  await rejectsWith(() => loadCollateralBundle({ ...b, extra: "x" }), "ATT_COLLATERAL_MALFORMED");
  const { tcb_info: _t, ...noTcb } = b;
  await rejectsWith(() => loadCollateralBundle(noTcb), "ATT_COLLATERAL_MALFORMED");
  await rejectsWith(() => loadCollateralBundle({ ...b, tcb_info_signature: "00" }), "ATT_COLLATERAL_MALFORMED");
  await rejectsWith(() => loadCollateralBundle({ ...b, pck_crl: "zz" }), "ATT_CRL_MALFORMED");
  await rejectsWith(() => loadCollateralBundle({ ...b, pck_crl_issuer_chain: "nope" }), "ATT_CERT_MALFORMED");
  await rejectsWith(() => loadCollateralBundle({ ...b, tcb_info: '{"version":4}' }), "ATT_TCB_INFO_MALFORMED");
  await rejectsWith(
    () => loadCollateralBundle({ ...b, qe_identity: b.qe_identity!.replace('"id":"QE"', '"id":"XX"') }),
    "ATT_QE_IDENTITY_MALFORMED",
  );
});

test("QE identity MISCSELECT is read little-endian as Intel QVL does", () => {
  const id = parseQeIdentity(
    JSON.stringify({
      id: "QE",
      version: 2,
      issueDate: "2025-01-01T00:00:00Z",
      nextUpdate: "2025-02-01T00:00:00Z",
      tcbEvaluationDataNumber: 1,
      miscselect: "13373B09",
      miscselectMask: "FFFFFFFF",
      attributes: "00".repeat(16),
      attributesMask: "00".repeat(16),
      mrsigner: "00".repeat(32),
      isvprodid: 1,
      tcbLevels: [{ tcb: { isvsvn: 1 }, tcbDate: "2025-01-01T00:00:00Z", tcbStatus: "UpToDate" }],
    }),
  );
  assert.equal(id.miscselect, 0x093b3713);
});
