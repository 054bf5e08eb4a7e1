import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fixedClock } from "../../common/clock.ts";
import { isSealedError } from "../../common/errors.ts";
import { toHex } from "../../common/hex.ts";
import { seededRandom } from "../../common/random.ts";
import { loadCollateralBundle } from "../collateral/collateral.ts";
import { staticCollateralSource } from "../collateral/source.ts";
import { createVerifier } from "../registry.ts";
import { measureFiles } from "./measure.ts";
import { initSimPlatform, loadSimPlatform, refreshSimCollateral, simPlatformFiles } from "./platform.ts";
import { buildSgxQuote, buildTdxQuote } from "./quote.ts";

/** 2026-01-01T00:00:00Z */
const NOW = 1_767_225_600_000;
const DAY = 86_400_000;

describe("simulated TEE", async () => {
  const platform = await initSimPlatform({ clock: fixedClock(NOW), random: seededRandom(42) });
  const rd = Uint8Array.from({ length: 64 }, (_, i) => i);
  const mrenclave = measureFiles([{ path: "a.ts", bytes: new Uint8Array(3) }]);
  const mrtd = measureFiles([{ path: "a.ts", bytes: new Uint8Array(3) }], "sha384");

  const verify = (kind: "sgx" | "tdx", quote: Uint8Array, anchor: Uint8Array | undefined, timeMs = NOW) =>
    createVerifier(kind, {
      collateral: staticCollateralSource(
        loadCollateralBundle(JSON.stringify(kind === "sgx" ? platform.collateralSgx : platform.collateralTdx)),
      ),
      trustAnchorDer: anchor,
    }).verify({ tee: kind, bytes: quote }, { timeMs });

  test("an SGX v3 quote verifies with the simulated root as trust anchor", async () => {
    const quote = buildSgxQuote(platform, { reportData: rd, mrenclave });
    const c = await verify("sgx", quote, platform.rootDer);
    assert.equal(c.tee, "sgx");
    assert.equal(c.status, "UpToDate");
    assert.equal(toHex(c.reportData), toHex(rd));
    assert.equal(c.claims.mrenclave, toHex(mrenclave));
    assert.equal(c.debug, false);
    assert.match(c.trustAnchor, /^custom:/);
  });

  test("a TDX v4 quote verifies with the simulated root as trust anchor", async () => {
    const quote = buildTdxQuote(platform, { reportData: rd, mrtd });
    const c = await verify("tdx", quote, platform.rootDer);
    assert.equal(c.tee, "tdx");
    assert.equal(c.status, "UpToDate");
    assert.equal(c.claims.mrtd, toHex(mrtd));
    assert.equal(toHex(c.reportData), toHex(rd));
  });

  test("the Intel root rejects simulated quotes", async () => {
    const quote = buildSgxQuote(platform, { reportData: rd, mrenclave });
    await assert.rejects(verify("sgx", quote, undefined), (e: unknown) => isSealedError(e, "ATT_CHAIN_UNTRUSTED"));
    const tdx = buildTdxQuote(platform, { reportData: rd, mrtd });
    await assert.rejects(verify("tdx", tdx, undefined), (e: unknown) => isSealedError(e, "ATT_CHAIN_UNTRUSTED"));
  });

  test("collateral expires after 30 days and --refresh re-signs it", async () => {
    const quote = buildSgxQuote(platform, { reportData: rd, mrenclave });
    const later = NOW + 31 * DAY;
    await assert.rejects(verify("sgx", quote, platform.rootDer, later), (e: unknown) =>
      isSealedError(e, "ATT_CRL_EXPIRED"),
    );
    const refreshed = await refreshSimCollateral(platform, fixedClock(later));
    const c = await createVerifier("sgx", {
      collateral: staticCollateralSource(loadCollateralBundle(JSON.stringify(refreshed.collateralSgx))),
      trustAnchorDer: refreshed.rootDer,
    }).verify({ tee: "sgx", bytes: quote }, { timeMs: later });
    assert.equal(c.status, "UpToDate");
  });

  test("files round-trip; keys are marked secret", () => {
    const files = simPlatformFiles(platform);
    const map = new Map(files.map((f) => [f.name, typeof f.data === "string" ? Buffer.from(f.data) : f.data]));
    assert.ok(files.filter((f) => f.name.startsWith("keys/")).every((f) => f.secret));
    assert.ok(files.filter((f) => !f.name.startsWith("keys/")).every((f) => !f.secret));
    const loaded = loadSimPlatform((n) => map.get(n));
    assert.equal(toHex(loaded.attestationKey.rawPublic), toHex(platform.attestationKey.rawPublic));
    assert.deepEqual(loaded.collateralTdx, platform.collateralTdx);
    assert.throws(
      () => loadSimPlatform(() => undefined),
      (e: unknown) => isSealedError(e, "ATT_SIM_NOT_INITIALIZED"),
    );
    assert.throws(
      () => loadSimPlatform((n) => (n === "platform.json" ? Buffer.from("{") : map.get(n))),
      (e: unknown) => isSealedError(e, "ATT_SIM_STATE_INVALID"),
    );
  });

  test("report data over 64 bytes and wrong measurement sizes are rejected", () => {
    assert.throws(
      () => buildSgxQuote(platform, { reportData: new Uint8Array(65), mrenclave }),
      (e: unknown) => isSealedError(e, "ATT_REPORT_DATA_SIZE"),
    );
    assert.throws(
      () => buildTdxQuote(platform, { reportData: rd, mrtd: mrenclave }),
      (e: unknown) => isSealedError(e, "ATT_MEASUREMENT_SIZE"),
    );
  });
});
