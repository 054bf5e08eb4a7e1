/**
 * The Intel DCAP verifier (SGX and TDX) behind the common `Verifier` interface. Collateral comes
 * from an injected CollateralSource; the trust anchor defaults to the Intel SGX Root CA.
 */
import { SealedError } from "../../common/errors.ts";
import type { CollateralSource } from "../collateral/source.ts";
import { type Certificate, parseCertificate, parseCertificateList } from "../pki/certificate.ts";
import type { Evidence, VerifiedClaims, Verifier, VerifyOptions } from "../verifier.ts";
import { dcapClaims } from "./claims.ts";
import { INTEL_SGX_ROOT_CA_DER, INTEL_TRUST_ANCHOR_NAME } from "./intel-root.ts";
import { CERT_TYPE_PCK_CHAIN } from "./layout.ts";
import { parseDcapQuote } from "./quote.ts";
import { OID_SGX_EXTENSION, parseSgxExtension } from "./sgx-extension.ts";
import { caTypeOf, verifyDcapQuote } from "./verify-quote.ts";

export interface DcapVerifierOptions {
  readonly collateral: CollateralSource;
  /** DER of the root certificate to trust instead of the Intel SGX Root CA (tests, simulated TEE). */
  readonly trustAnchorDer?: Uint8Array;
}

const intelRoot = parseCertificate(INTEL_SGX_ROOT_CA_DER);

/** "intel-sgx-root" for Intel's root, otherwise "custom:<sha256 of the root DER>". */
export function trustAnchorName(anchor: Certificate): string {
  return anchor.sha256 === intelRoot.sha256 ? INTEL_TRUST_ANCHOR_NAME : `custom:${anchor.sha256}`;
}

class DcapVerifier implements Verifier {
  private readonly anchor: Certificate;
  private readonly anchorName: string;

  constructor(
    readonly tee: "sgx" | "tdx",
    private readonly options: DcapVerifierOptions,
  ) {
    this.anchor = options.trustAnchorDer ? parseCertificate(options.trustAnchorDer) : intelRoot;
    this.anchorName = trustAnchorName(this.anchor);
  }

  async verify(evidence: Evidence, options: VerifyOptions): Promise<VerifiedClaims> {
    if (!Number.isFinite(options.timeMs)) throw new SealedError("INTERNAL", "verification time must be a number");
    const quote = parseDcapQuote(evidence.bytes);
    if (quote.tee !== this.tee || evidence.tee !== this.tee) {
      throw new SealedError("ATT_QUOTE_UNSUPPORTED_TEE", `a ${quote.tee} quote given to the ${this.tee} verifier`);
    }
    let fmspc: string | undefined;
    let caType: "processor" | "platform" = "processor";
    if (quote.certification.type === CERT_TYPE_PCK_CHAIN) {
      const certs = parseCertificateList(quote.certification.data);
      const leaf = certs.find((c) => c.subjectCn.includes("SGX PCK Certificate"));
      const ext = leaf?.extensions.get(OID_SGX_EXTENSION);
      if (leaf && ext) {
        fmspc = parseSgxExtension(ext).fmspc;
        caType = caTypeOf(leaf.issuerCn);
      }
    }
    const collateral = await this.options.collateral.get({ fmspc, caType, tee: quote.tee });
    const result = verifyDcapQuote(quote, collateral, this.anchor, options.timeMs);
    return dcapClaims(quote, result, this.anchorName);
  }
}

export function createDcapVerifier(tee: "sgx" | "tdx", options: DcapVerifierOptions): Verifier {
  return new DcapVerifier(tee, options);
}
