import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { PF_VECTORS, SEED_VECTOR, sha256, VECTOR_SHA256 } from "../../pf/test-support.ts";
import { runCli } from "../../testing/cli.ts";
import { vectorPath, vectorsSkip } from "../../testing/vectors.ts";

const work = mkdtempSync(join(tmpdir(), "pf-cli-"));
after(() => rmSync(work, { recursive: true, force: true }));
const pfDir = vectorPath("pf");
const vecSkip = vectorsSkip(
  "pf/key-a.bin",
  "pf/key-b.bin",
  `pf/${SEED_VECTOR.rel}`,
  ...PF_VECTORS.map((v) => `pf/${v.rel}`),
);

test("sealed pf decrypt -V: every vector, run from the vectors folder", { skip: vecSkip }, async () => {
  const out = join(work, "vec-out");
  for (const { rel, n } of PF_VECTORS) {
    const o = join(out, rel);
    const r = await runCli(["pf", "decrypt", "-w", "key-a.bin", "-i", rel, "-o", o, "-V"], { cwd: pfDir });
    assert.equal(r.code, 0, `${rel}: ${r.stderr}`);
    assert.equal(sha256(readFileSync(o)), VECTOR_SHA256[n], rel);
  }
  const o = join(out, "seed.pb");
  const r = await runCli(
    ["pf", "decrypt", "--wrap-key", "../key-b.bin", "--input", SEED_VECTOR.storedPath, "--output", o, "--verify"],
    {
      cwd: join(pfDir, "seed"),
    },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sha256(readFileSync(o)), SEED_VECTOR.sha256);
});

test("sealed pf decrypt -V: deterministic vectors", { skip: vecSkip }, async () => {
  const detDir = join(pfDir, "deterministic");
  const small = readFileSync(join(detDir, "small.txt.plain"));
  const mod = Buffer.from(Array.from({ length: 10000 }, (_, i) => i % 251));
  const expected: Record<string, Buffer> = {
    "enc/small.txt": small,
    "enc/large.bin": mod,
    "enc/b3073.bin": mod.subarray(0, 3073),
  };
  for (const [rel, plain] of Object.entries(expected)) {
    const o = join(work, "det", rel);
    const r = await runCli(["pf", "decrypt", "-w", "../key-a.bin", "-i", rel, "-o", o, "-V"], { cwd: detDir });
    assert.equal(r.code, 0, `${rel}: ${r.stderr}`);
    assert.ok(readFileSync(o).equals(plain), rel);
  }
});

test("sealed pf decrypt -V from another folder fails with PF_PATH_MISMATCH and writes nothing", {
  skip: vecSkip,
}, async () => {
  const o = join(work, "mismatch.out");
  const r = await runCli(["pf", "decrypt", "-w", "pf/key-a.bin", "-i", "pf/v2/p32.bin.pf", "-o", o, "-V"], {
    cwd: vectorPath(""),
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^sealed: PF_PATH_MISMATCH: /);
  assert.equal(r.stderr.trim().split("\n").length, 1);
  assert.equal(existsSync(o), false);
  // Without -V the path is not checked.
  const ok = await runCli(["pf", "decrypt", "-w", "pf/key-a.bin", "-i", "pf/v2/p32.bin.pf", "-o", o], {
    cwd: vectorPath(""),
  });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(sha256(readFileSync(o)), VECTOR_SHA256[32]);
});

test("gen-key, encrypt (normalized -o path, v1/v2), inspect, decrypt -V", async () => {
  const dir = join(work, "flow");
  mkdirSync(dir);
  const g = await runCli(["pf", "gen-key", "-w", "wrap.key"], { cwd: dir });
  assert.equal(g.code, 0, g.stderr);
  assert.equal(readFileSync(join(dir, "wrap.key")).length, 16);
  assert.equal(statSync(join(dir, "wrap.key")).mode & 0o777, 0o600);
  const plain = Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 13) & 0xff));
  writeFileSync(join(dir, "model.bin"), plain);
  const e = await runCli(["pf", "encrypt", "-w", "wrap.key", "-i", "model.bin", "-o", "./enc//x/../model.pf"], {
    cwd: dir,
  });
  assert.equal(e.code, 0, e.stderr);
  assert.match(e.stdout, /"enc\/model\.pf"/);
  const ins = await runCli(["pf", "inspect", "-i", "enc/model.pf", "-w", "wrap.key"], { cwd: dir });
  assert.equal(ins.code, 0, ins.stderr);
  assert.match(ins.stdout, /format: v2/);
  assert.match(ins.stdout, /stored path: enc\/model\.pf/);
  assert.match(ins.stdout, /plaintext size: 20000 bytes/);
  const d = await runCli(["pf", "decrypt", "-w", "wrap.key", "-i", "./enc/model.pf", "-o", "plain.out", "-V"], {
    cwd: dir,
  });
  assert.equal(d.code, 0, d.stderr);
  assert.ok(readFileSync(join(dir, "plain.out")).equals(plain));
  const e1 = await runCli(
    [
      "pf",
      "encrypt",
      "-w",
      "wrap.key",
      "-i",
      "model.bin",
      "-o",
      `/abs-not-used/../${join(dir, "v1.pf").slice(1)}`,
      "--format",
      "v1",
    ],
    { cwd: dir },
  );
  assert.equal(e1.code, 0, e1.stderr);
  assert.match(e1.stdout, new RegExp(`"${join(dir, "v1.pf")}"`));
  const j = await runCli(["pf", "inspect", "-i", "v1.pf", "--json"], { cwd: dir });
  assert.equal(JSON.parse(j.stdout).format, 1);
  assert.equal(readFileSync(join(dir, "v1.pf"))[8], 1);
});

