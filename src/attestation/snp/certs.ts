import "reflect-metadata";
import { type KeyObject, X509Certificate as NodeX509 } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { SealedError } from "../../common/errors.ts";

/** AMD VCEK/VLEK extension OIDs (AMD "Versioned Chip Endorsement Key" spec 57230, Table 8). */
export const OID_BL_SPL = "1.3.6.1.4.1.3704.1.3.1";
export const OID_TEE_SPL = "1.3.6.1.4.1.3704.1.3.2";
export const OID_SNP_SPL = "1.3.6.1.4.1.3704.1.3.3";
export const OID_UCODE_SPL = "1.3.6.1.4.1.3704.1.3.8";
export const OID_HW_ID = "1.3.6.1.4.1.3704.1.4";
export const OID_CSP_ID = "1.3.6.1.4.1.3704.1.5";

/** One certificate in both parsers' views: node's for signatures, peculiar's for extensions. */
export interface SnpCert {
  readonly der: Uint8Array;
  readonly node: NodeX509;
  readonly parsed: x509.X509Certificate;
  /** Decoded eagerly: node decodes lazily and can throw on a malformed key. */
  readonly publicKey: KeyObject;
}

const PEM_RE = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/g;

/** Splits DER or PEM (possibly several certificates) into parsed certificates. */
export function parseSnpCerts(blob: Uint8Array): SnpCert[] {
  const text = Buffer.from(blob).toString("latin1");
  const ders: Uint8Array[] = [];
  if (text.includes("-----BEGIN CERTIFICATE-----")) {
    for (const m of text.match(PEM_RE) ?? []) {
      const b64 = m.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
      ders.push(Uint8Array.from(Buffer.from(b64, "base64")));
    }
  } else {
    ders.push(Uint8Array.from(blob));
  }
  return ders.map((der) => {
    try {
      // PEM on purpose: node searches DER input for embedded PEM text first.
      const pem = `-----BEGIN CERTIFICATE-----\n${(
        Buffer.from(der)
          .toString("base64")
          .match(/.{1,64}/g) ?? []
      ).join("\n")}\n-----END CERTIFICATE-----\n`;
      const node = new NodeX509(pem);
      const parsed = new x509.X509Certificate(der);
      return Object.freeze({ der, node, parsed, publicKey: node.publicKey });
    } catch (err) {
      throw new SealedError("ATT_SNP_CERT_PARSE", "SEV-SNP certificate cannot be parsed", { cause: err });
    }
  });
}

/** Reads a small non-negative DER INTEGER extension value (the SPL extensions: `02 01 xx`). */
function splOf(cert: SnpCert, oid: string): number {
  const ext = cert.parsed.getExtension(oid);
  if (!ext) throw new SealedError("ATT_SNP_CERT_PARSE", `VCEK lacks the TCB extension ${oid}`);
  const v = new Uint8Array(ext.value);
  if (v.length < 3 || v.length > 4 || v[0] !== 0x02 || v[1] !== v.length - 2) {
    throw new SealedError("ATT_SNP_CERT_PARSE", `VCEK extension ${oid} is not a small INTEGER`);
  }
  const n = v.length === 3 ? v[2] : (v[2] << 8) | v[3];
  if (v.length === 4 && v[2] !== 0) throw new SealedError("ATT_SNP_CERT_PARSE", `VCEK extension ${oid} is not minimal`);
  if (n > 255) throw new SealedError("ATT_SNP_CERT_PARSE", `VCEK extension ${oid} is out of range`);
  return n;
}

export interface VcekTcb {
  readonly bl: number;
  readonly tee: number;
  readonly snp: number;
  readonly ucode: number;
}

export function vcekTcb(cert: SnpCert): VcekTcb {
  return Object.freeze({
    bl: splOf(cert, OID_BL_SPL),
    tee: splOf(cert, OID_TEE_SPL),
    snp: splOf(cert, OID_SNP_SPL),
    ucode: splOf(cert, OID_UCODE_SPL),
  });
}

/** The VCEK hwID extension: the raw 64-byte chip ID (undefined for a VLEK). */
export function vcekHwId(cert: SnpCert): Uint8Array | undefined {
  const ext = cert.parsed.getExtension(OID_HW_ID);
  if (!ext) return undefined;
  const v = new Uint8Array(ext.value);
  if (v.length === 64) return v;
  if (v.length === 66 && v[0] === 0x04 && v[1] === 64) return v.subarray(2);
  throw new SealedError("ATT_SNP_CERT_PARSE", "VCEK hwID extension is not 64 bytes");
}

export function isEcP384(cert: SnpCert): boolean {
  const d = cert.publicKey.asymmetricKeyDetails;
  return cert.publicKey.asymmetricKeyType === "ec" && d?.namedCurve === "secp384r1";
}

/** True when the certificate is signed with RSASSA-PSS, SHA-384, salt 48 (AMD's chain algorithm). */
export function isPssSha384(cert: SnpCert): boolean {
  let a: { name?: string; hash?: { name?: string }; saltLength?: number };
  try {
    a = cert.parsed.signatureAlgorithm as typeof a;
  } catch {
    return false;
  }
  return a.name === "RSA-PSS" && a.hash?.name === "SHA-384" && a.saltLength === 48;
}
