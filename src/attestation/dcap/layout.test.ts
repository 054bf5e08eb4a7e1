import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CERT_DATA_HEADER,
  ECDSA_SIG_DATA,
  type Field,
  fieldOf,
  HEADER,
  HEADER_SIZE,
  QE_REPORT_CERT_DATA,
  SGX_REPORT_BODY,
  SGX_REPORT_BODY_SIZE,
  TD10_REPORT_BODY,
  TD10_REPORT_BODY_SIZE,
  TD15_REPORT_BODY,
  TD15_REPORT_BODY_SIZE,
  V5_BODY_DESCRIPTOR,
  V5_BODY_DESCRIPTOR_SIZE,
} from "./layout.ts";

function contiguous(fields: readonly Field[]): boolean {
  return fields.every((f, i) => f.offset === (i === 0 ? 0 : fields[i - 1]!.offset + fields[i - 1]!.size));
}

test("layout sizes match Intel's quote format (header 0x30, SGX body 384, TD10 584, TD15 648)", () => {
  assert.equal(HEADER.size, HEADER_SIZE);
  assert.equal(HEADER_SIZE, 0x30);
  assert.equal(SGX_REPORT_BODY.size, SGX_REPORT_BODY_SIZE);
  assert.equal(SGX_REPORT_BODY_SIZE, 384);
  assert.equal(TD10_REPORT_BODY.size, TD10_REPORT_BODY_SIZE);
  assert.equal(TD10_REPORT_BODY_SIZE, 584);
  assert.equal(TD15_REPORT_BODY.size, TD15_REPORT_BODY_SIZE);
  assert.equal(TD15_REPORT_BODY_SIZE, 648);
  assert.equal(V5_BODY_DESCRIPTOR.size, V5_BODY_DESCRIPTOR_SIZE);
  assert.equal(ECDSA_SIG_DATA.size, 128);
  assert.equal(QE_REPORT_CERT_DATA.size, 448);
  assert.equal(CERT_DATA_HEADER.size, 6);
});

test("every layout is contiguous (no gaps, no overlaps)", () => {
  for (const l of [HEADER, SGX_REPORT_BODY, TD10_REPORT_BODY, TD15_REPORT_BODY, V5_BODY_DESCRIPTOR, ECDSA_SIG_DATA]) {
    assert.ok(contiguous(l.fields));
  }
});

test("absolute offsets from the spec tables", () => {
  // SGX v3: mrenclave @112, mrsigner @176, isvprodid @304, isvsvn @306, reportdata @368.
  assert.equal(HEADER_SIZE + fieldOf(SGX_REPORT_BODY, "mrenclave").offset, 112);
  assert.equal(HEADER_SIZE + fieldOf(SGX_REPORT_BODY, "mrsigner").offset, 176);
  assert.equal(HEADER_SIZE + fieldOf(SGX_REPORT_BODY, "isvprodid").offset, 304);
  assert.equal(HEADER_SIZE + fieldOf(SGX_REPORT_BODY, "isvsvn").offset, 306);
  assert.equal(HEADER_SIZE + fieldOf(SGX_REPORT_BODY, "report_data").offset, 368);
  // TDX v4: td_attributes @168, mrtd @184, rtmr0 @376, reportdata @568.
  assert.equal(HEADER_SIZE + fieldOf(TD10_REPORT_BODY, "td_attributes").offset, 168);
  assert.equal(HEADER_SIZE + fieldOf(TD10_REPORT_BODY, "mrtd").offset, 184);
  assert.equal(HEADER_SIZE + fieldOf(TD10_REPORT_BODY, "rtmr0").offset, 376);
  assert.equal(HEADER_SIZE + fieldOf(TD10_REPORT_BODY, "report_data").offset, 568);
  assert.equal(fieldOf(TD15_REPORT_BODY, "tee_tcb_svn2").offset, 584);
  assert.equal(fieldOf(TD15_REPORT_BODY, "mr_servicetd").offset, 600);
  assert.throws(() => fieldOf(HEADER, "nope"));
});
