/**
 * SGX enclave report body (384 bytes) and TD report bodies (584 / 648 bytes) as frozen structures.
 * Offsets come from `layout.ts`; callers pass exactly the body bytes.
 */
import { type Field, fieldOf, SGX_REPORT_BODY, TD10_REPORT_BODY, TD15_REPORT_BODY } from "./layout.ts";

export interface SgxReportBody {
  readonly raw: Uint8Array;
  readonly cpusvn: Uint8Array;
  readonly miscselect: number;
  readonly isvExtProdId: Uint8Array;
  /** 16 bytes: FLAGS (u64 LE) then XFRM (u64 LE). */
  readonly attributes: Uint8Array;
  readonly mrenclave: Uint8Array;
  readonly mrsigner: Uint8Array;
  readonly configId: Uint8Array;
  readonly isvProdId: number;
  readonly isvSvn: number;
  readonly configSvn: number;
  readonly isvFamilyId: Uint8Array;
  readonly reportData: Uint8Array;
}

export interface TdReportBody {
  readonly raw: Uint8Array;
  readonly teeTcbSvn: Uint8Array;
  readonly mrseam: Uint8Array;
  readonly mrsignerseam: Uint8Array;
  readonly seamAttributes: Uint8Array;
  readonly tdAttributes: Uint8Array;
  readonly xfam: Uint8Array;
  readonly mrtd: Uint8Array;
  readonly mrconfigid: Uint8Array;
  readonly mrowner: Uint8Array;
  readonly mrownerconfig: Uint8Array;
  readonly rtmrs: readonly Uint8Array[];
  readonly reportData: Uint8Array;
  /** TD 1.5 only. */
  readonly teeTcbSvn2?: Uint8Array;
  readonly mrServicetd?: Uint8Array;
}

function slicer(raw: Uint8Array, l: { fields: readonly Field[] }) {
  return (name: string): Uint8Array => {
    const f = fieldOf(l, name);
    return raw.subarray(f.offset, f.offset + f.size);
  };
}

const u16 = (b: Uint8Array) => b[0]! | (b[1]! << 8);
const u32 = (b: Uint8Array) => (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;

/** Parses a 384-byte SGX report body (`sgx_report_body_t`). */
export function parseSgxReportBody(raw: Uint8Array): SgxReportBody {
  if (raw.length !== SGX_REPORT_BODY.size) throw new Error("SGX report body must be 384 bytes");
  const f = slicer(raw, SGX_REPORT_BODY);
  return Object.freeze({
    raw,
    cpusvn: f("cpusvn"),
    miscselect: u32(f("miscselect")),
    isvExtProdId: f("isv_ext_prod_id"),
    attributes: f("attributes"),
    mrenclave: f("mrenclave"),
    mrsigner: f("mrsigner"),
    configId: f("config_id"),
    isvProdId: u16(f("isvprodid")),
    isvSvn: u16(f("isvsvn")),
    configSvn: u16(f("config_svn")),
    isvFamilyId: f("isv_family_id"),
    reportData: f("report_data"),
  });
}

/** Parses a TD 1.0 (584-byte) or TD 1.5 (648-byte) report body. */
export function parseTdReportBody(raw: Uint8Array): TdReportBody {
  const td15 = raw.length === TD15_REPORT_BODY.size;
  if (!td15 && raw.length !== TD10_REPORT_BODY.size) throw new Error("TD report body must be 584 or 648 bytes");
  const f = slicer(raw, td15 ? TD15_REPORT_BODY : TD10_REPORT_BODY);
  return Object.freeze({
    raw,
    teeTcbSvn: f("tee_tcb_svn"),
    mrseam: f("mrseam"),
    mrsignerseam: f("mrsignerseam"),
    seamAttributes: f("seam_attributes"),
    tdAttributes: f("td_attributes"),
    xfam: f("xfam"),
    mrtd: f("mrtd"),
    mrconfigid: f("mrconfigid"),
    mrowner: f("mrowner"),
    mrownerconfig: f("mrownerconfig"),
    rtmrs: Object.freeze([f("rtmr0"), f("rtmr1"), f("rtmr2"), f("rtmr3")]),
    reportData: f("report_data"),
    teeTcbSvn2: td15 ? f("tee_tcb_svn2") : undefined,
    mrServicetd: td15 ? f("mr_servicetd") : undefined,
  });
}
