/**
 * TCB level matching and status convergence, following Intel QVL `TcbLevelCheck.cpp`,
 * `TdxModuleCheck.cpp` and `TDRelaunchCheck.cpp` (steps 4.1.2.4.17.x). Levels are taken in the
 * order Intel publishes them (highest first). Component SVNs are compared as the 8-bit values the
 * CPUSVN / TEE_TCB_SVN bytes hold, as QVL does.
 */
import { SealedError } from "../../common/errors.ts";
import type { ModuleTcbLevel, TcbInfo, TcbLevel, TdxModuleIdentity } from "../collateral/tcb-info.ts";
import type { TcbStatus } from "../verifier.ts";
import type { SgxExtension } from "./sgx-extension.ts";

/** QE identity outcome (EnclaveReportVerifier): OK, or the ISVSVN level's OutOfDate / Revoked / no level. */
export type QeTcbOutcome = "UpToDate" | "OutOfDate" | "Revoked" | "NotSupported";

const PLATFORM_STATUSES: readonly string[] = [
  "UpToDate",
  "SWHardeningNeeded",
  "ConfigurationNeeded",
  "ConfigurationAndSWHardeningNeeded",
  "OutOfDate",
  "OutOfDateConfigurationNeeded",
  "Revoked",
];
const MODULE_STATUSES: readonly string[] = ["UpToDate", "OutOfDate", "Revoked"];

export function statusOf(s: string, allowed: readonly string[]): TcbStatus {
  if (!allowed.includes(s)) throw new SealedError("ATT_TCB_STATUS_UNRECOGNIZED", `TCB status "${s}" is not recognized`);
  return s as TcbStatus;
}

const notSupported = (msg: string) => new SealedError("ATT_TCB_NOT_SUPPORTED", msg);
const u8 = (n: number) => n & 0xff;

function sgxHigherOrEqual(pck: SgxExtension, level: TcbLevel): boolean {
  for (let i = 0; i < 16; i++) if (u8(pck.tcbComponents[i]!) < u8(level.sgxComponents[i]!)) return false;
  return pck.pceSvn >= level.pceSvn;
}

function tdxHigherOrEqual(teeTcbSvn: Uint8Array, level: TcbLevel): boolean {
  const start = teeTcbSvn[1]! > 0 ? 2 : 0;
  for (let i = start; i < 16; i++) if (teeTcbSvn[i]! < u8(level.tdxComponents![i]!)) return false;
  return true;
}

/** Finds `TDX_%02X` (case-insensitive) among the module identities. */
export function findModuleIdentity(info: TcbInfo, version: number): TdxModuleIdentity | undefined {
  const want = `TDX_${version.toString(16).toUpperCase().padStart(2, "0")}`;
  return info.tdxModuleIdentities?.find((m) => m.id.toUpperCase() === want);
}

export function convergeWithModule(s: TcbStatus, module: TcbStatus): TcbStatus {
  if (module === "OutOfDate") {
    if (s === "UpToDate" || s === "SWHardeningNeeded") return "OutOfDate";
    if (s === "ConfigurationNeeded" || s === "ConfigurationAndSWHardeningNeeded") return "OutOfDateConfigurationNeeded";
  }
  if (module === "Revoked") return "Revoked";
  return s;
}

export function convergeWithQe(s: TcbStatus, qe: QeTcbOutcome): TcbStatus {
  if (qe === "OutOfDate") {
    if (s === "UpToDate" || s === "SWHardeningNeeded") return "OutOfDate";
    if (s === "ConfigurationNeeded" || s === "ConfigurationAndSWHardeningNeeded") return "OutOfDateConfigurationNeeded";
  }
  if (qe === "Revoked") return "Revoked";
  if (qe === "NotSupported") throw notSupported("no QE identity TCB level matches the QE ISVSVN");
  return s;
}

const configNeeded = (s: TcbStatus) =>
  s === "ConfigurationNeeded" ||
  s === "OutOfDateConfigurationNeeded" ||
  s === "ConfigurationAndSWHardeningNeeded" ||
  s === "TDRelaunchAdvisedConfigurationNeeded";

export interface TcbEvaluation {
  readonly status: TcbStatus;
  /** The matched platform level (TDX level for TDX quotes), and the module level when used. */
  readonly level: TcbLevel;
  readonly moduleLevel?: ModuleTcbLevel;
}

