import "reflect-metadata";
import { createPrivateKey, type KeyObject, sign, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { dateAt } from "../sim/time.ts";
import { OID_BL_SPL, OID_HW_ID, OID_SNP_SPL, OID_TEE_SPL, OID_UCODE_SPL } from "./certs.ts";
import * as L from "./layout.ts";

/**
 * A synthetic AMD-style chain for tests (ARK/ASK RSA-2048 RSASSA-PSS SHA-384 salt 48, P-384
 * VCEK with TCB and hwID extensions) and a report signer: lets tests reach the TCB and chip-ID
 * checks with validly signed reports. Not used outside tests.
 */
type PKey = x509.X509CertificateCreateWithKeyParams["signingKey"];
type PCrypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
type PAlg = NonNullable<x509.X509CertificateCreateWithKeyParams["signingAlgorithm"]>;
const crypto = webcrypto as unknown as PCrypto;
const PSS = { name: "RSA-PSS", saltLength: 48 } as unknown as PAlg;
const ORG = "OU=Engineering,C=US,L=Test,ST=CA,O=Sealed Test AMD";

export interface TestVcekTcb {
  readonly bl: number;
  readonly tee: number;
  readonly snp: number;
  readonly ucode: number;
}

export interface TestSnpChain {
  readonly arkDer: Uint8Array;
  readonly askDer: Uint8Array;
  readonly vcekDer: Uint8Array;
  readonly vcekKey: KeyObject;
}

const int = (n: number) => Uint8Array.of(0x02, 0x01, n);

export async function makeTestSnpChain(
  tcb: TestVcekTcb,
  /** The VCEK chip ID; undefined makes a VLEK (no hwID extension). */
  hwId: Uint8Array | undefined,
  notBeforeMs: number,
  notAfterMs: number,
): Promise<TestSnpChain> {
  const rsa = { name: "RSA-PSS", modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: "SHA-384" };
  const ark = (await webcrypto.subtle.generateKey(rsa, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const ask = (await webcrypto.subtle.generateKey(rsa, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const vcek = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, true, [
    "sign",
    "verify",
  ])) as webcrypto.CryptoKeyPair;
  const dates = { notBefore: dateAt(notBeforeMs), notAfter: dateAt(notAfterMs) };
  const issue = async (
    subject: string,
    issuer: string,
    pub: webcrypto.CryptoKey,
    signer: webcrypto.CryptoKey,
    exts: x509.Extension[],
  ) =>
    new Uint8Array(
      (
        await x509.X509CertificateGenerator.create(
          {
            serialNumber: "01",
            subject,
            issuer,
            ...dates,
            publicKey: pub as unknown as PKey,
            signingKey: signer as unknown as PKey,
            signingAlgorithm: PSS,
            extensions: exts,
          },
          crypto,
        )
      ).rawData,
    );
  const arkName = `${ORG},CN=ARK-Test`;
  const askName = `${ORG},CN=SEV-Test`;
  const arkDer = await issue(arkName, arkName, ark.publicKey, ark.privateKey, [
    new x509.BasicConstraintsExtension(true),
  ]);
  const askDer = await issue(askName, arkName, ask.publicKey, ark.privateKey, [
    new x509.BasicConstraintsExtension(true),
  ]);
  const vcekDer = await issue(`${ORG},CN=SEV-VCEK`, askName, vcek.publicKey, ask.privateKey, [
    new x509.Extension(OID_BL_SPL, false, int(tcb.bl)),
    new x509.Extension(OID_TEE_SPL, false, int(tcb.tee)),
    new x509.Extension(OID_SNP_SPL, false, int(tcb.snp)),
    new x509.Extension(OID_UCODE_SPL, false, int(tcb.ucode)),
    ...(hwId ? [new x509.Extension(OID_HW_ID, false, hwId)] : []),
  ]);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", vcek.privateKey));
  return { arkDer, askDer, vcekDer, vcekKey: createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }) };
}

export interface TestReportFields {
  readonly reportData: Uint8Array;
  readonly measurement?: Uint8Array;
  readonly tcb: TestVcekTcb;
  readonly chipId: Uint8Array;
  readonly maskChipKey?: boolean;
  /** SIGNING_KEY = 1 (VLEK) instead of 0 (VCEK). */
  readonly vlek?: boolean;
  readonly policy?: bigint;
}

/** A v2 SNP report with the given fields, signed by `key` (r, s little-endian in 72-byte fields). */
export function signTestReport(key: KeyObject, f: TestReportFields): Uint8Array {
  const r = new Uint8Array(L.REPORT_SIZE);
  const v = new DataView(r.buffer);
  v.setUint32(L.VERSION, 2, true);
  v.setBigUint64(L.POLICY, f.policy ?? 0x30000n, true);
  v.setUint32(L.SIGNATURE_ALGO, 1, true);
  v.setUint32(L.KEY_FLAGS, (f.maskChipKey ? 2 : 0) | (f.vlek ? 1 << 2 : 0), true);
  r.set(f.reportData, L.REPORT_DATA);
  r.set(f.measurement ?? new Uint8Array(48).fill(0x4d), L.MEASUREMENT);
  const tcb = Uint8Array.of(f.tcb.bl, f.tcb.tee, 0, 0, 0, 0, f.tcb.snp, f.tcb.ucode);
  for (const off of [L.CURRENT_TCB, L.REPORTED_TCB, L.COMMITTED_TCB, L.LAUNCH_TCB]) r.set(tcb, off);
  r.set(f.chipId, L.CHIP_ID);
  const sig = sign("sha384", r.subarray(0, L.SIGNATURE), { key, dsaEncoding: "ieee-p1363" });
  r.set(Uint8Array.from(sig.subarray(0, 48)).reverse(), L.SIG_R);
  r.set(Uint8Array.from(sig.subarray(48, 96)).reverse(), L.SIG_S);
  return r;
}
