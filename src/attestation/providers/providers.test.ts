import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { isSealedError } from "../../common/errors.ts";
import { counterRandom } from "../../common/random.ts";
import { createConfigfsTsmProvider } from "./configfs-tsm.ts";
import { nodeProviderFs, type ProviderFs } from "./fs.ts";
import { createGramineProvider } from "./gramine.ts";

const tmp = mkdtempSync(join(tmpdir(), "sealed-providers-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const rd = Uint8Array.from({ length: 64 }, (_, i) => 255 - i);
const code = (c: string) => (e: unknown) => isSealedError(e, c as never);

/** Emulates Gramine: each write to user_report_data regenerates `quote` = "Q" + report data. */
function gramineFs(writes: number[]): ProviderFs {
  return {
    ...nodeProviderFs,
    async writeOnce(path, data) {
      writes.push(data.length);
      await nodeProviderFs.writeOnce(path, data);
      if (path.endsWith("/user_report_data"))
        writeFileSync(join(path, "..", "quote"), Buffer.concat([Buffer.from("Q"), data]));
    },
  };
}

describe("Gramine /dev/attestation provider", () => {
  const root = join(tmp, "attestation");
  test("writes the report data in one 64-byte write and returns the quote", async () => {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root);
    writeFileSync(join(root, "attestation_type"), "dcap");
    const writes: number[] = [];
    const p = createGramineProvider({ root, fs: gramineFs(writes) });
    const ev = await p.getEvidence(rd.subarray(0, 10));
    assert.deepEqual(writes, [64]);
    assert.equal(ev.tee, "sgx");
    const expected = new Uint8Array(64);
    expected.set(rd.subarray(0, 10));
    assert.deepEqual(ev.bytes, Uint8Array.from([0x51, ...expected]));
    assert.deepEqual(new Uint8Array(readFileSync(join(root, "user_report_data"))), expected);
  });
  test("attestation_type other than dcap, missing device, oversized report data", async () => {
    writeFileSync(join(root, "attestation_type"), "none");
    await assert.rejects(createGramineProvider({ root }).getEvidence(rd), code("ATT_PROVIDER_TYPE"));
    await assert.rejects(
      createGramineProvider({ root: join(tmp, "nope") }).getEvidence(rd),
      code("ATT_PROVIDER_UNAVAILABLE"),
    );
    writeFileSync(join(root, "attestation_type"), "dcap");
    await assert.rejects(createGramineProvider({ root }).getEvidence(new Uint8Array(65)), code("ATT_REPORT_DATA_SIZE"));
    rmSync(join(root, "quote"), { force: true });
    await assert.rejects(createGramineProvider({ root }).getEvidence(rd), code("ATT_PROVIDER_IO"));
  });
});

/** Emulates configfs-tsm: mkdir populates the entry; each inblob write bumps generation. */
function tsmFs(provider: string, opts: { extraBump?: boolean; aux?: Uint8Array } = {}): ProviderFs {
  return {
    ...nodeProviderFs,
    async mkdir(path) {
      await nodeProviderFs.mkdir(path);
      writeFileSync(join(path, "provider"), `${provider}\n`);
      writeFileSync(join(path, "generation"), "0\n");
    },
    async writeOnce(path, data) {
      await nodeProviderFs.writeOnce(path, data);
      const dir = join(path, "..");
      const gen = Number(readFileSync(join(dir, "generation"), "utf8")) + (opts.extraBump ? 2 : 1);
      writeFileSync(join(dir, "generation"), `${gen}\n`);
      writeFileSync(join(dir, "outblob"), Buffer.concat([Buffer.from(provider), data]));
      if (opts.aux) writeFileSync(join(dir, "auxblob"), opts.aux);
    },
    async rmdir(path) {
      rmSync(path, { recursive: true });
    },
  };
}

describe("configfs-tsm provider", () => {
  const root = join(tmp, "tsm-report");
  mkdirSync(root);

  test("TDX: fresh entry, inblob -> outblob, entry removed", async () => {
    const p = createConfigfsTsmProvider({ root, fs: tsmFs("tdx_guest"), random: counterRandom(1) });
    const ev = await p.getEvidence(rd);
    assert.equal(ev.tee, "tdx");
    assert.deepEqual(ev.bytes, Uint8Array.from([...Buffer.from("tdx_guest"), ...rd]));
    assert.deepEqual(readdirSync(root), []);
  });

  test("SNP: certificates from the auxblob cert table", async () => {
    const vcek = Buffer.from("VCEK-DER");
    const ask = Buffer.from("ASK-PEM!!");
    const table = Buffer.alloc(24 * 3 + vcek.length + ask.length);
    table.fill(1, 0, 16);
    table.writeUInt32LE(72, 16);
    table.writeUInt32LE(vcek.length, 20);
    table.fill(2, 24, 40);
    table.writeUInt32LE(72 + vcek.length, 40);
    table.writeUInt32LE(ask.length, 44);
    vcek.copy(table, 72);
    ask.copy(table, 72 + vcek.length);
    const writes: string[] = [];
    const base = tsmFs("sev_guest", { aux: table });
    const spy: ProviderFs = {
      ...base,
      async writeOnce(path, data) {
        writes.push(`${path.split("/").pop()}=${data.length}`);
        if (path.endsWith("/privlevel")) return nodeProviderFs.writeOnce(path, data);
        return base.writeOnce(path, data);
      },
    };
    const p = createConfigfsTsmProvider({ root, fs: spy, privlevel: 2 });
    const ev = await p.getEvidence(rd);
    assert.deepEqual(writes, ["privlevel=2", "inblob=64"]);
    assert.equal(ev.tee, "snp");
    assert.deepEqual(
      ev.certificates?.map((c) => Buffer.from(c).toString()),
      ["VCEK-DER", "ASK-PEM!!"],
    );
    const bad = Buffer.from(table);
    bad.writeUInt32LE(9999, 16);
    await assert.rejects(
      createConfigfsTsmProvider({ root, fs: tsmFs("sev_guest", { aux: bad }) }).getEvidence(rd),
      code("ATT_PROVIDER_EMPTY"),
    );
  });

  test("unsupported provider, concurrent writer, missing configfs", async () => {
    await assert.rejects(
      createConfigfsTsmProvider({ root, fs: tsmFs("arm_cca_guest") }).getEvidence(rd),
      code("ATT_PROVIDER_TYPE"),
    );
    await assert.rejects(
      createConfigfsTsmProvider({ root, fs: tsmFs("tdx_guest", { extraBump: true }) }).getEvidence(rd),
      code("ATT_PROVIDER_RACE"),
    );
    await assert.rejects(
      createConfigfsTsmProvider({ root: join(tmp, "none") }).getEvidence(rd),
      code("ATT_PROVIDER_UNAVAILABLE"),
    );
    assert.deepEqual(readdirSync(root), []);
    assert.ok(!existsSync(join(tmp, "none")));
  });
});
