/**
 * Attestation policy: what a verified piece of evidence must show to be accepted. Every field is
 * optional; undefined means "not checked", except `acceptedTcbStatuses` (default: UpToDate only)
 * and `allowDebug` (default: false). The JSON shape is documented in docs/attestation-policy.md.
 */
import { SealedError } from "../../common/errors.ts";
import type { TcbStatus, TeeKind } from "../verifier.ts";

export interface SgxPolicy {
  /** Accepted MRENCLAVE values (hex, 32 bytes). */
  readonly mrenclave?: readonly string[];
  readonly mrsigner?: readonly string[];
  readonly isvProdId?: number;
  readonly minIsvSvn?: number;
}

export interface TdxPolicy {
  /** Accepted MRTD values (hex, 48 bytes). */
  readonly mrtd?: readonly string[];
  readonly rtmr0?: string;
  readonly rtmr1?: string;
  readonly rtmr2?: string;
  readonly rtmr3?: string;
  readonly mrconfigid?: string;
  /** Exact TD attributes (hex, 8 bytes as in the quote). */
  readonly tdAttributes?: string;
  readonly xfam?: string;
}

export interface SnpPolicy {
  /** Accepted launch measurements (hex, 48 bytes). */
  readonly measurement?: readonly string[];
  /** Exact guest policy (u64, as a number or a decimal / 0x-hex string). */
  readonly policy?: string | number;
  readonly vmpl?: number;
}

export interface Policy {
  readonly tee?: TeeKind;
  /** Expected 64-byte report data (hex). */
  readonly reportData?: string;
  readonly acceptedTcbStatuses?: readonly TcbStatus[];
  readonly rejectedAdvisoryIds?: readonly string[];
  readonly allowDebug?: boolean;
  /** Accepted trust anchors ("intel-sgx-root", "custom:<sha256>", ...). */
  readonly trustAnchors?: readonly string[];
  readonly sgx?: SgxPolicy;
  readonly tdx?: TdxPolicy;
  readonly snp?: SnpPolicy;
}

const STATUSES: readonly TcbStatus[] = [
  "UpToDate",
  "SWHardeningNeeded",
  "ConfigurationNeeded",
  "ConfigurationAndSWHardeningNeeded",
  "OutOfDate",
  "OutOfDateConfigurationNeeded",
  "TDRelaunchAdvised",
  "TDRelaunchAdvisedConfigurationNeeded",
  "Revoked",
];

const bad = (path: string, expect: string) => new SealedError("ATT_POLICY_INVALID", `policy ${path} must be ${expect}`);

type Obj = Record<string, unknown>;
function obj(v: unknown, path: string, keys: readonly string[]): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw bad(path, "an object");
  for (const k of Object.keys(v)) if (!keys.includes(k)) throw bad(`${path}.${k}`, "a known field (typo?)");
  return v as Obj;
}
function hex(v: unknown, path: string, bytes: number): string {
  if (typeof v !== "string" || !new RegExp(`^(0x)?[0-9a-fA-F]{${bytes * 2}}$`).test(v)) {
    throw bad(path, `${bytes} bytes of hex`);
  }
  return v.replace(/^0x/, "").toLowerCase();
}
function hexList(v: unknown, path: string, bytes: number): string[] {
  if (!Array.isArray(v) || v.length === 0) throw bad(path, "a non-empty array of hex strings");
  return v.map((x, i) => hex(x, `${path}[${i}]`, bytes));
}
function uint(v: unknown, path: string, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) throw bad(path, `an integer 0..${max}`);
  return v;
}
const opt = <T>(v: unknown, f: (x: unknown) => T): T | undefined => (v === undefined ? undefined : f(v));

