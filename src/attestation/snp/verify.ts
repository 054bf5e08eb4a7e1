import { createHash, verify as cryptoVerify } from "node:crypto";
import { ctEqual } from "../../common/ct-equal.ts";
import { SealedError } from "../../common/errors.ts";
import { toHex } from "../../common/hex.ts";
import type { VerifiedClaims } from "../verifier.ts";
import { parseSnpReport, type SnpReport } from "./abi.ts";
import { isEcP384, isPssSha384, parseSnpCerts, type SnpCert, vcekHwId, vcekTcb } from "./certs.ts";
import { ARK_GENOA_PEM, ASVK_GENOA_PEM } from "./trust-genoa.ts";
import { ARK_MILAN_PEM, ASK_MILAN_PEM } from "./trust-milan.ts";

/** A trusted AMD root (ARK) and the name reported as `trustAnchor` when a chain ends there. */
export interface SnpTrustAnchor {
  readonly name: string;
  /** ARK certificate (DER or PEM). */
  readonly ark: Uint8Array;
  /** Known ASKs for this product, used when the evidence does not carry one. */
  readonly asks?: readonly Uint8Array[];
}

export const MILAN_TRUST_ANCHOR: SnpTrustAnchor = Object.freeze({
  name: "amd-ark-milan",
  ark: new TextEncoder().encode(ARK_MILAN_PEM),
  asks: Object.freeze([new TextEncoder().encode(ASK_MILAN_PEM)]),
});

export const GENOA_TRUST_ANCHOR: SnpTrustAnchor = Object.freeze({
  name: "amd-ark-genoa",
  ark: new TextEncoder().encode(ARK_GENOA_PEM),
  asks: Object.freeze([new TextEncoder().encode(ASVK_GENOA_PEM)]),
});

/** The built-in AMD roots (their names are reported without a fingerprint). */
export const AMD_TRUST_ANCHORS: readonly SnpTrustAnchor[] = Object.freeze([MILAN_TRUST_ANCHOR, GENOA_TRUST_ANCHOR]);

export interface SnpVerifyOptions {
  readonly timeMs: number;
  /** Trusted roots; default: AMD ARK-Milan and ARK-Genoa. */
  readonly trustAnchors?: readonly SnpTrustAnchor[];
}

/** Policy bit 19: DEBUG allowed (SEV-SNP ABI, GUEST_POLICY). */
const POLICY_DEBUG = 1n << 19n;

function checkValidity(cert: SnpCert, role: string, timeMs: number): void {
  const from = cert.parsed.notBefore.getTime();
  const to = cert.parsed.notAfter.getTime();
  if (!(timeMs >= from && timeMs <= to)) {
    throw new SealedError("ATT_SNP_CERT_EXPIRED", `${role} is not valid at time ${timeMs} ms`, {
      details: { role, notBefore: cert.node.validFrom, notAfter: cert.node.validTo },
    });
  }
}

function signedBy(child: SnpCert, parent: SnpCert): boolean {
  if (!isPssSha384(child)) return false;
  try {
    return child.node.verify(parent.publicKey);
  } catch {
    return false;
  }
}

interface Chain {
  leaf: SnpCert;
  ask: SnpCert;
  ark: SnpCert;
  anchor: string;
}

/** Finds VCEK/VLEK -> ASK/ASVK -> trusted ARK and checks every signature. */
function buildChain(certs: SnpCert[], anchors: readonly SnpTrustAnchor[]): Chain {
  const leaves = certs.filter(isEcP384);
  if (leaves.length === 0) throw new SealedError("ATT_SNP_CERT_MISSING", "no VCEK/VLEK (P-384) certificate supplied");
  if (leaves.length > 1) throw new SealedError("ATT_SNP_CERT_PARSE", "more than one P-384 leaf certificate supplied");
  const leaf = leaves[0];
  const supplied = certs.filter((c) => !isEcP384(c));
  const known = anchors.flatMap((a) => (a.asks ?? []).flatMap(parseSnpCerts));
  const askCandidates = [...supplied, ...known].filter((c) => c.node.subject === leaf.node.issuer);
  if (askCandidates.length === 0) {
    throw new SealedError("ATT_SNP_UNTRUSTED_ROOT", `no ASK/ASVK for issuer ${leaf.node.issuer.replace(/\n/g, ",")}`);
  }
  const ask = askCandidates.find((c) => signedBy(leaf, c));
  if (!ask) throw new SealedError("ATT_SNP_CHAIN_SIGNATURE", "the VCEK/VLEK signature does not verify with the ASK");
  for (const anchor of anchors) {
    const [ark] = parseSnpCerts(anchor.ark);
    if (ark.node.subject !== ask.node.issuer) continue;
    // A supplied ARK must be the trusted one, byte for byte.
    for (const c of supplied) {
      if (c.node.subject === ark.node.subject && !ctEqual(c.der, ark.der)) {
        throw new SealedError("ATT_SNP_UNTRUSTED_ROOT", "the supplied ARK differs from the trusted ARK");
      }
    }
    if (!signedBy(ask, ark))
      throw new SealedError("ATT_SNP_CHAIN_SIGNATURE", "the ASK signature does not verify with the ARK");
    if (!signedBy(ark, ark)) throw new SealedError("ATT_SNP_CHAIN_SIGNATURE", "the ARK self-signature does not verify");
    return { leaf, ask, ark, anchor: anchor.name };
  }
  throw new SealedError("ATT_SNP_UNTRUSTED_ROOT", `no trusted ARK for ${ask.node.issuer.replace(/\n/g, ",")}`);
}

