import { SealedError } from "../common/errors.ts";
import { decodeCbor } from "./cbor.ts";
import { children, contentOf, encodingOf, readTlv, type Tlv } from "./der.ts";
import {
  LEGACY_OID_DER,
  LEGACY_OID_PATTERN,
  MAX_EVIDENCE,
  MIN_EVIDENCE,
  TCG_EVIDENCE_TAG,
  TCG_OID_DER,
} from "./formats.ts";

/** What an RA-TLS certificate carries, located by structure (not yet verified). */
export interface RatlsContents {
  /** Full DER SubjectPublicKeyInfo (what the bindings hash). */
  readonly spki: Uint8Array;
  /** TCG tagged evidence: the quote and the exact claims bytes. */
  readonly tcg?: { readonly evidence: Uint8Array; readonly claims: Uint8Array };
  /** Legacy Gramine quote extension. */
  readonly legacy?: { readonly evidence: Uint8Array };
}

const TAG_SEQUENCE = 0x30;
const TAG_OID = 0x06;
const TAG_BOOLEAN = 0x01;
const TAG_OCTETS = 0x04;
const TAG_EXPLICIT_0 = 0xa0;
const TAG_EXPLICIT_3 = 0xa3;

const malformed = (why: string): never => {
  throw new SealedError("RATLS_EXTENSION_MALFORMED", why);
};
const parseFail = (why: string): never => {
  throw new SealedError("RATLS_CERT_PARSE", why);
};

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function checkSize(n: number, what: string): void {
  if (n < MIN_EVIDENCE || n > MAX_EVIDENCE)
    malformed(`${what} evidence is ${n} bytes, outside ${MIN_EVIDENCE}..${MAX_EVIDENCE}`);
}

/** The extension value (OCTET STRING TLV) after the OID, checking the critical flag is FALSE. */
function extensionValue(der: Uint8Array, parts: Tlv[], what: string): Tlv {
  let i = 1;
  if (parts[i]?.tag === TAG_BOOLEAN) {
    const c = contentOf(der, parts[i]);
    if (c.length !== 1 || c[0] !== 0) malformed(`${what} extension is marked critical`);
    i++;
  }
  const v = parts[i];
  if (!v || v.tag !== TAG_OCTETS || i !== parts.length - 1) malformed(`${what} extension has no OCTET STRING value`);
  return v;
}

function parseTagged(bytes: Uint8Array): { evidence: Uint8Array; claims: Uint8Array } {
  const v = decodeCbor(bytes);
  if (v.kind !== "tag" || v.tag !== TCG_EVIDENCE_TAG) {
    throw new SealedError("RATLS_CBOR_MALFORMED", `TCG evidence is not CBOR tag ${TCG_EVIDENCE_TAG}`);
  }
  const a = v.value;
  if (a.kind !== "array" || a.items.length !== 2 || a.items[0].kind !== "bytes" || a.items[1].kind !== "bytes") {
    throw new SealedError("RATLS_CBOR_MALFORMED", "TCG evidence is not [bstr evidence, bstr claims]");
  }
  return { evidence: a.items[0].value, claims: a.items[1].value };
}

/**
 * Walks a DER certificate to its SubjectPublicKeyInfo and extensions, and pulls out the TCG
 * tagged-evidence and legacy quote extensions (Gramine's rules: critical must be FALSE, the
 * legacy OCTET STRING must use a 2-byte long-form length, evidence 128..8192 bytes).
 */
export function extractRatls(der: Uint8Array): RatlsContents {
  const cert = readTlv(der, 0);
  if (cert.tag !== TAG_SEQUENCE || cert.end !== der.length) parseFail("not a single DER certificate");
  const [tbs] = children(der, cert);
  if (!tbs || tbs.tag !== TAG_SEQUENCE) return parseFail("no TBSCertificate");
  const fields = children(der, tbs);
  const base = fields[0]?.tag === TAG_EXPLICIT_0 ? 1 : 0;
  const spkiTlv = fields[base + 5];
  if (!spkiTlv || spkiTlv.tag !== TAG_SEQUENCE) return parseFail("no SubjectPublicKeyInfo");
  const out: { spki: Uint8Array; tcg?: RatlsContents["tcg"]; legacy?: RatlsContents["legacy"] } = {
    spki: encodingOf(der, spkiTlv).slice(),
  };
  const extsWrap = fields.slice(base + 6).find((f) => f.tag === TAG_EXPLICIT_3);
  if (!extsWrap) return Object.freeze(out);
  const [extSeq] = children(der, extsWrap);
  if (!extSeq || extSeq.tag !== TAG_SEQUENCE) return parseFail("extensions are not a SEQUENCE");
  for (const ext of children(der, extSeq)) {
    if (ext.tag !== TAG_SEQUENCE) parseFail("an extension is not a SEQUENCE");
    const parts = children(der, ext);
    if (parts[0]?.tag !== TAG_OID) parseFail("an extension has no OID");
    const oid = encodingOf(der, parts[0]);
    if (equalBytes(oid, TCG_OID_DER)) {
      if (out.tcg) malformed("duplicate TCG evidence extension");
      const v = extensionValue(der, parts, "TCG");
      const tagged = parseTagged(contentOf(der, v));
      checkSize(tagged.evidence.length, "TCG");
      out.tcg = Object.freeze(tagged);
    } else if (equalBytes(oid, LEGACY_OID_DER) || equalBytes(oid, LEGACY_OID_PATTERN)) {
      if (out.legacy) malformed("duplicate legacy quote extension");
      const v = extensionValue(der, parts, "legacy quote");
      if (v.lengthOctets !== 2) malformed("legacy quote OCTET STRING must use a 2-byte long-form length (04 82 HH LL)");
      const evidence = contentOf(der, v).slice();
      checkSize(evidence.length, "legacy");
      out.legacy = Object.freeze({ evidence });
    }
  }
  return Object.freeze(out);
}
