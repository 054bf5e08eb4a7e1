import assert from "node:assert/strict";
import { test } from "node:test";
import { readVector, vectorsSkip } from "../../testing/vectors.ts";
import { parseIsoUtc } from "../collateral/iso-time.ts";
import { INTEL_SGX_ROOT_CA_DER } from "../dcap/intel-root.ts";
import { parseDcapQuote } from "../dcap/quote.ts";
import { SGX_COLLATERAL, SGX_QUOTE, SGX_TIME_S } from "../dcap/testing/vectors.ts";
import { isSignedBy, parseCertificate, parseCertificateList } from "./certificate.ts";
import { orderChain, PCK_CHAIN, TCB_SIGNING_CHAIN, verifyChain } from "./chain.ts";
import { parseCrl } from "./crl.ts";
import { DerReader } from "./der.ts";

test("DER reader: lengths, OIDs and strictness", () => {
  const r = new DerReader(
    Uint8Array.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]),
    "ATT_CERT_MALFORMED",
  );
  assert.equal(r.oid(r.tlv(0)), "1.2.840.10045.4.3.2");
  const bad = (bytes: number[]) => {
    const d = new DerReader(Uint8Array.from(bytes), "ATT_CERT_MALFORMED");
    assert.throws(() => d.children(d.tlv(0)), { code: "ATT_CERT_MALFORMED" });
  };
  bad([0x30, 0x80, 0x00, 0x00]); // indefinite length
  bad([0x30, 0x81, 0x01, 0x00]); // non-minimal long form
  bad([0x30, 0x03, 0x02, 0x01]); // content past the container
  bad([0x30, 0x02, 0x02, 0x05]); // child runs past its parent
  const nm = new DerReader(Uint8Array.from([0x06, 0x02, 0x80, 0x01]), "ATT_CERT_MALFORMED");
  assert.throws(() => nm.oid(nm.tlv(0)), { code: "ATT_CERT_MALFORMED" });
});

test("certificates: Intel root fields; PEM and DER lists; garbage rejected", () => {
  const root = parseCertificate(INTEL_SGX_ROOT_CA_DER);
  assert.equal(root.subjectCn, "Intel SGX Root CA");
  assert.equal(root.issuerCn, "Intel SGX Root CA");
  // openssl x509 -dates: notBefore=May 21 10:45:10 2018 GMT, notAfter=Dec 31 23:59:59 2049 GMT
  assert.equal(root.notBeforeMs, parseIsoUtc("2018-05-21T10:45:10Z"));
  assert.equal(root.notAfterMs, parseIsoUtc("2049-12-31T23:59:59Z"));
  assert.ok(isSignedBy(root, root));
  const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(INTEL_SGX_ROOT_CA_DER).toString("base64")}\n-----END CERTIFICATE-----\n\0`;
  assert.equal(parseCertificateList(pem)[0]!.sha256, root.sha256);
  assert.equal(parseCertificateList(Buffer.concat([INTEL_SGX_ROOT_CA_DER, INTEL_SGX_ROOT_CA_DER])).length, 2);
  assert.throws(() => parseCertificate(Buffer.concat([INTEL_SGX_ROOT_CA_DER, Buffer.from([0])])), {
    code: "ATT_CERT_MALFORMED",
  });
  assert.throws(() => parseCertificateList(`${pem}junk`), { code: "ATT_CERT_MALFORMED" });
  assert.throws(() => parseCertificateList("no certificates here"), { code: "ATT_CERT_MALFORMED" });
  assert.throws(() => parseCertificate(INTEL_SGX_ROOT_CA_DER.subarray(0, 300)), { code: "ATT_CERT_MALFORMED" });
});

test("chains: order, shape, trust anchor, validity", { skip: vectorsSkip(SGX_QUOTE, SGX_COLLATERAL) }, () => {
  const q = parseDcapQuote(readVector(SGX_QUOTE));
  const certs = parseCertificateList(q.certification.data);
  const anchor = parseCertificate(INTEL_SGX_ROOT_CA_DER);
  const t = SGX_TIME_S * 1000;
  const reversed = [...certs].reverse();
  assert.deepEqual(
    orderChain(reversed, PCK_CHAIN).map((c) => c.subjectCn),
    ["Intel SGX PCK Certificate", "Intel SGX PCK Processor CA", "Intel SGX Root CA"],
  );
  assert.equal(verifyChain(reversed, PCK_CHAIN, anchor, t).length, 3);
  assert.throws(() => orderChain(certs.slice(0, 2), PCK_CHAIN), { code: "ATT_CERT_CHAIN_INVALID" });
  assert.throws(() => orderChain([certs[0]!, certs[0]!, certs[2]!], PCK_CHAIN), { code: "ATT_CERT_CHAIN_INVALID" });
  assert.throws(() => orderChain(certs.slice(1), TCB_SIGNING_CHAIN), { code: "ATT_CERT_CHAIN_INVALID" });
  assert.throws(() => verifyChain(certs, PCK_CHAIN, certs[1]!, t), { code: "ATT_CHAIN_UNTRUSTED" });
  assert.throws(() => verifyChain(certs, PCK_CHAIN, anchor, certs[0]!.notAfterMs + 1), { code: "ATT_CERT_EXPIRED" });
  const bundle = JSON.parse(readVector(SGX_COLLATERAL).toString("utf8")) as Record<string, string>;
  const crl = parseCrl(Buffer.from(bundle.root_ca_crl!, "hex"));
  assert.equal(crl.issuerCn, "Intel SGX Root CA");
  assert.ok(isSignedBy(crl, anchor));
  assert.throws(() => parseCrl(Buffer.from(bundle.root_ca_crl!.slice(0, -10), "hex")), { code: "ATT_CRL_MALFORMED" });
});