function verifyReportSignature(report: SnpReport, leaf: SnpCert): void {
  const sig = new Uint8Array(96);
  sig.set(report.signatureR, 0);
  sig.set(report.signatureS, 48);
  let ok = false;
  try {
    ok = cryptoVerify("sha384", report.signedBytes, { key: leaf.publicKey, dsaEncoding: "ieee-p1363" }, sig);
  } catch {
    ok = false;
  }
  if (!ok) throw new SealedError("ATT_SNP_REPORT_SIGNATURE", "SNP report signature does not verify with the VCEK");
}

function claimsOf(report: SnpReport): Record<string, string> {
  return {
    version: String(report.version),
    guest_svn: String(report.guestSvn),
    policy: report.policy.toString(),
    vmpl: String(report.vmpl),
    measurement: toHex(report.measurement),
    host_data: toHex(report.hostData),
    family_id: toHex(report.familyId),
    image_id: toHex(report.imageId),
    id_key_digest: toHex(report.idKeyDigest),
    author_key_digest: toHex(report.authorKeyDigest),
    report_id: toHex(report.reportId),
    chip_id: toHex(report.chipId),
    reported_tcb_bl: String(report.reportedTcb.bl),
    reported_tcb_tee: String(report.reportedTcb.tee),
    reported_tcb_snp: String(report.reportedTcb.snp),
    reported_tcb_ucode: String(report.reportedTcb.ucode),
    signing_key: report.signingKey,
  };
}

/**
 * Verifies a SEV-SNP report: structure, VCEK/VLEK -> ASK -> ARK chain (RSASSA-PSS SHA-384, salt
 * 48) ending at a trusted ARK, validity at `timeMs`, the report signature (ECDSA P-384 SHA-384
 * over [0, 0x2A0)), and the VCEK TCB and hwID extensions against REPORTED_TCB and CHIP_ID.
 */
export function verifySnpReport(
  reportBytes: Uint8Array,
  certificates: readonly Uint8Array[],
  options: SnpVerifyOptions,
): VerifiedClaims {
  const report = parseSnpReport(reportBytes);
  if (report.signingKey === "none")
    throw new SealedError("ATT_SNP_KEY_KIND", "the report is not signed (SIGNING_KEY = none)");
  const certs = certificates.flatMap(parseSnpCerts);
  const chain = buildChain(certs, options.trustAnchors ?? AMD_TRUST_ANCHORS);
  const hwId = vcekHwId(chain.leaf);
  const leafIsVlek = hwId === undefined;
  if (leafIsVlek !== (report.signingKey === "vlek")) {
    throw new SealedError(
      "ATT_SNP_KEY_KIND",
      `report is signed by the ${report.signingKey.toUpperCase()} but a ${leafIsVlek ? "VLEK" : "VCEK"} was supplied`,
    );
  }
  checkValidity(chain.ark, "ARK", options.timeMs);
  checkValidity(chain.ask, "ASK", options.timeMs);
  checkValidity(chain.leaf, leafIsVlek ? "VLEK" : "VCEK", options.timeMs);
  verifyReportSignature(report, chain.leaf);
  const tcb = vcekTcb(chain.leaf);
  const r = report.reportedTcb;
  if (tcb.bl !== r.bl || tcb.tee !== r.tee || tcb.snp !== r.snp || tcb.ucode !== r.ucode) {
    throw new SealedError("ATT_SNP_TCB_MISMATCH", "VCEK TCB does not match the report's REPORTED_TCB", {
      details: { vcek: tcb, reported: { bl: r.bl, tee: r.tee, snp: r.snp, ucode: r.ucode } },
    });
  }
  if (hwId !== undefined && !report.maskChipKey && !ctEqual(hwId, report.chipId)) {
    throw new SealedError("ATT_SNP_CHIP_ID_MISMATCH", "VCEK hwID does not match the report's CHIP_ID");
  }
  const arkFp = createHash("sha256").update(chain.ark.der).digest("hex");
  return Object.freeze({
    tee: "snp",
    status: "UpToDate",
    advisoryIds: Object.freeze([]),
    reportData: Uint8Array.from(report.reportData),
    debug: (report.policy & POLICY_DEBUG) !== 0n,
    claims: Object.freeze(claimsOf(report)),
    trustAnchor: AMD_TRUST_ANCHORS.some((a) => a.name === chain.anchor) ? chain.anchor : `${chain.anchor}:${arkFp}`,
  });
}
