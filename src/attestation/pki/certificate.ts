/**
 * X.509 certificates for the DCAP chains (RFC 5280), parsed with pkijs into a frozen view that holds
 * exactly what verification needs. Only ECDSA P-256 with SHA-256 is accepted (Intel's PCK, PCK CA,
 * Root CA and TCB Signing certificates all use it).
 */
import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from "node:crypto";
import * as asn1js from "asn1js";
import type * as pkijs from "pkijs";
import { type ErrorCode, SealedError } from "../../common/errors.ts";
import { toHex } from "../../common/hex.ts";
import { parseIsoUtc } from "../collateral/iso-time.ts";
import { DerReader, type Tlv } from "./der.ts";
import { memoizedVerify } from "./verify-memo.ts";

export const OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2";
const OID_COMMON_NAME = "2.5.4.3";
const OID_BASIC_CONSTRAINTS = "2.5.29.19";

export interface Certificate {
  readonly der: Uint8Array;
  readonly tbs: Uint8Array;
  /** DER-encoded ECDSA signature over `tbs`. */
  readonly signature: Uint8Array;
  readonly subjectRaw: Uint8Array;
  readonly issuerRaw: Uint8Array;
  readonly subjectCn: string;
  readonly issuerCn: string;
  /** Serial number as unsigned big-endian hex without leading zeros. */
  readonly serial: string;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
  readonly publicKey: KeyObject;
  /** BasicConstraints cA (false when the extension is absent). */
  readonly isCa: boolean;
  /** Raw extnValue contents by OID. */
  readonly extensions: ReadonlyMap<string, Uint8Array>;
  /** SHA-256 of the DER encoding, lowercase hex. */
  readonly sha256: string;
}

/** Strips leading zero bytes of a DER INTEGER's content (serial numbers are compared as values). */
export function normalizeSerial(bytes: Uint8Array): string {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return toHex(bytes.subarray(i));
}

/** Parses one DER structure strictly: it must span the whole input. */
export function berExact(der: Uint8Array, code: ErrorCode, what: string): asn1js.AsnType {
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(der);
  } catch (err) {
    throw new SealedError(code, `${what} is not well-formed DER`, { cause: err });
  }
  if (parsed.offset === -1 || parsed.offset !== der.length) {
    throw new SealedError(code, `${what} is not a single well-formed DER structure`);
  }
  return parsed.result;
}

export function commonName(name: pkijs.RelativeDistinguishedNames): string {
  const cn = name.typesAndValues.filter((t) => t.type === OID_COMMON_NAME);
  if (cn.length !== 1) return "";
  const v = cn[0]!.value as { valueBlock?: { value?: unknown } };
  return typeof v.valueBlock?.value === "string" ? v.valueBlock.value : "";
}

export function rawName(name: pkijs.RelativeDistinguishedNames): Uint8Array {
  return new Uint8Array(name.valueBeforeDecode);
}

/** Imports a SPKI and requires a P-256 EC key. */
export function p256Key(spki: Uint8Array, code: ErrorCode): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
  } catch (err) {
    throw new SealedError(code, "public key is not a valid SPKI", { cause: err });
  }
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new SealedError(code, "public key is not ECDSA P-256");
  }
  return key;
}

/** Parses a DER certificate; throws ATT_CERT_MALFORMED (and nothing else). */
export function parseCertificate(der: Uint8Array): Certificate {
  try {
    return parseCertificateUnchecked(der);
  } catch (err) {
    throw SealedError.from(err, "ATT_CERT_MALFORMED");
  }
}

const ECDSA_SHA256_ALG = "1.2.840.10045.4.3.2";
const CACHE_LIMIT = 256;
/** Parsed certificates by exact DER (a server sees the same CA and platform certificates again and again). */
const cache = new Map<string, Certificate>();

function parseCertificateUnchecked(der: Uint8Array): Certificate {
  const key = Buffer.from(der).toString("latin1");
  const hit = cache.get(key);
  if (hit) return hit;
  const cert = decodeCertificate(Uint8Array.from(der));
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, cert);
  return cert;
}

/** CN of a Name (RDNSequence): the single 2.5.4.3 attribute, or "" when absent or repeated. */
function nameCn(r: DerReader, name: Tlv): string {
  const cns: string[] = [];
  for (const set of r.children(r.expect(name, 0x30, "Name"))) {
    for (const atv of r.children(r.expect(set, 0x31, "RDN"))) {
      const [type, value] = r.children(r.expect(atv, 0x30, "AttributeTypeAndValue"));
      if (!type || !value) r.fail("attribute without value");
      if (r.oid(type) === OID_COMMON_NAME) cns.push(Buffer.from(r.content(value)).toString("utf8"));
    }
  }
  return cns.length === 1 ? cns[0]! : "";
}

function algorithmOid(r: DerReader, t: Tlv | undefined): string {
  const [oid] = r.children(r.expect(t, 0x30, "AlgorithmIdentifier"));
  return r.oid(oid!);
}

