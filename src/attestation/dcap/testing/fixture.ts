/**
 * Test-only: a complete DCAP world under a generated root (PCK chain with the SGX extension, TCB
 * signing chain, CRLs, signed TCB info and QE identity) and a quote builder that re-signs an SGX v3
 * quote over it. Used to reach checks a real quote cannot (revoked PCK, debug enclave, ...).
 */
import "reflect-metadata";
import { createHash, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import * as asn1js from "asn1js";
import { loadCollateralBundle } from "../../collateral/collateral.ts";
import { parseIsoUtc } from "../../collateral/iso-time.ts";
import { OID_SGX_EXTENSION } from "../sgx-extension.ts";

type PKey = x509.X509CertificateCreateWithKeyParams["signingKey"];
type PCrypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
const crypto = webcrypto as unknown as PCrypto;
const ALG = { name: "ECDSA", hash: "SHA-256" } as const;
const EC = { name: "ECDSA", namedCurve: "P-256" } as const;
const O = ", O=Test Corporation, L=Santa Clara, ST=CA, C=US";

// biome-ignore lint/style/noRestrictedGlobals: test fixture converts fixed times to Date for the generator
const at = (ms: number) => new Date(ms);
export const T0 = parseIsoUtc("2030-01-01T00:00:00Z")!;
const DAY = 86_400_000;

type Keys = webcrypto.CryptoKeyPair;
const gen = async (): Promise<Keys> => (await webcrypto.subtle.generateKey(EC, true, ["sign", "verify"])) as Keys;
let serialCounter = 1;

async function cert(
  subject: string,
  keys: Keys,
  issuer: { name: string; keys: Keys } | undefined,
  ca: boolean,
  extra: x509.Extension[] = [],
) {
  const c = await x509.X509CertificateGenerator.create(
    {
      serialNumber: (serialCounter++).toString(16).padStart(4, "0"),
      subject,
      issuer: issuer?.name ?? subject,
      notBefore: at(T0 - 365 * DAY),
      notAfter: at(T0 + 365 * DAY),
      publicKey: keys.publicKey as unknown as PKey,
      signingKey: (issuer?.keys ?? keys).privateKey as unknown as PKey,
      signingAlgorithm: ALG,
      extensions: [new x509.BasicConstraintsExtension(ca, undefined, true), ...extra],
    },
    crypto,
  );
  return c;
}

async function crl(issuer: string, keys: Keys, revoked: string[]) {
  const c = await x509.X509CrlGenerator.create(
    {
      issuer,
      thisUpdate: at(T0 - 10 * DAY),
      nextUpdate: at(T0 + 10 * DAY),
      signingAlgorithm: ALG,
      signingKey: keys.privateKey as unknown as PKey,
      entries: revoked.map((serialNumber) => ({
        serialNumber,
        revocationDate: at(T0 - 20 * DAY),
        reason: x509.X509CrlReason.keyCompromise,
      })),
    },
    crypto,
  );
  return Buffer.from(c.rawData).toString("hex");
}

const seq = (oid: string, v: asn1js.AsnType) =>
  new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), v] });
const P = OID_SGX_EXTENSION;

export interface FixtureOptions {
  readonly tcbComponents?: number[];
  readonly pceSvn?: number;
  readonly revokePck?: boolean;
  readonly revokeCa?: boolean;
  readonly revokeTcbSigner?: boolean;
}

function sgxExtension(fmspc: string, comps: number[], pceSvn: number): x509.Extension {
  const tcb = comps.map((c, i) => seq(`${P}.2.${i + 1}`, new asn1js.Integer({ value: c })));
  tcb.push(seq(`${P}.2.17`, new asn1js.Integer({ value: pceSvn })));
  tcb.push(seq(`${P}.2.18`, new asn1js.OctetString({ valueHex: Uint8Array.from(comps) })));
  const der = new asn1js.Sequence({
    value: [
      seq(`${P}.1`, new asn1js.OctetString({ valueHex: new Uint8Array(16) })),
      seq(`${P}.2`, new asn1js.Sequence({ value: tcb })),
      seq(`${P}.3`, new asn1js.OctetString({ valueHex: new Uint8Array(2) })),
      seq(`${P}.4`, new asn1js.OctetString({ valueHex: Buffer.from(fmspc, "hex") })),
      seq(`${P}.5`, new asn1js.Enumerated({ value: 0 })),
    ],
  }).toBER();
  return new x509.Extension(P, false, der);
}

const signP1363 = async (keys: Keys, data: Uint8Array) =>
  new Uint8Array(await webcrypto.subtle.sign(ALG, keys.privateKey, data));
const rawPub = async (keys: Keys) =>
  new Uint8Array(await webcrypto.subtle.exportKey("raw", keys.publicKey)).subarray(1);

export const FIXTURE_FMSPC = "112233445566";

