import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type * as ort from "onnxruntime-node";
import { SealedError } from "../../common/errors.ts";
import {
  fromOrt,
  type ModelRunner,
  type OrtTensorData,
  ortSessionOptions,
  type RunnerOptions,
  signatureFromSession,
  toOrtData,
} from "./ort-runner.ts";
import { ORT_WORKER_SOURCE } from "./ort-worker-source.ts";
import { transferable } from "./owned-buffers.ts";
import type { Tensor } from "./tensor.ts";

type Meta = ort.InferenceSession.ValueMetadata[];
type FromWorker =
  | { t: "loaded"; inputs: Meta; outputs: Meta }
  | { t: "fail"; message: string }
  | { t: "result"; id: number; outputs: Record<string, OrtTensorData> }
  | { t: "error"; id: number; message: string }
  | { t: "released" };

const ORT_PATH = createRequire(import.meta.url).resolve("onnxruntime-node");

/**
 * A ModelRunner whose ONNX Runtime session lives in its own worker thread. The model bytes are
 * transferred (not copied) to the worker, which wipes them after creating the session; inputs
 * are structured-cloned, outputs transferred back.
 */
export async function createWorkerOrtRunner(modelBytes: Uint8Array, options: RunnerOptions): Promise<ModelRunner> {
  const worker = new Worker(ORT_WORKER_SOURCE, { eval: true, workerData: { ortPath: ORT_PATH } });
  const pending = new Map<
    number,
    { resolve: (o: Record<string, OrtTensorData>) => void; reject: (e: unknown) => void }
  >();
  let nextId = 1;
  let dead: SealedError | undefined;
  let onLoad: ((m: FromWorker) => void) | undefined;
  let onReleased: (() => void) | undefined;

  const failAll = (err: SealedError) => {
    dead = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on("message", (m: FromWorker) => {
    if (m.t === "loaded" || m.t === "fail") onLoad?.(m);
    else if (m.t === "released") onReleased?.();
    else {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.t === "result") p.resolve(m.outputs);
      else p.reject(new SealedError("SRV_INFERENCE", `ONNX Runtime run failed: ${m.message}`));
    }
  });
  worker.on("error", (err) => {
    const e = new SealedError("SRV_INFERENCE", `ONNX Runtime worker failed: ${err.message}`, { cause: err });
    failAll(e);
    onLoad?.({ t: "fail", message: err.message });
  });
  worker.on("exit", () => {
    failAll(new SealedError("SRV_SHUTTING_DOWN", "model runner stopped"));
    onReleased?.();
  });

  const sessionOptions = ortSessionOptions(options);
  // Transfer an exclusive copy only when the bytes do not own their whole buffer.
  const owned =
    modelBytes.byteOffset === 0 && modelBytes.byteLength === modelBytes.buffer.byteLength
      ? modelBytes
      : modelBytes.slice();
  const loaded = await new Promise<FromWorker>((resolve) => {
    onLoad = resolve;
    worker.postMessage({ t: "load", bytes: owned.buffer, options: sessionOptions }, [owned.buffer as ArrayBuffer]);
  });
  onLoad = undefined;
  if (loaded.t !== "loaded") {
    await worker.terminate();
    const message = loaded.t === "fail" ? loaded.message : "unexpected worker reply";
    throw new SealedError("SRV_MODEL_LOAD", `ONNX Runtime could not load the model: ${message}`);
  }
  const signature = signatureFromSession({ inputMetadata: loaded.inputs, outputMetadata: loaded.outputs });

  return {
    signature,
    run(inputs, outputNames) {
      if (dead) return Promise.reject(dead);
      const feeds: Record<string, OrtTensorData> = {};
      const transfer: ArrayBuffer[] = [];
      for (const [name, t] of inputs) {
        const d = toOrtData(t);
        if (ArrayBuffer.isView(d.data) && d.data.byteLength > 0) {
          // One copy at most (none for buffers the request owns) instead of structured clone's two.
          const x = transferable(d.data as Float32Array);
          feeds[name] = { ...d, data: x.view };
          transfer.push(x.buffer);
        } else feeds[name] = d;
      }
      const id = nextId++;
      return new Promise<Map<string, Tensor>>((resolve, reject) => {
        pending.set(id, {
          resolve: (outs) => {
            try {
              const out = new Map<string, Tensor>();
              for (const name of outputNames) out.set(name, fromOrt(outs[name], name));
              resolve(out);
            } catch (err) {
              reject(err);
            }
          },
          reject,
        });
        worker.postMessage({ t: "run", id, feeds, names: outputNames }, transfer);
      });
    },
    async release() {
      if (dead) return;
      await new Promise<void>((resolve) => {
        onReleased = resolve;
        worker.postMessage({ t: "release" });
      });
      await worker.terminate();
    },
  };
}
