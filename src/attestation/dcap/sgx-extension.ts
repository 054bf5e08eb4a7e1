/**
 * The Intel SGX PCK certificate extension (OID 1.2.840.113741.1.13.1; Intel "SGX PCK Certificate and
 * CRL Profile"): a SEQUENCE of (OID, value) pairs holding PPID, TCB (16 SGX TCB component SVNs,
 * PCESVN, CPUSVN), PCE-ID, FMSPC, SGX type and, for the Platform CA, the platform instance ID.
 */
import { SealedError } from "../../common/errors.ts";
import { toHex } from "../../common/hex.ts";
import { DerReader, type Tlv } from "../pki/der.ts";

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
function pairs(r: DerReader, seq: Tlv | undefined, what: string): Map<string, Tlv> {
  if (seq?.tag !== 0x30) throw bad(`${what} is not a SEQUENCE`);
  const out = new Map<string, Tlv>();
  for (const item of r.children(seq)) {
    const kv = item.tag === 0x30 ? r.children(item) : [];
    if (kv.length !== 2 || kv[0]!.tag !== 0x06) throw bad(`${what} entry malformed`);
    const id = r.oid(kv[0]!);
    if (out.has(id)) throw bad(`duplicate ${id}`);
    out.set(id, kv[1]!);
  }
  return out;
}

function octets(r: DerReader, v: Tlv | undefined, size: number, what: string): string {
  if (v?.tag !== 0x04 || v.end - v.body !== size) throw bad(`${what} must be an OCTET STRING of ${size} bytes`);
  return toHex(r.content(v));
}

/** Non-negative INTEGER (0x02) or ENUMERATED (0x0a) up to 0xffff, minimally encoded. */
function uint(r: DerReader, v: Tlv | undefined, what: string, enumerated = false): number {
  if (!v || v.tag !== (enumerated ? 0x0a : 0x02))
    throw bad(`${what} must be an ${enumerated ? "ENUMERATED" : "INTEGER"}`);
  const c = r.content(v);
  if (c.length === 0 || c.length > 3 || (c[0]! & 0x80) !== 0) throw bad(`${what} out of range`);
  if (c.length > 1 && c[0] === 0 && (c[1]! & 0x80) === 0) throw bad(`${what} is not minimally encoded`);
  let n = 0;
  for (const b of c) n = n * 256 + b;
  if (n > 0xffff) throw bad(`${what} out of range`);
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
  const r = new DerReader(der, "ATT_PCK_EXTENSION_INVALID");
  const root = r.tlv(0);
  if (root.end !== der.length) throw bad("trailing bytes");
  const top = pairs(r, root, "extension");
  const tcb = pairs(r, top.get(`${P}.2`), "TCB");
  const tcbComponents: number[] = [];
  for (let i = 1; i <= 16; i++) tcbComponents.push(uint(r, tcb.get(`${P}.2.${i}`), `TCB component ${i}`));
  const pid = top.get(`${P}.6`);
  return Object.freeze({
    ppid: octets(r, top.get(`${P}.1`), 16, "PPID"),
    tcbComponents: Object.freeze(tcbComponents),
    pceSvn: uint(r, tcb.get(`${P}.2.17`), "PCESVN"),
    cpuSvn: octets(r, tcb.get(`${P}.2.18`), 16, "CPUSVN"),
    pceId: octets(r, top.get(`${P}.3`), 2, "PCE-ID"),
    fmspc: octets(r, top.get(`${P}.4`), 6, "FMSPC"),
    sgxType: uint(r, top.get(`${P}.5`), "SGX type", true),
    platformInstanceId: pid === undefined ? undefined : octets(r, pid, 16, "platform instance ID"),
  });
}
