import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import type { Clock } from "../../common/clock.ts";
import { SealedError } from "../../common/errors.ts";
import { parseHex, toHex } from "../../common/hex.ts";
import type { RandomSource } from "../../common/random.ts";
import { type CollateralBundle, makeBundle } from "./collateral.ts";
import { newSimKey, type SimKey, simKeyFromPem } from "./keys.ts";
import { derOfPem, issueCertificate, issueCrl, pemOf } from "./pki.ts";
import * as P from "./profile.ts";
import { encodePckExtension, SGX_EXTENSION_OID } from "./sgx-extension.ts";
import { DAY_MS } from "./time.ts";

/** A simulated SGX/TDX platform: keys, certificate chain and signed collateral. */
export interface SimPlatform {
  readonly rootKey: SimKey;
  readonly pckCaKey: SimKey;
  readonly pckKey: SimKey;
  readonly tcbSigningKey: SimKey;
  /** The quoting enclave's attestation key (signs quotes). */
  readonly attestationKey: SimKey;
  readonly rootDer: Uint8Array;
  readonly pckCaDer: Uint8Array;
  readonly pckDer: Uint8Array;
  readonly tcbSigningDer: Uint8Array;
  readonly ppid: Uint8Array;
  readonly collateralSgx: CollateralBundle;
  readonly collateralTdx: CollateralBundle;
}

export interface SimDeps {
  readonly clock: Clock;
  readonly random: RandomSource;
}

/** Directory layout written by `sealed sim init` (names relative to the sim directory). */
export const SIM_FILES = Object.freeze({
  platform: "platform.json",
  rootDer: "root-ca.der",
  rootPem: "root-ca.pem",
  pckCa: "pck-ca.pem",
  pck: "pck.pem",
  tcbSigning: "tcb-signing.pem",
  collateralSgx: "collateral-sgx.json",
  collateralTdx: "collateral-tdx.json",
  rootKey: "keys/root-ca.key.pem",
  pckCaKey: "keys/pck-ca.key.pem",
  pckKey: "keys/pck.key.pem",
  tcbSigningKey: "keys/tcb-signing.key.pem",
  attestationKey: "keys/attestation.key.pem",
});

async function signCollateral(
  base: Omit<SimPlatform, "collateralSgx" | "collateralTdx">,
  nowMs: number,
): Promise<SimPlatform> {
  const nextMs = nowMs + P.COLLATERAL_VALIDITY_DAYS * DAY_MS;
  const rootCrlDer = await issueCrl(P.ROOT_DN, base.rootKey, nowMs, nextMs);
  const pckCrlDer = await issueCrl(P.PCK_CA_DN, base.pckCaKey, nowMs, nextMs);
  const common = {
    rootDer: base.rootDer,
    pckCaDer: base.pckCaDer,
    tcbSigningDer: base.tcbSigningDer,
    tcbSigningKey: base.tcbSigningKey,
    rootCrlDer,
    pckCrlDer,
    issueMs: nowMs,
    nextMs,
  };
  return Object.freeze({
    ...base,
    collateralSgx: makeBundle({ ...common, kind: "sgx" }),
    collateralTdx: makeBundle({ ...common, kind: "tdx" }),
  });
}

/** Creates a new simulated platform (fresh keys; certificates valid for 10 years from now - 1 day). */
export async function initSimPlatform(deps: SimDeps): Promise<SimPlatform> {
  const now = deps.clock.now();
  const window = { notBeforeMs: now - DAY_MS, notAfterMs: now + P.CERT_VALIDITY_DAYS * DAY_MS, random: deps.random };
  const rootKey = newSimKey(deps.random);
  const pckCaKey = newSimKey(deps.random);
  const pckKey = newSimKey(deps.random);
  const tcbSigningKey = newSimKey(deps.random);
  const attestationKey = newSimKey(deps.random);
  const ppid = deps.random(16);
  const root = { name: P.ROOT_DN, key: rootKey };
  const rootDer = await issueCertificate({ ...window, subject: P.ROOT_DN, key: rootKey, ca: true, pathLength: 1 });
  const pckCaDer = await issueCertificate({
    ...window,
    subject: P.PCK_CA_DN,
    key: pckCaKey,
    issuer: root,
    ca: true,
    pathLength: 0,
  });
  const sgxExt = encodePckExtension({
    ppid,
    tcbComponents: P.SGX_TCB,
    pceSvn: P.PCE_SVN,
    cpuSvn: Uint8Array.from(P.SGX_TCB),
    pceId: parseHex(P.PCE_ID_HEX),
    fmspc: parseHex(P.FMSPC_HEX),
    sgxType: 1,
    platformInstanceId: deps.random(16),
  });
  const pckDer = await issueCertificate({
    ...window,
    subject: P.PCK_DN,
    key: pckKey,
    issuer: { name: P.PCK_CA_DN, key: pckCaKey },
    ca: false,
    extra: [new x509.Extension(SGX_EXTENSION_OID, false, sgxExt)],
  });
  const tcbSigningDer = await issueCertificate({
    ...window,
    subject: P.TCB_SIGNING_DN,
    key: tcbSigningKey,
    issuer: root,
    ca: false,
  });
  return signCollateral(
    { rootKey, pckCaKey, pckKey, tcbSigningKey, attestationKey, rootDer, pckCaDer, pckDer, tcbSigningDer, ppid },
    now,
  );
}

