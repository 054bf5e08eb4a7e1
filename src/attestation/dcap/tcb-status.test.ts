/** TCB level matching and convergence (QVL TcbLevelCheck / TdxModuleCheck / TDRelaunchCheck). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseTcbInfo } from "../collateral/tcb-info.ts";
import type { TcbStatus } from "../verifier.ts";
import type { SgxExtension } from "./sgx-extension.ts";
import { convergeWithModule, convergeWithQe, evaluateTcb } from "./tcb-status.ts";

const comps = (n: number) => Array.from({ length: 16 }, () => ({ svn: n }));
const level = (sgx: number, pce: number, tdx: number[] | number, status: string, advisoryIDs?: string[]) => ({
  tcb: {
    sgxtcbcomponents: comps(sgx),
    pcesvn: pce,
    tdxtcbcomponents: Array.isArray(tdx) ? tdx.map((svn) => ({ svn })) : comps(tdx),
  },
  tcbDate: "2025-01-01T00:00:00Z",
  tcbStatus: status,
  ...(advisoryIDs ? { advisoryIDs } : {}),
});
const module = (id: string, levels: [number, string][]) => ({
  id,
  mrsigner: "00".repeat(48),
  attributes: "00".repeat(8),
  attributesMask: "ff".repeat(8),
  tcbLevels: levels.map(([isvsvn, tcbStatus]) => ({ tcb: { isvsvn }, tcbDate: "2025-01-01T00:00:00Z", tcbStatus })),
});

function tdxInfo(levels: unknown[], identities?: unknown[]) {
  return parseTcbInfo(
    JSON.stringify({
      id: "TDX",
      version: 3,
      issueDate: "2025-01-01T00:00:00Z",
      nextUpdate: "2025-02-01T00:00:00Z",
      fmspc: "00".repeat(6),
      pceId: "0000",
      tcbType: 0,
      tcbEvaluationDataNumber: 1,
      tdxModule: { mrsigner: "00".repeat(48), attributes: "00".repeat(8), attributesMask: "ff".repeat(8) },
      ...(identities ? { tdxModuleIdentities: identities } : {}),
      tcbLevels: levels,
    }),
  );
}

const pck = (svn: number, pceSvn = 11): SgxExtension => ({
  ppid: "",
  tcbComponents: Array(16).fill(svn),
  pceSvn,
  cpuSvn: "",
  pceId: "0000",
  fmspc: "000000000000",
  sgxType: 0,
});
const teeSvn = (...b: number[]) => Uint8Array.from([...b, ...Array(16 - b.length).fill(0)]);
const tdx = (svn: Uint8Array, svn2?: Uint8Array) => ({ quoteVersion: 4, teeTcbSvn: svn, teeTcbSvn2: svn2 });

test("QE and module convergence tables", () => {
  const platform: TcbStatus[] = [
    "UpToDate",
    "SWHardeningNeeded",
    "ConfigurationNeeded",
    "ConfigurationAndSWHardeningNeeded",
    "OutOfDate",
    "OutOfDateConfigurationNeeded",
  ];
  const outOfDate = [
    "OutOfDate",
    "OutOfDate",
    "OutOfDateConfigurationNeeded",
    "OutOfDateConfigurationNeeded",
    "OutOfDate",
    "OutOfDateConfigurationNeeded",
  ];
  assert.deepEqual(
    platform.map((s) => convergeWithQe(s, "OutOfDate")),
    outOfDate,
  );
  assert.deepEqual(
    platform.map((s) => convergeWithModule(s, "OutOfDate")),
    outOfDate,
  );
  assert.deepEqual(
    platform.map((s) => convergeWithQe(s, "UpToDate")),
    platform,
  );
  assert.deepEqual(
    platform.map((s) => convergeWithModule(s, "UpToDate")),
    platform,
  );
  for (const s of platform) {
    assert.equal(convergeWithQe(s, "Revoked"), "Revoked");
    assert.equal(convergeWithModule(s, "Revoked"), "Revoked");
    assert.throws(() => convergeWithQe(s, "NotSupported"), { code: "ATT_TCB_NOT_SUPPORTED" });
  }
});

test("TDX: components compared from index 2 when the module version byte is set", () => {
  const info = tdxInfo(
    [
      level(2, 11, [9, 9, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "UpToDate"),
      level(2, 11, 0, "OutOfDate", ["SA-1"]),
    ],
    [module("TDX_01", [[2, "UpToDate"]])],
  );
  // tee_tcb_svn[0..1] (module SVN and version) are below the level's 9, 9 but are skipped.
  assert.equal(evaluateTcb(info, pck(2), "UpToDate", tdx(teeSvn(3, 1, 3))).status, "UpToDate");
  // Component 2 below 3: falls to the next level.
  const ev = evaluateTcb(info, pck(2), "UpToDate", tdx(teeSvn(3, 1, 2)));
  assert.equal(ev.status, "OutOfDate");
  assert.deepEqual(ev.level.advisoryIds, ["SA-1"]);
  // Module version 0: all 16 compared, tdxModule used, no module level.
  assert.equal(evaluateTcb(info, pck(2), "UpToDate", tdx(teeSvn(9, 0, 3))).status, "OutOfDate");
  // SGX components or PCESVN too low for every level.
  assert.throws(() => evaluateTcb(info, pck(1), "UpToDate", tdx(teeSvn(3, 1, 3))), { code: "ATT_TCB_NOT_SUPPORTED" });
  assert.throws(() => evaluateTcb(info, pck(2, 10), "UpToDate", tdx(teeSvn(3, 1, 3))), {
    code: "ATT_TCB_NOT_SUPPORTED",
  });
});

test("TDX module identity: missing identity, level matching and status convergence", () => {
  const info = tdxInfo(
    [level(2, 11, 0, "ConfigurationNeeded")],
    [
      module("tdx_01", [
        [5, "UpToDate"],
        [3, "OutOfDate"],
        [1, "Revoked"],
      ]),
    ],
  );
  assert.equal(evaluateTcb(info, pck(2), "UpToDate", tdx(teeSvn(5, 1))).status, "ConfigurationNeeded");
  const ood = evaluateTcb(info, pck(2), "UpToDate", tdx(teeSvn(4, 1)));
  assert.equal(ood.status, "OutOfDateConfigurationNeeded");
  assert.equal(ood.moduleLevel?.isvSvn, 3);
  assert.equal(evaluateTcb(info, pck(2), "UpToDate", tdx(teeSvn(1, 1))).status, "Revoked");
  assert.throws(() => evaluateTcb(info, pck(2), "UpToDate", tdx(teeSvn(0, 1))), { code: "ATT_TCB_NOT_SUPPORTED" });
  assert.throws(() => evaluateTcb(info, pck(2), "UpToDate", tdx(teeSvn(5, 2))), { code: "ATT_TDX_MODULE_MISMATCH" });
  // QE OutOfDate applies after the module.
  assert.equal(evaluateTcb(info, pck(2), "OutOfDate", tdx(teeSvn(5, 1))).status, "OutOfDateConfigurationNeeded");
});

test("TD 1.5 relaunch advice when only the running module is out of date", () => {
  const info = tdxInfo(
    [level(2, 11, [0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "UpToDate"), level(2, 11, 0, "OutOfDate")],
    [
      module("TDX_01", [
        [5, "UpToDate"],
        [3, "OutOfDate"],
      ]),
    ],
  );
  const running = teeSvn(3, 1, 2); // module OutOfDate, component 2 below the latest level
  assert.equal(evaluateTcb(info, pck(2), "UpToDate", tdx(running)).status, "OutOfDate");
  assert.equal(evaluateTcb(info, pck(2), "UpToDate", tdx(running, teeSvn(5, 1, 3))).status, "TDRelaunchAdvised");
  assert.equal(evaluateTcb(info, pck(2), "UpToDate", tdx(running, teeSvn(4, 1, 3))).status, "OutOfDate");
  assert.equal(evaluateTcb(info, pck(2), "OutOfDate", tdx(running, teeSvn(5, 1, 3))).status, "OutOfDate");
  assert.throws(() => evaluateTcb(info, pck(2), "UpToDate", tdx(running, teeSvn(5, 7, 3))), {
    code: "ATT_TDX_MODULE_MISMATCH",
  });
});

test("unknown statuses are ATT_TCB_STATUS_UNRECOGNIZED", () => {
  const info = tdxInfo([level(2, 11, 0, "Fine")], [module("TDX_01", [[0, "UpToDate"]])]);
  assert.throws(() => evaluateTcb(info, pck(2), "UpToDate", tdx(teeSvn(1, 1))), {
    code: "ATT_TCB_STATUS_UNRECOGNIZED",
  });
});
