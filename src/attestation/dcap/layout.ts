/**
 * Intel DCAP quote layouts (SGX ECDSA quote v3, TDX quote v4 and v5) as chained offset constants:
 * each field starts where the previous one ends, so gaps and overlaps cannot creep in.
 * Sources: Intel "SGX ECDSA Quote Library API" (quote v3) and "TDX DCAP Quoting Library API"
 * (quote v4/v5), `sgx_quote_3.h` / `sgx_quote_4.h` / `sgx_quote_5.h`. All integers little-endian.
 */

/** One field of a fixed layout: byte offset (relative to the structure) and size. */
export interface Field {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
}

/** Builds a contiguous layout from (name, size) pairs; the total size is asserted by the caller. */
function layout(fields: readonly (readonly [string, number])[]): { fields: readonly Field[]; size: number } {
  let at = 0;
  const out: Field[] = [];
  for (const [name, size] of fields) {
    out.push(Object.freeze({ name, offset: at, size }));
    at += size;
  }
  return Object.freeze({ fields: Object.freeze(out), size: at });
}

/** Quote header (48 bytes, `sgx_quote_header_t`), identical in v3, v4 and v5. */
export const HEADER = layout([
  ["version", 2],
  ["att_key_type", 2],
  ["tee_type", 4], // v3: reserved (att_key_data_0)
  ["qe_svn", 2], // v4/v5: reserved
  ["pce_svn", 2], // v4/v5: reserved
  ["qe_vendor_id", 16],
  ["user_data", 20],
]);
export const HEADER_SIZE = 0x30;

/** SGX enclave report body (384 bytes, `sgx_report_body_t`); also the QE report. */
export const SGX_REPORT_BODY = layout([
  ["cpusvn", 16],
  ["miscselect", 4],
  ["reserved1", 12],
  ["isv_ext_prod_id", 16],
  ["attributes", 16],
  ["mrenclave", 32],
  ["reserved2", 32],
  ["mrsigner", 32],
  ["reserved3", 32],
  ["config_id", 64],
  ["isvprodid", 2],
  ["isvsvn", 2],
  ["config_svn", 2],
  ["reserved4", 42],
  ["isv_family_id", 16],
  ["report_data", 64],
]);
export const SGX_REPORT_BODY_SIZE = 384;

/** TD 1.0 report body (584 bytes, `sgx_report2_body_t`). */
export const TD10_REPORT_BODY = layout([
  ["tee_tcb_svn", 16],
  ["mrseam", 48],
  ["mrsignerseam", 48],
  ["seam_attributes", 8],
  ["td_attributes", 8],
  ["xfam", 8],
  ["mrtd", 48],
  ["mrconfigid", 48],
  ["mrowner", 48],
  ["mrownerconfig", 48],
  ["rtmr0", 48],
  ["rtmr1", 48],
  ["rtmr2", 48],
  ["rtmr3", 48],
  ["report_data", 64],
]);
export const TD10_REPORT_BODY_SIZE = 584;

/** TD 1.5 report body (648 bytes, `sgx_report2_body_v1_5_t`): TD 1.0 plus two fields. */
export const TD15_REPORT_BODY = layout([
  ...TD10_REPORT_BODY.fields.map((f) => [f.name, f.size] as const),
  ["tee_tcb_svn2", 16],
  ["mr_servicetd", 48],
]);
export const TD15_REPORT_BODY_SIZE = 648;

/** v5 body descriptor between the header and the body: u16 body type, u32 body size. */
export const V5_BODY_DESCRIPTOR = layout([
  ["body_type", 2],
  ["body_size", 4],
]);
export const V5_BODY_DESCRIPTOR_SIZE = 6;

/** Fixed part of the signature data (`sgx_ql_ecdsa_sig_data_t`) after the u32 length. */
export const ECDSA_SIG_DATA = layout([
  ["quote_signature", 64],
  ["attestation_key", 64],
]);

/** Start of the QE report certification data (`sgx_ql_qe_report_cert_data_t`, type 6 payload; inline in v3). */
export const QE_REPORT_CERT_DATA = layout([
  ["qe_report", SGX_REPORT_BODY_SIZE],
  ["qe_report_signature", 64],
]);

/** Certification data header: u16 type, u32 size (`sgx_ql_certification_data_t`). */
export const CERT_DATA_HEADER = layout([
  ["cert_data_type", 2],
  ["cert_data_size", 4],
]);

export const QUOTE_VERSION_SGX = 3;
export const QUOTE_VERSION_TDX10 = 4;
export const QUOTE_VERSION_5 = 5;
export const ATT_KEY_TYPE_ECDSA_P256 = 2;
export const TEE_TYPE_SGX = 0x00000000;
export const TEE_TYPE_TDX = 0x00000081;
export const V5_BODY_SGX = 1;
export const V5_BODY_TD10 = 2;
export const V5_BODY_TD15 = 3;
/** Certification data types (Intel DCAP `sgx_ql_cert_data_type`). */
export const CERT_TYPE_PPID_CLEARTEXT = 1;
export const CERT_TYPE_PCK_CHAIN = 5;
export const CERT_TYPE_QE_REPORT = 6;
export const INTEL_QE_VENDOR_ID = "939a7233f79c4ca9940a0db3957f0607";
/** SGX ATTRIBUTES.FLAGS bit 1 (DEBUG), in byte 0 of the attributes field. */
export const SGX_FLAGS_DEBUG = 0x02;
/** TD_ATTRIBUTES bit 0 (DEBUG). */
export const TD_ATTRIBUTES_DEBUG = 0x01n;
/** Upper bound on accepted quote sizes; real quotes are about 5 KB. */
export const MAX_QUOTE_SIZE = 64 * 1024;

/** Offset of a named field in a layout; throws on a typo (a programming error). */
export function fieldOf(l: { fields: readonly Field[] }, name: string): Field {
  const f = l.fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
}