/** Re-signs the CRLs, TCB info and QE identity as of now (same keys and certificates). */
export function refreshSimCollateral(p: SimPlatform, clock: Clock): Promise<SimPlatform> {
  const { collateralSgx: _s, collateralTdx: _t, ...base } = p;
  return signCollateral(base, clock.now());
}

/** The files of a platform: name -> contents, `secret` files must be written mode 0600. */
export function simPlatformFiles(p: SimPlatform): { name: string; data: string | Uint8Array; secret: boolean }[] {
  const f = SIM_FILES;
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  return [
    { name: f.platform, data: json({ format: "sealed-sim/1", ppid: toHex(p.ppid) }), secret: false },
    { name: f.rootDer, data: p.rootDer, secret: false },
    { name: f.rootPem, data: pemOf(p.rootDer), secret: false },
    { name: f.pckCa, data: pemOf(p.pckCaDer), secret: false },
    { name: f.pck, data: pemOf(p.pckDer), secret: false },
    { name: f.tcbSigning, data: pemOf(p.tcbSigningDer), secret: false },
    { name: f.collateralSgx, data: json(p.collateralSgx), secret: false },
    { name: f.collateralTdx, data: json(p.collateralTdx), secret: false },
    { name: f.rootKey, data: p.rootKey.pem, secret: true },
    { name: f.pckCaKey, data: p.pckCaKey.pem, secret: true },
    { name: f.pckKey, data: p.pckKey.pem, secret: true },
    { name: f.tcbSigningKey, data: p.tcbSigningKey.pem, secret: true },
    { name: f.attestationKey, data: p.attestationKey.pem, secret: true },
  ];
}

/** Loads a platform through `read` (returns undefined for a missing file). */
export function loadSimPlatform(read: (name: string) => Uint8Array | undefined): SimPlatform {
  const need = (name: string): Uint8Array => {
    const b = read(name);
    if (!b)
      throw new SealedError(
        "ATT_SIM_NOT_INITIALIZED",
        `simulated TEE file ${name} is missing; run \`sealed sim init\``,
      );
    return b;
  };
  const text = (name: string) => Buffer.from(need(name)).toString("utf8");
  try {
    const meta = JSON.parse(text(SIM_FILES.platform)) as { format?: string; ppid?: string };
    if (meta.format !== "sealed-sim/1" || typeof meta.ppid !== "string")
      throw new Error("unknown platform.json format");
    const f = SIM_FILES;
    return Object.freeze({
      rootKey: simKeyFromPem(text(f.rootKey)),
      pckCaKey: simKeyFromPem(text(f.pckCaKey)),
      pckKey: simKeyFromPem(text(f.pckKey)),
      tcbSigningKey: simKeyFromPem(text(f.tcbSigningKey)),
      attestationKey: simKeyFromPem(text(f.attestationKey)),
      rootDer: Uint8Array.from(need(f.rootDer)),
      pckCaDer: derOfPem(text(f.pckCa)),
      pckDer: derOfPem(text(f.pck)),
      tcbSigningDer: derOfPem(text(f.tcbSigning)),
      ppid: parseHex(meta.ppid, 16),
      collateralSgx: JSON.parse(text(f.collateralSgx)) as CollateralBundle,
      collateralTdx: JSON.parse(text(f.collateralTdx)) as CollateralBundle,
    });
  } catch (err) {
    if (err instanceof SealedError && err.code === "ATT_SIM_NOT_INITIALIZED") throw err;
    throw new SealedError("ATT_SIM_STATE_INVALID", `simulated TEE state is unreadable: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
