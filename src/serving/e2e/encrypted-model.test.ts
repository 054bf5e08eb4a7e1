import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as ort from "onnxruntime-node";
import { encryptProtectedFile } from "../../pf/index.ts";
import type { RunningServer } from "../server.ts";
import { synthModel } from "../synth/index.ts";
import { RawGrpcClient } from "../testing/grpc-client.ts";
import { type TempDir, tempDir, writeModelVersion } from "../testing/model-dir.ts";
import { startTestServer } from "../testing/start.ts";

const dims = (s: number[]) => ({ dim: s.map((size) => ({ size })) });

/** Every regular file under `root` modified since `sinceMs` (unreadable entries skipped). */
function filesSince(root: string, sinceMs: number, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(root, n);
    try {
      const st = statSync(p);
      if (st.isDirectory()) filesSince(p, sinceMs, out);
      else if (st.isFile() && st.mtimeMs >= sinceMs) out.push(p);
    } catch {
      // vanished or unreadable
    }
  }
  return out;
}

describe("encrypted (protected-file) models", () => {
  const start = Date.now() - 1000;
  // A fresh seed: no other file anywhere can hold these weights by chance.
  const model = synthModel("tiny", { seed: randomBytes(4).readUInt32LE(0) });
  const key = randomBytes(16);
  let dir: TempDir;
  let server: RunningServer;

  before(async () => {
    dir = tempDir();
    writeModelVersion(join(dir.path, "enc"), 1, encryptProtectedFile(model, key, "enc/1/model.onnx"));
    writeModelVersion(join(dir.path, "badpath"), 1, encryptProtectedFile(model, key, "models/x/1/saved_model.pb"));
    server = await startTestServer({
      models: [
        { name: "enc", basePath: join(dir.path, "enc"), policy: { kind: "latest", numVersions: 1 }, labels: new Map() },
      ],
      wrapKey: key,
    });
  });
  after(async () => {
    await server.close();
    dir.cleanup();
  });

  test("is decrypted in memory and serves the same outputs as the plaintext model", async () => {
    const c = new RawGrpcClient(`127.0.0.1:${server.grpcPort}`);
    const res = await c.predict({
      model_spec: { name: "enc" },
      inputs: { input: { dtype: 1, tensor_shape: dims([1, 224, 224, 3]), float_val: [0.5] } },
    });
    c.close();
    const direct = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
    const want = (
      await direct.run({
        input: new ort.Tensor("float32", new Float32Array(224 * 224 * 3).fill(0.5), [1, 224, 224, 3]),
      })
    ).predict.data as Float32Array;
    await direct.release();
    const got = (res.outputs as Record<string, { float_val: number[] }>).predict.float_val;
    assert.equal(got.length, want.length);
    for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= 1e-6);
  });

  test("no file under the model or temp directories holds plaintext model bytes", () => {
    // A distinctive slice from the weights (the tail of the file is raw weight data).
    const needle = Buffer.from(model.subarray(model.length - 4096, model.length - 4096 + 64));
    assert.ok(Buffer.from(model).includes(needle));
    const files = [...new Set([...filesSince(dir.path, 0), ...filesSince(tmpdir(), start)])];
    assert.ok(files.length >= 2);
    for (const f of files) {
      let bytes: Buffer;
      try {
        if (statSync(f).size > 512 * 1024 * 1024) continue;
        bytes = readFileSync(f);
      } catch {
        continue;
      }
      assert.equal(bytes.includes(needle), false, `plaintext model bytes found in ${f}`);
    }
  });

  test("without the key, with a wrong key, or with a path mismatch under --pf_check_path the version fails to load", async () => {
    const cases = [
      { name: "nokey", opts: {}, code: "FAILED_PRECONDITION", text: /no --wrap_key_file/ },
      {
        name: "wrongkey",
        opts: { wrapKey: randomBytes(16) },
        code: "FAILED_PRECONDITION",
        text: /decryption failed: PF_/,
      },
      { name: "path", opts: { wrapKey: key, checkPfPath: true }, code: "FAILED_PRECONDITION", text: /PF_PATH/ },
    ] as const;
    for (const c of cases) {
      const base = c.name === "path" ? join(dir.path, "badpath") : join(dir.path, "enc");
      const s = await startTestServer({ basePath: base, modelName: c.name, ...c.opts });
      try {
        assert.equal(s.core.isReady(), false);
        const [st] = s.core.getModelStatus({ name: c.name });
        assert.equal(st.state, "END");
        assert.equal(st.errorCode, c.code);
        assert.match(st.errorMessage, c.text);
      } finally {
        await s.close();
      }
    }
  });
});