function decodeCertificate(copy: Uint8Array): Certificate {
  const r = new DerReader(copy, "ATT_CERT_MALFORMED");
  const top = r.expect(r.tlv(0), 0x30, "Certificate");
  if (top.end !== copy.length) r.fail("trailing bytes after the certificate");
  const [tbs, sigAlg, sigVal, extra] = r.children(top);
  if (extra) r.fail("extra fields in Certificate");
  const f = r.children(r.expect(tbs, 0x30, "TBSCertificate"));
  let i = f[0]?.tag === 0xa0 ? 1 : 0;
  const serial = r.expect(f[i++], 0x02, "serialNumber");
  const tbsAlg = algorithmOid(r, f[i++]);
  const issuer = r.expect(f[i++], 0x30, "issuer");
  const validity = r.children(r.expect(f[i++], 0x30, "validity"));
  const subject = r.expect(f[i++], 0x30, "subject");
  const spki = r.expect(f[i++], 0x30, "subjectPublicKeyInfo");
  if (algorithmOid(r, sigAlg) !== ECDSA_SHA256_ALG || tbsAlg !== ECDSA_SHA256_ALG) {
    r.fail("certificate signature algorithm is not ecdsa-with-SHA256");
  }
  const sigBits = r.content(r.expect(sigVal, 0x03, "signatureValue"));
  if (sigBits.length < 2 || sigBits[0] !== 0) r.fail("bad signature BIT STRING");
  if (validity.length !== 2) r.fail("validity must hold two times");
  const extensions = new Map<string, Uint8Array>();
  let isCa = false;
  for (; i < f.length; i++) {
    if (f[i]!.tag !== 0xa3) continue; // issuerUniqueID / subjectUniqueID are ignored
    const [list] = r.children(f[i]!);
    for (const ext of r.children(r.expect(list, 0x30, "Extensions"))) {
      const parts = r.children(r.expect(ext, 0x30, "Extension"));
      const id = r.oid(parts[0]!);
      const value = r.expect(parts[parts.length - 1], 0x04, "extnValue");
      if (parts.length === 3) r.expect(parts[1], 0x01, "critical");
      else if (parts.length !== 2) r.fail("bad Extension");
      if (extensions.has(id)) r.fail(`duplicate extension ${id}`);
      extensions.set(id, Uint8Array.from(r.content(value)));
      if (id === OID_BASIC_CONSTRAINTS) {
        const br = new DerReader(r.content(value), "ATT_CERT_MALFORMED");
        const bc = br.expect(br.tlv(0), 0x30, "BasicConstraints");
        const [first] = br.children(bc);
        isCa = first?.tag === 0x01 && br.content(first)[0] === 0xff;
      }
    }
  }
  return Object.freeze({
    der: copy,
    tbs: r.encoding(tbs!),
    signature: sigBits.subarray(1),
    subjectRaw: r.encoding(subject),
    issuerRaw: r.encoding(issuer),
    subjectCn: nameCn(r, subject),
    issuerCn: nameCn(r, issuer),
    serial: normalizeSerial(r.content(serial)),
    notBeforeMs: r.time(validity[0]!, parseIsoUtc),
    notAfterMs: r.time(validity[1]!, parseIsoUtc),
    publicKey: p256Key(r.encoding(spki), "ATT_CERT_MALFORMED"),
    isCa,
    extensions,
    sha256: createHash("sha256").update(copy).digest("hex"),
  });
}

/** True when `signatureDer` is a valid ECDSA-SHA256 signature over `data` by `key`. */
export function ecdsaVerifyDer(data: Uint8Array, signatureDer: Uint8Array, key: KeyObject): boolean {
  try {
    return cryptoVerify("sha256", data, key, signatureDer);
  } catch {
    return false;
  }
}

/** True when `child` carries a valid signature by `issuer`'s key. */
export function isSignedBy(child: { tbs: Uint8Array; signature: Uint8Array }, issuer: Certificate): boolean {
  return memoizedVerify(issuer.publicKey, child.tbs, child.signature, () =>
    ecdsaVerifyDer(child.tbs, child.signature, issuer.publicKey),
  );
}

/** Splits PEM text into DER certificates, or a concatenation of DER certificates; never empty. */
export function parseCertificateList(data: Uint8Array | string): Certificate[] {
  const text = typeof data === "string" ? data : undefined;
  if (text === undefined && data instanceof Uint8Array && data.length > 0 && data[0] === 0x30) {
    return splitDer(data).map(parseCertificate);
  }
  const pem = text ?? Buffer.from(data as Uint8Array).toString("latin1");
  const body = pem.replace(/\0+$/, "");
  const blocks = [...body.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  const rest = body.replace(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g, "");
  if (blocks.length === 0 || rest.trim() !== "") {
    throw new SealedError("ATT_CERT_MALFORMED", "certificate data is not a PEM certificate list");
  }
  return blocks.map((m) => {
    const b64 = m[1]!.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new SealedError("ATT_CERT_MALFORMED", "PEM body is not base64");
    return parseCertificate(Buffer.from(b64, "base64"));
  });
}

/** Splits concatenated DER SEQUENCEs (definite lengths only). */
function splitDer(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < data.length) {
    if (data[at] !== 0x30 || at + 2 > data.length)
      throw new SealedError("ATT_CERT_MALFORMED", "bad DER certificate list");
    let len = data[at + 1]!;
    let hdr = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n < 1 || n > 3 || at + 2 + n > data.length) throw new SealedError("ATT_CERT_MALFORMED", "bad DER length");
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + data[at + 2 + i]!;
      hdr += n;
    }
    const end = at + hdr + len;
    if (end > data.length) throw new SealedError("ATT_CERT_MALFORMED", "truncated DER certificate");
    out.push(data.subarray(at, end));
    at = end;
  }
  if (out.length === 0 || out.length > 8) throw new SealedError("ATT_CERT_MALFORMED", "bad number of certificates");
  return out;
}