/** Builds the generated world around an SGX v3 template quote (its header, body and QE report are reused). */
export async function makeSgxFixture(template: Uint8Array, o: FixtureOptions = {}) {
  const rootK = await gen();
  const caK = await gen();
  const pckK = await gen();
  const tcbK = await gen();
  const rootName = `CN=Intel SGX Root CA${O}`;
  const caName = `CN=Intel SGX PCK Processor CA${O}`;
  const comps = o.tcbComponents ?? Array(16).fill(5);
  const pceSvn = o.pceSvn ?? 10;
  const root = await cert(rootName, rootK, undefined, true);
  const ca = await cert(caName, caK, { name: rootName, keys: rootK }, true);
  const pck = await cert(`CN=Intel SGX PCK Certificate${O}`, pckK, { name: caName, keys: caK }, false, [
    sgxExtension(FIXTURE_FMSPC, comps, pceSvn),
  ]);
  const tcbSigner = await cert(`CN=Intel SGX TCB Signing${O}`, tcbK, { name: rootName, keys: rootK }, false);
  const qeReport = template.subarray(564, 948);
  const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
  const tcbInfo = JSON.stringify({
    id: "SGX",
    version: 3,
    issueDate: "2029-12-01T00:00:00Z",
    nextUpdate: "2030-02-01T00:00:00Z",
    fmspc: FIXTURE_FMSPC.toUpperCase(),
    pceId: "0000",
    tcbType: 0,
    tcbEvaluationDataNumber: 17,
    tcbLevels: [
      {
        tcb: { sgxtcbcomponents: Array(16).fill({ svn: 5 }), pcesvn: 10 },
        tcbDate: "2029-01-01T00:00:00Z",
        tcbStatus: "UpToDate",
      },
      {
        tcb: { sgxtcbcomponents: Array(16).fill({ svn: 3 }), pcesvn: 10 },
        tcbDate: "2028-01-01T00:00:00Z",
        tcbStatus: "SWHardeningNeeded",
        advisoryIDs: ["INTEL-SA-00001"],
      },
      {
        tcb: { sgxtcbcomponents: Array(16).fill({ svn: 1 }), pcesvn: 5 },
        tcbDate: "2027-01-01T00:00:00Z",
        tcbStatus: "Revoked",
        advisoryIDs: ["INTEL-SA-00002"],
      },
    ],
  });
  const le32 = (b: Uint8Array) => hex(b.subarray(0, 4));
  const qeIdentity = JSON.stringify({
    id: "QE",
    version: 2,
    issueDate: "2029-12-01T00:00:00Z",
    nextUpdate: "2030-02-01T00:00:00Z",
    tcbEvaluationDataNumber: 17,
    miscselect: le32(qeReport.subarray(16, 20)),
    miscselectMask: "FFFFFFFF",
    attributes: hex(qeReport.subarray(48, 64)),
    attributesMask: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
    mrsigner: hex(qeReport.subarray(128, 160)),
    isvprodid: qeReport[256]! | (qeReport[257]! << 8),
    tcbLevels: [{ tcb: { isvsvn: 0 }, tcbDate: "2029-01-01T00:00:00Z", tcbStatus: "UpToDate" }],
  });
  const pem = (cs: x509.X509Certificate[]) => cs.map((c) => c.toString("pem")).join("\n");
  const bundle = {
    pck_crl_issuer_chain: pem([ca, root]),
    root_ca_crl: await crl(rootName, rootK, [
      ...(o.revokeCa ? [ca.serialNumber] : []),
      ...(o.revokeTcbSigner ? [tcbSigner.serialNumber] : []),
    ]),
    pck_crl: await crl(caName, caK, o.revokePck ? [pck.serialNumber] : []),
    tcb_info_issuer_chain: pem([tcbSigner, root]),
    tcb_info: tcbInfo,
    tcb_info_signature: hex(await signP1363(tcbK, Buffer.from(tcbInfo))),
    qe_identity_issuer_chain: pem([tcbSigner, root]),
    qe_identity: qeIdentity,
    qe_identity_signature: hex(await signP1363(tcbK, Buffer.from(qeIdentity))),
  };
  const chainPem = Buffer.from(pem([pck, ca, root]));

  /** Builds and signs an SGX v3 quote; `edit` may change header/body bytes [0,432) before signing. */
  async function quote(edit?: (signed: Uint8Array) => void): Promise<Uint8Array> {
    const attK = await gen();
    const attPub = await rawPub(attK);
    const signed = Uint8Array.from(template.subarray(0, 432));
    edit?.(signed);
    const auth = Uint8Array.from({ length: 32 }, (_, i) => i);
    const qe = Uint8Array.from(qeReport);
    qe.fill(0, 320, 384);
    qe.set(createHash("sha256").update(attPub).update(auth).digest(), 320);
    const parts: Uint8Array[] = [
      await signP1363(attK, signed),
      attPub,
      qe,
      await signP1363(pckK, qe),
      Uint8Array.of(32, 0),
      auth,
      Uint8Array.of(5, 0),
      new Uint8Array(new Uint32Array([chainPem.length]).buffer),
      chainPem,
    ];
    const sig = Buffer.concat(parts);
    return Buffer.concat([signed, new Uint8Array(new Uint32Array([sig.length]).buffer), sig]);
  }

  return {
    rootDer: new Uint8Array(root.rawData),
    bundle,
    collateral: loadCollateralBundle(bundle),
    quote,
    time: T0,
  };
}
