/**
 * The Intel SGX PCK certificate extension (OID 1.2.840.113741.1.13.1; Intel "SGX PCK Certificate and
 * CRL Profile"): a SEQUENCE of (OID, value) pairs holding PPID, TCB (16 SGX TCB component SVNs,
 * PCESVN, CPUSVN), PCE-ID, FMSPC, SGX type and, for the Platform CA, the platform instance ID.
 */
import * as asn1js from "asn1js";
import { SealedError } from "../../common/errors.ts";
import { toHex } from "../../common/hex.ts";
import { berExact } from "../pki/certificate.ts";

export const OID_SGX_EXTENSION = "1.2.840.113741.1.13.1";
const P = OID_SGX_EXTENSION;

export interface SgxExtension {
  readonly ppid: string;
  /** SGX TCB component SVNs 01..16. */
  readonly tcbComponents: readonly number[];
  readonly pceSvn: number;
  readonly cpuSvn: string;
  /** Hex, lowercase. */
  readonly pceId: string;
  readonly fmspc: string;
  readonly sgxType: number;
  readonly platformInstanceId?: string;
}

const bad = (msg: string) => new SealedError("ATT_PCK_EXTENSION_INVALID", `SGX extension: ${msg}`);

/** Reads a SEQUENCE of SEQUENCE{OID, value} into a map; duplicates are rejected. */
function pairs(seq: asn1js.AsnType, what: string): Map<string, asn1js.AsnType> {
  if (!(seq instanceof asn1js.Sequence)) throw bad(`${what} is not a SEQUENCE`);
  const out = new Map<string, asn1js.AsnType>();
  for (const item of seq.valueBlock.value) {
    if (!(item instanceof asn1js.Sequence) || item.valueBlock.value.length !== 2) throw bad(`${what} entry malformed`);
    const [oid, value] = item.valueBlock.value;
    if (!(oid instanceof asn1js.ObjectIdentifier)) throw bad(`${what} entry lacks an OID`);
    const id = oid.valueBlock.toString();
    if (out.has(id)) throw bad(`duplicate ${id}`);
    out.set(id, value!);
  }
  return out;
}

function octets(v: asn1js.AsnType | undefined, size: number, what: string): string {
  if (!(v instanceof asn1js.OctetString) || v.valueBlock.valueHexView.length !== size) {
    throw bad(`${what} must be an OCTET STRING of ${size} bytes`);
  }
  return toHex(v.valueBlock.valueHexView);
}

function uint(v: asn1js.AsnType | undefined, what: string, enumerated = false): number {
  const ok = enumerated ? v instanceof asn1js.Enumerated : v instanceof asn1js.Integer;
  if (!ok) throw bad(`${what} must be an ${enumerated ? "ENUMERATED" : "INTEGER"}`);
  const n = (v as asn1js.Integer).valueBlock.valueDec;
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffff) throw bad(`${what} out of range`);
  return n;
}

/** Parses the SGX extension's extnValue contents (the DER SEQUENCE); throws ATT_PCK_EXTENSION_INVALID only. */
export function parseSgxExtension(der: Uint8Array): SgxExtension {
  try {
    return parseUnchecked(der);
  } catch (err) {
    throw SealedError.from(err, "ATT_PCK_EXTENSION_INVALID");
  }
}

function parseUnchecked(der: Uint8Array): SgxExtension {
  const top = pairs(berExact(der, "ATT_PCK_EXTENSION_INVALID", "SGX extension"), "extension");
  const tcb = pairs(top.get(`${P}.2`) ?? new asn1js.Null(), "TCB");
  const tcbComponents: number[] = [];
  for (let i = 1; i <= 16; i++) tcbComponents.push(uint(tcb.get(`${P}.2.${i}`), `TCB component ${i}`));
  const pceSvn = uint(tcb.get(`${P}.2.17`), "PCESVN");
  const cpuSvn = octets(tcb.get(`${P}.2.18`), 16, "CPUSVN");
  const pid = top.get(`${P}.6`);
  return Object.freeze({
    ppid: octets(top.get(`${P}.1`), 16, "PPID"),
    tcbComponents: Object.freeze(tcbComponents),
    pceSvn,
    cpuSvn,
    pceId: octets(top.get(`${P}.3`), 2, "PCE-ID"),
    fmspc: octets(top.get(`${P}.4`), 6, "FMSPC"),
    sgxType: uint(top.get(`${P}.5`), "SGX type", true),
    platformInstanceId: pid === undefined ? undefined : octets(pid, 16, "platform instance ID"),
  });
}
