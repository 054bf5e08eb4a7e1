/**
 * X.509 certificates for the DCAP chains (RFC 5280), parsed with pkijs into a frozen view that holds
 * exactly what verification needs. Only ECDSA P-256 with SHA-256 is accepted (Intel's PCK, PCK CA,
 * Root CA and TCB Signing certificates all use it).
 */
import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { type ErrorCode, SealedError } from "../../common/errors.ts";
import { toHex } from "../../common/hex.ts";

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

function parseCertificateUnchecked(der: Uint8Array): Certificate {
  const copy = Uint8Array.from(der);
  const asn = berExact(copy, "ATT_CERT_MALFORMED", "certificate");
  let c: pkijs.Certificate;
  try {
    c = new pkijs.Certificate({ schema: asn });
  } catch (err) {
    throw new SealedError("ATT_CERT_MALFORMED", "certificate structure is invalid", { cause: err });
  }
  if (c.signatureAlgorithm.algorithmId !== OID_ECDSA_SHA256 || c.signature.algorithmId !== OID_ECDSA_SHA256) {
    throw new SealedError("ATT_CERT_MALFORMED", `certificate signature algorithm is not ecdsa-with-SHA256`);
  }
  const extensions = new Map<string, Uint8Array>();
  let isCa = false;
  for (const e of c.extensions ?? []) {
    if (extensions.has(e.extnID)) throw new SealedError("ATT_CERT_MALFORMED", `duplicate extension ${e.extnID}`);
    extensions.set(e.extnID, new Uint8Array(e.extnValue.valueBlock.valueHexView));
    if (e.extnID === OID_BASIC_CONSTRAINTS && e.parsedValue instanceof pkijs.BasicConstraints) {
      isCa = e.parsedValue.cA === true;
    }
  }
  const spki = new Uint8Array(c.subjectPublicKeyInfo.toSchema().toBER(false));
  return Object.freeze({
    der: copy,
    tbs: new Uint8Array(c.tbsView),
    signature: new Uint8Array(c.signatureValue.valueBlock.valueHexView),
    subjectRaw: rawName(c.subject),
    issuerRaw: rawName(c.issuer),
    subjectCn: commonName(c.subject),
    issuerCn: commonName(c.issuer),
    serial: normalizeSerial(c.serialNumber.valueBlock.valueHexView),
    notBeforeMs: c.notBefore.value.getTime(),
    notAfterMs: c.notAfter.value.getTime(),
    publicKey: p256Key(spki, "ATT_CERT_MALFORMED"),
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
  return ecdsaVerifyDer(child.tbs, child.signature, issuer.publicKey);
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