/** Parses and checks a policy (JSON text or object); unknown fields are rejected. */
export function parsePolicy(input: string | unknown): Policy {
  let raw: unknown = input;
  if (typeof input === "string") {
    try {
      raw = JSON.parse(input);
    } catch (err) {
      throw new SealedError("ATT_POLICY_INVALID", "policy is not valid JSON", { cause: err });
    }
  }
  const o = obj(raw, "", [
    "tee",
    "reportData",
    "acceptedTcbStatuses",
    "rejectedAdvisoryIds",
    "allowDebug",
    "trustAnchors",
    "sgx",
    "tdx",
    "snp",
  ]);
  const strings = (v: unknown, path: string) => {
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw bad(path, "an array of strings");
    return Object.freeze([...(v as string[])]);
  };
  const policy: Policy = {
    tee: opt(o.tee, (v) => {
      if (v !== "sgx" && v !== "tdx" && v !== "snp") throw bad("tee", '"sgx", "tdx" or "snp"');
      return v;
    }),
    reportData: opt(o.reportData, (v) => hex(v, "reportData", 64)),
    acceptedTcbStatuses: opt(o.acceptedTcbStatuses, (v) => {
      const list = strings(v, "acceptedTcbStatuses");
      for (const s of list) if (!STATUSES.includes(s as TcbStatus)) throw bad("acceptedTcbStatuses", "TCB statuses");
      return list as readonly TcbStatus[];
    }),
    rejectedAdvisoryIds: opt(o.rejectedAdvisoryIds, (v) => strings(v, "rejectedAdvisoryIds")),
    allowDebug: opt(o.allowDebug, (v) => {
      if (typeof v !== "boolean") throw bad("allowDebug", "a boolean");
      return v;
    }),
    trustAnchors: opt(o.trustAnchors, (v) => strings(v, "trustAnchors")),
    sgx: opt(o.sgx, (v) => {
      const s = obj(v, "sgx", ["mrenclave", "mrsigner", "isvProdId", "minIsvSvn"]);
      return Object.freeze({
        mrenclave: opt(s.mrenclave, (x) => hexList(x, "sgx.mrenclave", 32)),
        mrsigner: opt(s.mrsigner, (x) => hexList(x, "sgx.mrsigner", 32)),
        isvProdId: opt(s.isvProdId, (x) => uint(x, "sgx.isvProdId", 0xffff)),
        minIsvSvn: opt(s.minIsvSvn, (x) => uint(x, "sgx.minIsvSvn", 0xffff)),
      });
    }),
    tdx: opt(o.tdx, (v) => {
      const keys = ["mrtd", "rtmr0", "rtmr1", "rtmr2", "rtmr3", "mrconfigid", "tdAttributes", "xfam"];
      const t = obj(v, "tdx", keys);
      return Object.freeze({
        mrtd: opt(t.mrtd, (x) => hexList(x, "tdx.mrtd", 48)),
        rtmr0: opt(t.rtmr0, (x) => hex(x, "tdx.rtmr0", 48)),
        rtmr1: opt(t.rtmr1, (x) => hex(x, "tdx.rtmr1", 48)),
        rtmr2: opt(t.rtmr2, (x) => hex(x, "tdx.rtmr2", 48)),
        rtmr3: opt(t.rtmr3, (x) => hex(x, "tdx.rtmr3", 48)),
        mrconfigid: opt(t.mrconfigid, (x) => hex(x, "tdx.mrconfigid", 48)),
        tdAttributes: opt(t.tdAttributes, (x) => hex(x, "tdx.tdAttributes", 8)),
        xfam: opt(t.xfam, (x) => hex(x, "tdx.xfam", 8)),
      });
    }),
    snp: opt(o.snp, (v) => {
      const s = obj(v, "snp", ["measurement", "policy", "vmpl"]);
      return Object.freeze({
        measurement: opt(s.measurement, (x) => hexList(x, "snp.measurement", 48)),
        policy: opt(s.policy, (x) => {
          if (typeof x === "number") return uint(x, "snp.policy", Number.MAX_SAFE_INTEGER);
          if (typeof x === "string" && /^(0x[0-9a-fA-F]{1,16}|[0-9]{1,20})$/.test(x)) return x;
          throw bad("snp.policy", "a u64 number or decimal / 0x-hex string");
        }),
        vmpl: opt(s.vmpl, (x) => uint(x, "snp.vmpl", 3)),
      });
    }),
  };
  return Object.freeze(policy);
}
