/**
 * Intel PCS Enclave Identity v2 (QE / TD_QE) parsed into a frozen structure; the signed text is
 * kept as received. Field rules follow Intel QVL `EnclaveIdentityV2` (all fields required,
 * non-empty tcbLevels).
 */
import { SealedError } from "../../common/errors.ts";
import { fieldReader, type Json } from "./json-fields.ts";

export interface QeTcbLevel {
  readonly isvSvn: number;
  readonly status: string;
  readonly advisoryIds: readonly string[];
}

export interface QeIdentity {
  readonly text: string;
  readonly id: "QE" | "QVE" | "TD_QE";
  readonly version: number;
  readonly issueDateMs: number;
  readonly nextUpdateMs: number;
  readonly tcbEvaluationDataNumber: number;
  /** MISCSELECT and its mask as little-endian u32 values (the JSON hex is the byte order in the report). */
  readonly miscselect: number;
  readonly miscselectMask: number;
  readonly attributes: Uint8Array;
  readonly attributesMask: Uint8Array;
  readonly mrsigner: Uint8Array;
  readonly isvProdId: number;
  readonly tcbLevels: readonly QeTcbLevel[];
}

/** TCB statuses an enclave identity level may carry (QVL `parseStringToTcbStatus`). */
const STATUSES = [
  "UpToDate",
  "SWHardeningNeeded",
  "ConfigurationNeeded",
  "ConfigurationAndSWHardeningNeeded",
  "OutOfDate",
  "OutOfDateConfigurationNeeded",
  "Revoked",
];
const f = fieldReader("ATT_QE_IDENTITY_MALFORMED", "QE identity");
const le32 = (b: Uint8Array) => (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;

/** Parses the `enclaveIdentity` object text (exactly as signed). */
export function parseQeIdentity(text: string): QeIdentity {
  let o: Json;
  try {
    o = f.obj(JSON.parse(text), "enclaveIdentity");
  } catch (err) {
    throw SealedError.from(err, "ATT_QE_IDENTITY_MALFORMED");
  }
  const version = f.uint(o, "version");
  if (version !== 2) throw new SealedError("ATT_QE_IDENTITY_MALFORMED", `QE identity version ${version} (expected 2)`);
  const id = f.str(o, "id");
  if (id !== "QE" && id !== "QVE" && id !== "TD_QE") throw new SealedError("ATT_QE_IDENTITY_MALFORMED", `id ${id}`);
  const levels = f.arr(o, "tcbLevels").map((l) => {
    const level = f.obj(l, "tcbLevels[]");
    f.date(level, "tcbDate");
    const status = f.str(level, "tcbStatus");
    if (!STATUSES.includes(status)) throw new SealedError("ATT_QE_IDENTITY_MALFORMED", `QE TCB status "${status}"`);
    return Object.freeze({
      isvSvn: f.uint(f.obj(level.tcb, "tcb"), "isvsvn", 0xffff),
      status,
      advisoryIds: f.advisories(level),
    });
  });
  return Object.freeze({
    text,
    id,
    version,
    issueDateMs: f.date(o, "issueDate"),
    nextUpdateMs: f.date(o, "nextUpdate"),
    tcbEvaluationDataNumber: f.uint(o, "tcbEvaluationDataNumber"),
    miscselect: le32(f.hex(o, "miscselect", 4)),
    miscselectMask: le32(f.hex(o, "miscselectMask", 4)),
    attributes: f.hex(o, "attributes", 16),
    attributesMask: f.hex(o, "attributesMask", 16),
    mrsigner: f.hex(o, "mrsigner", 32),
    isvProdId: f.uint(o, "isvprodid", 0xffff),
    tcbLevels: Object.freeze(levels),
  });
}
