import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { readVector, vectorsSkip } from "../../testing/vectors.ts";
import { parseCertificate } from "../pki/certificate.ts";
import { INTEL_SGX_ROOT_CA_DER, INTEL_SGX_ROOT_CA_SHA256 } from "./intel-root.ts";
import { INTEL_ROOT } from "./testing/vectors.ts";

test("embedded Intel SGX Root CA equals the published certificate", { skip: vectorsSkip(INTEL_ROOT) }, () => {
  assert.deepEqual(Buffer.from(INTEL_SGX_ROOT_CA_DER), readVector(INTEL_ROOT));
});

test("embedded Intel SGX Root CA has the documented fingerprint, subject and serial", () => {
  const fp = createHash("sha256").update(INTEL_SGX_ROOT_CA_DER).digest("hex");
  assert.equal(fp, INTEL_SGX_ROOT_CA_SHA256);
  assert.equal(
    fp,
    "44:A0:19:6B:2B:99:F8:89:B8:E1:49:E9:5B:80:7A:35:0E:74:24:96:43:99:E8:85:A7:CB:B8:CC:FA:B6:74:D3"
      .replaceAll(":", "")
      .toLowerCase(),
  );
  const c = parseCertificate(INTEL_SGX_ROOT_CA_DER);
  assert.equal(c.subjectCn, "Intel SGX Root CA");
  assert.equal(c.serial, "22650cd65a9d3489f383b49552bf501b392706ac");
  assert.ok(c.isCa);
});
