/**
 * Collateral laid out as separate files, as in Intel QVL's `sampleData` and QVL's AttestationApp
 * arguments: tcbInfo.json and qeIdentity.json (PCS response bodies), rootCaCrl.der (or .pem),
 * intermediateCaCrl.der (or .pem), tcbSignChain.pem, pckSignChain.pem and, for quotes without an
 * embedded chain, pckCert.pem. File access is injected (`read` returns undefined when missing).
 */
import { SealedError } from "../../common/errors.ts";
import { type Collateral, parseCollateral, splitSignedBody } from "./collateral.ts";

export type FileReader = (name: string) => Uint8Array | undefined;

export function loadCollateralFiles(read: FileReader): Collateral {
  const need = (...names: string[]): Uint8Array => {
    for (const n of names) {
      const b = read(n);
      if (b !== undefined) return b;
    }
    throw new SealedError("ATT_COLLATERAL_MALFORMED", `collateral directory lacks ${names.join(" / ")}`);
  };
  const text = (...names: string[]) => Buffer.from(need(...names)).toString("utf8");
  const crl = (base: string): Uint8Array | string => {
    const der = read(`${base}.der`);
    return der ?? text(`${base}.pem`);
  };
  const tcb = splitSignedBody(text("tcbInfo.json"), "tcbInfo");
  const qe = splitSignedBody(text("qeIdentity.json"), "enclaveIdentity");
  const signChain = text("tcbSignChain.pem");
  const pckSignChain = text("pckSignChain.pem");
  const pckCert = read("pckCert.pem");
  return parseCollateral({
    pckCrlIssuerChain: pckSignChain,
    rootCaCrl: crl("rootCaCrl"),
    pckCrl: crl("intermediateCaCrl"),
    tcbInfoIssuerChain: signChain,
    tcbInfo: tcb.text,
    tcbInfoSignature: tcb.signature,
    qeIdentityIssuerChain: signChain,
    qeIdentity: qe.text,
    qeIdentitySignature: qe.signature,
    pckCertChain: pckCert === undefined ? undefined : Buffer.from(pckCert).toString("utf8") + pckSignChain,
  });
}