test("directory input is processed recursively into OUT/<relative name>", async () => {
  const dir = join(work, "tree");
  mkdirSync(join(dir, "in/sub/deeper"), { recursive: true });
  writeFileSync(join(dir, "k"), Buffer.alloc(16, 9));
  const files: Record<string, Buffer> = {
    "a.txt": Buffer.from("alpha"),
    "sub/b.bin": Buffer.alloc(5000, 2),
    "sub/deeper/c": Buffer.alloc(0),
  };
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, "in", name), data);
  const e = await runCli(["pf", "encrypt", "-w", "k", "-i", "in", "-o", "enc"], { cwd: dir });
  assert.equal(e.code, 0, e.stderr);
  assert.match(e.stdout, /"enc\/sub\/deeper\/c"/);
  const d = await runCli(["pf", "decrypt", "-w", "k", "-i", "enc", "-o", "out", "-V"], { cwd: dir });
  assert.equal(d.code, 0, d.stderr);
  for (const [name, data] of Object.entries(files)) assert.ok(readFileSync(join(dir, "out", name)).equals(data), name);
});

test("errors: key size, bad format, missing option, tampered file", async () => {
  const dir = join(work, "errors");
  mkdirSync(dir);
  writeFileSync(join(dir, "short.key"), Buffer.alloc(15));
  writeFileSync(join(dir, "good.key"), Buffer.alloc(16, 1));
  writeFileSync(join(dir, "p"), Buffer.alloc(9000, 3));
  const ks = await runCli(["pf", "encrypt", "-w", "short.key", "-i", "p", "-o", "p.pf"], { cwd: dir });
  assert.equal(ks.code, 1);
  assert.match(ks.stderr, /^sealed: PF_KEY_SIZE: Wrap key size 15 != 16/);
  const bf = await runCli(["pf", "encrypt", "-w", "good.key", "-i", "p", "-o", "p.pf", "--format", "v3"], { cwd: dir });
  assert.equal(bf.code, 2);
  assert.match(bf.stderr, /^sealed: USAGE: /);
  const mo = await runCli(["pf", "decrypt", "-w", "good.key", "-i", "p"], { cwd: dir });
  assert.equal(mo.code, 2);
  // Like gramine-sgx-pf-crypt, the first letter selects the mode.
  assert.equal((await runCli(["pf", "enc", "-w", "good.key", "-i", "p", "-o", "p1.pf"], { cwd: dir })).code, 0);
  assert.equal((await runCli(["pf", "d", "-w", "good.key", "-i", "p1.pf", "-o", "p1.out"], { cwd: dir })).code, 0);
  assert.ok(readFileSync(join(dir, "p1.out")).equals(readFileSync(join(dir, "p"))));
  const um = await runCli(["pf", "frobnicate"], { cwd: dir });
  assert.equal(um.code, 2);
  assert.equal((await runCli(["pf"], { cwd: dir })).code, 2);
  const ni = await runCli(["pf", "inspect", "-i", "short.key"], { cwd: dir });
  assert.equal(ni.code, 1);
  assert.match(ni.stderr, /^sealed: PF_TRUNCATED: /);
  writeFileSync(join(dir, "notpf"), Buffer.alloc(8192, 0x41));
  const np = await runCli(["pf", "inspect", "-i", "notpf"], { cwd: dir });
  assert.match(np.stderr, /^sealed: PF_INVALID_HEADER: /);
  assert.equal((await runCli(["pf", "encrypt", "-w", "good.key", "-i", "p", "-o", "p.pf"], { cwd: dir })).code, 0);
  const f = readFileSync(join(dir, "p.pf"));
  f[2 * 4096 + 7]! ^= 4;
  writeFileSync(join(dir, "bad.pf"), f);
  const t = await runCli(["pf", "decrypt", "-w", "good.key", "-i", "bad.pf", "-o", "bad.out"], { cwd: dir });
  assert.equal(t.code, 1);
  assert.match(t.stderr, /^sealed: PF_CORRUPTED: /);
  assert.equal(existsSync(join(dir, "bad.out")), false);
  const wk = await runCli(["pf", "decrypt", "-w", "short.key", "-i", "p.pf", "-o", "x"], { cwd: dir });
  assert.match(wk.stderr, /PF_KEY_SIZE/);
  writeFileSync(join(dir, "other.key"), Buffer.alloc(16, 2));
  const wr = await runCli(["pf", "decrypt", "-w", "other.key", "-i", "p.pf", "-o", "x"], { cwd: dir });
  assert.equal(wr.code, 1);
  assert.match(wr.stderr, /^sealed: PF_MAC_MISMATCH: /);
});
