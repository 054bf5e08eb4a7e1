/**
 * Intel PCS TCB Info (v2 for SGX, v3 for SGX and TDX; Intel "PCS API v4" TCB Info JSON schema)
 * parsed into a frozen structure. The signed text is kept as received.
 */
import { SealedError } from "../../common/errors.ts";
import { toHex } from "../../common/hex.ts";
import { fieldReader, type Json } from "./json-fields.ts";

export interface TcbLevel {
  /** SGX TCB component SVNs 01..16. */
  readonly sgxComponents: readonly number[];
  readonly pceSvn: number;
  /** TDX TCB component SVNs (TCB info v3 with id TDX). */
  readonly tdxComponents?: readonly number[];
  readonly tcbDateMs: number;
  readonly status: string;
  readonly advisoryIds: readonly string[];
}

export interface ModuleTcbLevel {
  readonly isvSvn: number;
  readonly status: string;
  readonly advisoryIds: readonly string[];
}

export interface TdxModuleIdentity {
  readonly id: string;
  readonly mrsigner: Uint8Array;
  readonly attributes: Uint8Array;
  readonly attributesMask: Uint8Array;
  readonly tcbLevels: readonly ModuleTcbLevel[];
}

export interface TcbInfo {
  /** The exact signed JSON text of the `tcbInfo` object. */
  readonly text: string;
  readonly id: "SGX" | "TDX";
  readonly version: number;
  readonly issueDateMs: number;
  readonly nextUpdateMs: number;
  /** Lowercase hex. */
  readonly fmspc: string;
  readonly pceId: string;
  readonly tcbType: number;
  readonly tcbEvaluationDataNumber: number;
  readonly tdxModule?: Omit<TdxModuleIdentity, "id" | "tcbLevels">;
  /** Undefined when the field is absent (then a TDX module version > 0 cannot be matched). */
  readonly tdxModuleIdentities?: readonly TdxModuleIdentity[];
  readonly tcbLevels: readonly TcbLevel[];
}

const f = fieldReader("ATT_TCB_INFO_MALFORMED", "TCB info");

function components(tcb: Json, key: "sgxtcbcomponents" | "tdxtcbcomponents"): number[] {
  const list = f.arr(tcb, key);
  if (list.length !== 16) throw new SealedError("ATT_TCB_INFO_MALFORMED", `TCB info: ${key} must have 16 entries`);
  return list.map((c) => f.uint(f.obj(c, key), "svn"));
}

function parseLevel(raw: unknown, version: number, tdx: boolean): TcbLevel {
  const level = f.obj(raw, "tcbLevels[]");
  const tcb = f.obj(level.tcb, "tcb");
  const sgxComponents =
    version >= 3
      ? components(tcb, "sgxtcbcomponents")
      : Array.from({ length: 16 }, (_, i) => f.uint(tcb, `sgxtcbcomp${String(i + 1).padStart(2, "0")}svn`));
  return Object.freeze({
    sgxComponents: Object.freeze(sgxComponents),
    pceSvn: f.uint(tcb, "pcesvn", 0xffff),
    tdxComponents: tdx ? Object.freeze(components(tcb, "tdxtcbcomponents")) : undefined,
    tcbDateMs: f.date(level, "tcbDate"),
    status: f.str(level, "tcbStatus"),
    advisoryIds: f.advisories(level),
  });
}

function parseModule(raw: unknown, withLevels: boolean): TdxModuleIdentity {
  const m = f.obj(raw, "tdxModule");
  const levels = withLevels
    ? f.arr(m, "tcbLevels").map((l) => {
        const level = f.obj(l, "tcbLevels[]");
        return Object.freeze({
          isvSvn: f.uint(f.obj(level.tcb, "tcb"), "isvsvn", 0xffff),
          status: f.str(level, "tcbStatus"),
          advisoryIds: f.advisories(level),
        });
      })
    : [];
  return Object.freeze({
    id: withLevels ? f.str(m, "id") : "",
    mrsigner: f.hex(m, "mrsigner", 48),
    attributes: f.hex(m, "attributes", 8),
    attributesMask: f.hex(m, "attributesMask", 8),
    tcbLevels: Object.freeze(levels),
  });
}

/** Parses the `tcbInfo` object text (exactly as signed). */
export function parseTcbInfo(text: string): TcbInfo {
  let o: Json;
  try {
    o = f.obj(JSON.parse(text), "tcbInfo");
  } catch (err) {
    throw SealedError.from(err, "ATT_TCB_INFO_MALFORMED");
  }
  const version = f.uint(o, "version");
  if (version !== 2 && version !== 3) {
    throw new SealedError("ATT_TCB_INFO_MALFORMED", `TCB info version ${version} is not supported (2 or 3)`);
  }
  let id: "SGX" | "TDX" = "SGX";
  if (version === 3) {
    const s = f.str(o, "id");
    if (s !== "SGX" && s !== "TDX") throw new SealedError("ATT_TCB_INFO_MALFORMED", `TCB info id ${s}`);
    id = s;
  }
  const tdx = id === "TDX";
  const levels = f.arr(o, "tcbLevels").map((l) => parseLevel(l, version, tdx));
  return Object.freeze({
    text,
    id,
    version,
    issueDateMs: f.date(o, "issueDate"),
    nextUpdateMs: f.date(o, "nextUpdate"),
    fmspc: toHex(f.hex(o, "fmspc", 6)),
    pceId: toHex(f.hex(o, "pceId", 2)),
    tcbType: f.uint(o, "tcbType"),
    tcbEvaluationDataNumber: f.uint(o, "tcbEvaluationDataNumber"),
    tdxModule: tdx ? parseModule(o.tdxModule, false) : undefined,
    tdxModuleIdentities:
      tdx && o.tdxModuleIdentities !== undefined
        ? Object.freeze(f.arr(o, "tdxModuleIdentities", false).map((m) => parseModule(m, true)))
        : undefined,
    tcbLevels: Object.freeze(levels),
  });
}
