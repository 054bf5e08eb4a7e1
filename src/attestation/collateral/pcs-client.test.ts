/** The PCS/PCCS v4 client against a local PCCS double on 127.0.0.1 serving the vector collateral. */
import assert from "node:assert/strict";
// biome-ignore lint/style/noRestrictedImports: the test runs a local PCCS double on 127.0.0.1
import { createServer, get } from "node:http";
import { test } from "node:test";
import { fixedClock } from "../../common/clock.ts";
import { readVector, vectorsSkip } from "../../testing/vectors.ts";
import { rejectsWith, SGX_COLLATERAL, SGX_QUOTE, SGX_TIME_S } from "../dcap/testing/vectors.ts";
import { createVerifier } from "../registry.ts";
import { createPcsCollateralSource, type Fetcher } from "./pcs-client.ts";

/** A fetcher over node:http (what the CLI injects is the global fetch; both fit `Fetcher`). */
const httpFetcher: Fetcher = (url, init) =>
  new Promise((resolve, reject) => {
    get(url, { headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: { get: (n) => (res.headers[n.toLowerCase()] as string | undefined) ?? null },
          arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.length),
        });
      });
    }).on("error", reject);
  });

async function withPccs(fn: (base: string, requests: string[]) => Promise<void>, omitHeader = false) {
  const b = JSON.parse(readVector(SGX_COLLATERAL).toString("utf8")) as Record<string, string>;
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? "");
    const u = new URL(req.url ?? "/", "http://x");
    const send = (body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(200, headers);
      res.end(body);
    };
    if (u.pathname === "/sgx/certification/v4/pckcrl" && u.searchParams.get("ca") === "processor") {
      const h: Record<string, string> = omitHeader
        ? {}
        : { "SGX-PCK-CRL-Issuer-Chain": encodeURIComponent(b.pck_crl_issuer_chain!) };
      return send(Buffer.from(b.pck_crl!, "hex"), h);
    }
    if (u.pathname === "/sgx/certification/v4/rootcacrl") return send(b.root_ca_crl!);
    if (u.pathname === "/sgx/certification/v4/tcb" && u.searchParams.get("fmspc") === "00a067110000") {
      return send(`{"tcbInfo":${b.tcb_info},"signature":"${b.tcb_info_signature}"}`, {
        "TCB-Info-Issuer-Chain": encodeURIComponent(b.tcb_info_issuer_chain!),
        "Content-Type": "application/json",
      });
    }
    if (u.pathname === "/sgx/certification/v4/qe/identity") {
      return send(`{"enclaveIdentity":${b.qe_identity},"signature":"${b.qe_identity_signature}"}`, {
        "SGX-Enclave-Identity-Issuer-Chain": encodeURIComponent(b.qe_identity_issuer_chain!),
      });
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    await fn(`http://127.0.0.1:${(server.address() as { port: number }).port}/sgx/certification/v4/`, requests);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

const skip = vectorsSkip(SGX_QUOTE, SGX_COLLATERAL);

test("fetches PCCS v4 collateral, verifies the real SGX quote with it, and caches it", { skip }, async () => {
  await withPccs(async (base, requests) => {
    const source = createPcsCollateralSource({ baseUrl: base, fetcher: httpFetcher, clock: fixedClock(0) });
    const v = createVerifier("sgx", { collateral: source });
    const ev = { tee: "sgx" as const, bytes: readVector(SGX_QUOTE) };
    const c = await v.verify(ev, { timeMs: SGX_TIME_S * 1000 });
    assert.equal(c.status, "ConfigurationAndSWHardeningNeeded");
    assert.equal(requests.length, 4);
    assert.ok(requests.includes("/sgx/certification/v4/tcb?fmspc=00a067110000"));
    assert.ok(requests.includes("/sgx/certification/v4/pckcrl?ca=processor&encoding=der"));
    await v.verify(ev, { timeMs: SGX_TIME_S * 1000 });
    assert.equal(requests.length, 4, "second verification is served from the cache");
  });
});

test("PCCS errors: missing issuer-chain header, HTTP errors, unreachable server", { skip }, async () => {
  await withPccs(async (base) => {
    const source = createPcsCollateralSource({ baseUrl: base, fetcher: httpFetcher, clock: fixedClock(0) });
    await rejectsWith(
      () => source.get({ fmspc: "00a067110000", caType: "processor", tee: "sgx" }),
      "ATT_PCS_RESPONSE_INVALID",
    );
  }, true);
  await withPccs(async (base) => {
    const source = createPcsCollateralSource({ baseUrl: base, fetcher: httpFetcher, clock: fixedClock(0) });
    await rejectsWith(
      () => source.get({ fmspc: "ffffffffffff", caType: "processor", tee: "sgx" }),
      "ATT_PCS_RESPONSE_INVALID",
    );
    await rejectsWith(
      () => source.get({ fmspc: undefined, caType: "processor", tee: "sgx" }),
      "ATT_COLLATERAL_UNAVAILABLE",
    );
  });
  const failing: Fetcher = async () => {
    throw new Error("ECONNREFUSED");
  };
  const source = createPcsCollateralSource({
    baseUrl: "https://pccs.invalid:8081",
    fetcher: failing,
    clock: fixedClock(0),
  });
  await rejectsWith(
    () => source.get({ fmspc: "00a067110000", caType: "processor", tee: "sgx" }),
    "ATT_COLLATERAL_UNAVAILABLE",
  );
  assert.throws(() => createPcsCollateralSource({ baseUrl: "ftp://x", fetcher: failing, clock: fixedClock(0) }), {
    code: "CONFIG_INVALID",
  });
});