export interface TdxInput {
  readonly quoteVersion: number;
  readonly teeTcbSvn: Uint8Array;
  readonly teeTcbSvn2?: Uint8Array;
}

/** QVL checkTcbLevel: returns the converged status or throws ATT_TCB_NOT_SUPPORTED / ATT_TDX_MODULE_MISMATCH. */
export function evaluateTcb(info: TcbInfo, pck: SgxExtension, qe: QeTcbOutcome, tdx?: TdxInput): TcbEvaluation {
  const isTdx = info.version >= 3 && info.id === "TDX" && tdx !== undefined;
  let sgxLevel: TcbLevel | undefined;
  let tdxLevel: TcbLevel | undefined;
  for (const level of info.tcbLevels) {
    if (!sgxHigherOrEqual(pck, level)) continue;
    if (!isTdx) {
      sgxLevel = level;
      break;
    }
    sgxLevel ??= level;
    if (tdxHigherOrEqual(tdx.teeTcbSvn, level)) {
      tdxLevel = level;
      break;
    }
  }
  if (!sgxLevel) throw notSupported("no TCB level matches the PCK TCB components and PCESVN");
  const sgxStatus = statusOf(sgxLevel.status, PLATFORM_STATUSES);
  if (!isTdx) return { status: convergeWithQe(sgxStatus, qe), level: sgxLevel };

  if (!tdxLevel) throw notSupported("no TCB level matches the TDX TCB components");
  const { moduleStatus, moduleLevel } = moduleTcb(info, tdx);
  let status = convergeWithModule(statusOf(tdxLevel.status, PLATFORM_STATUSES), moduleStatus);
  if (status === "Revoked") return { status, level: tdxLevel, moduleLevel };
  if (tdx.teeTcbSvn2) status = relaunch(tdx.teeTcbSvn2, info, sgxStatus, status, moduleStatus, qe);
  return { status: convergeWithQe(status, qe), level: tdxLevel, moduleLevel };
}

function moduleTcb(info: TcbInfo, tdx: TdxInput): { moduleStatus: TcbStatus; moduleLevel?: ModuleTcbLevel } {
  const version = tdx.teeTcbSvn[1]!;
  if (tdx.quoteVersion > 3 && version === 0) return { moduleStatus: "UpToDate" };
  // Older TCB info v3 without module identities has no module TCB levels to evaluate.
  if (info.tdxModuleIdentities === undefined) return { moduleStatus: "UpToDate" };
  const identity = findModuleIdentity(info, version);
  if (!identity) throw new SealedError("ATT_TDX_MODULE_MISMATCH", `no TDX module identity for version ${version}`);
  const level = identity.tcbLevels.find((l) => tdx.teeTcbSvn[0]! >= l.isvSvn);
  if (!level) throw notSupported(`no TDX module TCB level for ISVSVN ${tdx.teeTcbSvn[0]}`);
  return { moduleStatus: statusOf(level.status, MODULE_STATUSES), moduleLevel: level };
}

/** TD 1.5 relaunch check (QVL checkForRelaunch). */
function relaunch(
  svn2: Uint8Array,
  info: TcbInfo,
  sgx: TcbStatus,
  tdx: TcbStatus,
  module: TcbStatus,
  qe: QeTcbOutcome,
): TcbStatus {
  if (qe !== "UpToDate") return tdx;
  if (!["UpToDate", "SWHardeningNeeded", "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded"].includes(sgx)) {
    return tdx;
  }
  if ((tdx !== "OutOfDate" && tdx !== "OutOfDateConfigurationNeeded") || module !== "OutOfDate") return tdx;
  const latest = info.tcbLevels[0]!;
  let moduleOk: boolean;
  if (svn2[1] === 0) {
    moduleOk = svn2[0]! >= u8(latest.tdxComponents![0]!);
  } else {
    const id2 = findModuleIdentity(info, svn2[1]!);
    if (!id2) throw new SealedError("ATT_TDX_MODULE_MISMATCH", `no TDX module identity for version ${svn2[1]}`);
    const latestModule = id2.tcbLevels[0];
    if (!latestModule) throw notSupported("TDX module identity has no TCB levels");
    moduleOk = svn2[0]! >= latestModule.isvSvn;
  }
  if (moduleOk && svn2[2]! >= u8(latest.tdxComponents![2]!)) {
    return configNeeded(sgx) || configNeeded(tdx) ? "TDRelaunchAdvisedConfigurationNeeded" : "TDRelaunchAdvised";
  }
  return tdx;
}
