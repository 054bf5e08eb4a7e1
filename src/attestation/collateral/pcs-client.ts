/**
 * Intel PCS / PCCS v4 collateral client (Intel "Provisioning Certification Service API v4"; PCCS
 * serves the same paths). The base URL is configured like `pccs_url` in sgx_default_qcnl.conf
 * (`https://host:8081/sgx/certification/v4/`, or just `https://host:8081`); the HTTP fetcher and
 * the clock are injected, and parsed collateral is cached per (TEE, FMSPC, CA type).
 */
import type { Clock } from "../../common/clock.ts";
import { SealedError } from "../../common/errors.ts";
import { type Collateral, crlFrom, parseCollateral, splitSignedBody } from "./collateral.ts";
import type { CollateralRequest, CollateralSource } from "./source.ts";

/** The subset of WHATWG fetch the client needs (global fetch satisfies it). */
export type Fetcher = (
  url: string,
  init: { headers: Record<string, string> },
) => Promise<{
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

export interface PcsClientOptions {
  readonly baseUrl: string;
  readonly fetcher: Fetcher;
  readonly clock: Clock;
  /** How long fetched collateral is reused (default 1 hour). Validity is still checked per verification. */
  readonly cacheTtlMs?: number;
  /** Intel PCS subscription key (`Ocp-Apim-Subscription-Key`); PCCS needs none. */
  readonly apiKey?: string;
  /** Root CA CRL URL (default: PCCS `…/sgx/certification/v4/rootcacrl`). */
  readonly rootCaCrlUrl?: string;
}

interface Response {
  body: Uint8Array;
  header(name: string): string;
}

class PcsCollateralSource implements CollateralSource {
  private readonly root: string;
  private readonly cache = new Map<string, { at: number; collateral: Promise<Collateral> }>();

  constructor(private readonly o: PcsClientOptions) {
    let base = o.baseUrl.replace(/\/+$/, "");
    base = base.replace(/\/(sgx|tdx)\/certification\/v4$/, "");
    if (!/^https?:\/\/[^/]+/.test(base))
      throw new SealedError("CONFIG_INVALID", `PCCS URL ${o.baseUrl} is not http(s)`);
    this.root = base;
  }

  async get(req: CollateralRequest): Promise<Collateral> {
    if (req.fmspc === undefined || !/^[0-9a-f]{12}$/.test(req.fmspc)) {
      throw new SealedError("ATT_COLLATERAL_UNAVAILABLE", "the quote carries no PCK certificate to name its FMSPC");
    }
    const key = `${req.tee}|${req.fmspc}|${req.caType}`;
    const now = this.o.clock.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < (this.o.cacheTtlMs ?? 3_600_000)) return hit.collateral;
    const p = this.fetchAll(req);
    this.cache.set(key, { at: now, collateral: p });
    p.catch(() => this.cache.delete(key));
    return p;
  }

  private async fetch(path: string, absolute = false): Promise<Response> {
    const url = absolute ? path : `${this.root}${path}`;
    const headers: Record<string, string> = {};
    if (this.o.apiKey) headers["Ocp-Apim-Subscription-Key"] = this.o.apiKey;
    let res: Awaited<ReturnType<Fetcher>>;
    try {
      res = await this.o.fetcher(url, { headers });
    } catch (err) {
      throw new SealedError("ATT_COLLATERAL_UNAVAILABLE", `cannot fetch ${url}`, { cause: err });
    }
    if (res.status !== 200) throw new SealedError("ATT_PCS_RESPONSE_INVALID", `${url} answered HTTP ${res.status}`);
    const body = new Uint8Array(await res.arrayBuffer());
    return {
      body,
      header: (name) => {
        const v = res.headers.get(name);
        if (v === null || v === "") throw new SealedError("ATT_PCS_RESPONSE_INVALID", `${url} lacks header ${name}`);
        try {
          return decodeURIComponent(v);
        } catch (err) {
          throw new SealedError("ATT_PCS_RESPONSE_INVALID", `${url}: header ${name} is not URL-encoded`, {
            cause: err,
          });
        }
      },
    };
  }

  private async fetchAll(req: CollateralRequest): Promise<Collateral> {
    const v4 = `/${req.tee}/certification/v4`;
    const [crl, rootCrl, tcb, qe] = await Promise.all([
      this.fetch(`/sgx/certification/v4/pckcrl?ca=${req.caType}&encoding=der`),
      this.fetch(this.o.rootCaCrlUrl ?? `${this.root}/sgx/certification/v4/rootcacrl`, true),
      this.fetch(`${v4}/tcb?fmspc=${req.fmspc}`),
      this.fetch(`${v4}/qe/identity`),
    ]);
    const text = (b: Uint8Array) => Buffer.from(b).toString("utf8");
    const crlOf = (b: Uint8Array, what: string) => (b[0] === 0x30 ? crlFrom(b, what) : crlFrom(text(b), what));
    const tcbBody = splitSignedBody(text(tcb.body), "tcbInfo");
    const qeBody = splitSignedBody(text(qe.body), "enclaveIdentity");
    let tcbChain: string;
    try {
      tcbChain = tcb.header("TCB-Info-Issuer-Chain");
    } catch {
      tcbChain = tcb.header("SGX-TCB-Info-Issuer-Chain");
    }
    return parseCollateral({
      pckCrlIssuerChain: crl.header("SGX-PCK-CRL-Issuer-Chain"),
      pckCrl: crlOf(crl.body, "pck crl").der,
      rootCaCrl: crlOf(rootCrl.body, "root CA CRL").der,
      tcbInfoIssuerChain: tcbChain,
      tcbInfo: tcbBody.text,
      tcbInfoSignature: tcbBody.signature,
      qeIdentityIssuerChain: qe.header("SGX-Enclave-Identity-Issuer-Chain"),
      qeIdentity: qeBody.text,
      qeIdentitySignature: qeBody.signature,
    });
  }
}

/** A CollateralSource backed by Intel PCS or a PCCS. */
export function createPcsCollateralSource(options: PcsClientOptions): CollateralSource {
  return new PcsCollateralSource(options);
}
