/**
 * The code of an ONNX Runtime worker thread, as plain CommonJS evaluated by `new Worker(..., {eval})`
 * (no TypeScript loader is needed inside the worker). onnxruntime-node runs `session.run`
 * synchronously on the calling thread, so running it here keeps the server's event loop (TLS,
 * HTTP/2, protobuf) free while a model computes.
 *
 * Protocol (parentPort messages):
 *   in : {t:"load", bytes:ArrayBuffer, options}      out: {t:"loaded", inputs, outputs} | {t:"fail", message}
 *   in : {t:"run", id, feeds:{name:{type,data,dims}}, names}  out: {t:"result", id, outputs} | {t:"error", id, message}
 *   in : {t:"release"}                                out: {t:"released"}
 */
export const ORT_WORKER_SOURCE = `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const ort = require(workerData.ortPath);
let session;
const meta = (list) => list.map((m) => ({ name: m.name, isTensor: m.isTensor, type: m.type, shape: m.shape }));
parentPort.on("message", async (msg) => {
  if (msg.t === "load") {
    const bytes = new Uint8Array(msg.bytes);
    try {
      session = await ort.InferenceSession.create(bytes, msg.options);
      parentPort.postMessage({ t: "loaded", inputs: meta(session.inputMetadata), outputs: meta(session.outputMetadata) });
    } catch (err) {
      parentPort.postMessage({ t: "fail", message: String(err && err.message ? err.message : err) });
    } finally {
      bytes.fill(0); // the (possibly decrypted) model bytes: wiped once ORT has its own copy
    }
  } else if (msg.t === "run") {
    try {
      const feeds = {};
      for (const [name, f] of Object.entries(msg.feeds)) feeds[name] = new ort.Tensor(f.type, f.data, f.dims);
      const res = await session.run(feeds, msg.names);
      const outputs = {};
      const transfer = new Set();
      for (const name of msg.names) {
        const t = res[name];
        outputs[name] = { type: t.type, data: t.data, dims: t.dims };
        if (ArrayBuffer.isView(t.data)) transfer.add(t.data.buffer);
      }
      try {
        parentPort.postMessage({ t: "result", id: msg.id, outputs }, [...transfer]);
      } catch {
        parentPort.postMessage({ t: "result", id: msg.id, outputs });
      }
    } catch (err) {
      parentPort.postMessage({ t: "error", id: msg.id, message: String(err && err.message ? err.message : err) });
    }
  } else if (msg.t === "release") {
    try { if (session) await session.release(); } catch {}
    parentPort.postMessage({ t: "released" });
  }
});
`;
