// Benchmark: raw ONNX Runtime in-process vs `sealed serve` over gRPC with one-way TLS (server in
// a child process), synthesized ResNet50 v1.5 at batch 1, concurrency 1 and 4; plus REST (JSON)
// p50 at batch 1 against gRPC; then (c) the same c4 and c1 loads against servers with TF Serving's
// dynamic batching: its defaults (batch when busy), and BATCHING below (trades c1 latency for c4).
// Raw and served blocks alternate (ROUNDS times) so that load from other processes on the machine
// hits both alike. Ends with one JSON line.
// Usage: npm run bench:serve [-- --quick] [-- --spin] [-- --main] [-- --server=--any_serve_flag=value]
import { writeFileSync } from "node:fs";
import { Agent, request as httpsRequest } from "node:https";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as ort from "onnxruntime-node";
import { GRPC_PATHS, protoType } from "../src/proto/index.ts";
import { synthModel } from "../src/serving/synth/index.ts";
import { makeTestCerts, sslConfigText } from "../src/serving/testing/certs.ts";
import { H2GrpcClient } from "../src/serving/testing/h2-grpc-client.ts";
import { tempDir, writeModelVersion } from "../src/serving/testing/model-dir.ts";
import { spawnServe } from "../src/serving/testing/spawn-server.ts";
import { Acc, block, fmt, load, type Phase, procCpuMs, selfCpuMs } from "./serve-measure.ts";

const quick = process.argv.includes("--quick");
// Server variants for experiments: --spin (--ort_allow_spinning), --main (--ort_worker_thread=false).
const extraServerFlags = [
  ...(process.argv.includes("--spin") ? ["--ort_allow_spinning"] : []),
  ...(process.argv.includes("--main") ? ["--ort_worker_thread=false"] : []),
  ...process.argv.filter((a) => a.startsWith("--server=")).map((a) => a.slice("--server=".length)),
];
const THREADS = availableParallelism();
const ROUNDS = 3;
const RUNS_C1 = quick ? 8 : 20; // per round
const RUNS_C4 = quick ? 12 : 40; // per round
const RUNS_REST = quick ? 8 : 30;
const WARMUP = 5;
const MODEL_NAME = "resnet50-v15-fp32";
// (c): up to 4 requests per ORT run, waiting at most 8 ms for them; ORT itself uses every core,
// so one batch runs at a time.
const BATCHING =
  "max_batch_size { value: 4 }\nbatch_timeout_micros { value: 8000 }\nnum_batch_threads { value: 1 }\nmax_enqueued_batches { value: 16 }\n";
const SHAPE = [1, 224, 224, 3];

async function main(): Promise<void> {
  const dir = tempDir("sealed-bench-serve-");
  try {
    console.log(`# synthesizing ResNet50 v1.5 (threads=${THREADS}, loadavg ${load()})`);
    const model = synthModel("resnet50");
    writeModelVersion(join(dir.path, MODEL_NAME), 1, model);
    const certs = makeTestCerts(dir.path);
    writeFileSync(join(dir.path, "ssl.cfg"), sslConfigText(certs, false));

    // Pixel values 0..254 as float32, as the seed's client sends them.
    const x = new Float32Array(224 * 224 * 3);
    for (let i = 0; i < x.length; i++) x[i] = (i * 2654435761) % 255;

    const serverArgs = [
      "--port=auto",
      "--rest_api_port=auto",
      "--host=127.0.0.1",
      `--model_name=${MODEL_NAME}`,
      `--model_base_path=${join(dir.path, MODEL_NAME)}`,
      `--ssl_config_file=${join(dir.path, "ssl.cfg")}`,
      `--tensorflow_intra_op_parallelism=${THREADS}`,
      "--file_system_poll_wait_seconds=0",
      ...extraServerFlags,
    ];
    const server = await spawnServe(serverArgs, { expectRest: true, timeoutMs: 120_000 });
    // (a) raw ONNX Runtime in this process, ORT defaults plus the server's thread count.
    // The session is created per raw block and released after it, so that no idle ORT pool
    // threads of this process compete with the server during the served blocks.
    let session: ort.InferenceSession | undefined;
    const openRaw = async () => {
      session = await ort.InferenceSession.create(model, {
        intraOpNumThreads: THREADS,
        graphOptimizationLevel: "all",
        executionProviders: ["cpu"],
      });
      for (let i = 0; i < 2; i++) await raw();
    };
    const closeRaw = async () => {
      await session?.release();
      session = undefined;
    };
    const raw = () => session!.run({ input: new ort.Tensor("float32", x, SHAPE) });
    try {
      // (b) gRPC + one-way TLS: the request is serialized once (as a load generator would).
      const reqType = protoType("tensorflow.serving.PredictRequest");
      const body = Buffer.from(
        reqType
          .encode(
            reqType.fromObject({
              model_spec: { name: MODEL_NAME, signature_name: "serving_default" },
              inputs: {
                input: {
                  dtype: 1,
                  tensor_shape: { dim: SHAPE.map((size) => ({ size })) },
                  tensor_content: Buffer.from(x.buffer),
                },
              },
            }),
          )
          .finish(),
      );
      const creds = grpc.credentials.createSsl(Buffer.from(certs.caCert));
      const clients = Array.from(
        { length: 4 },
        () => new grpc.Client(`localhost:${server.grpcPort}`, creds, { "grpc.max_receive_message_length": -1 }),
      );
      const call = (c: grpc.Client) =>
        new Promise<Buffer>((resolve, reject) =>
          c.makeUnaryRequest(
            GRPC_PATHS.predict,
            (b: Buffer) => b,
            (b: Buffer) => b,
            body,
            (err, res) => (err ? reject(err) : resolve(res as Buffer)),
          ),
        );
      const first = protoType("tensorflow.serving.PredictResponse").decode(await call(clients[0])) as unknown as {
        outputs: Record<string, { float_val: number[] }>;
      };
      const vals = first.outputs.predict.float_val;
      const sum = vals.reduce((a, b) => a + b, 0);
      if (vals.length !== 1001 || Math.abs(sum - 1) > 1e-3) {
        throw new Error(`unexpected response: ${vals.length} values, sum ${sum}`);
      }
      let rr = 0;
      const served1 = () => call(clients[0]);
      const served4 = () => call(clients[rr++ % 4]);
      // The same requests from a minimal HTTP/2 gRPC client (no grpc-js per-call machinery).
      const framed = H2GrpcClient.frame(body);
      const lean = Array.from(
        { length: 4 },
        () => new H2GrpcClient(`https://localhost:${server.grpcPort}`, { ca: certs.caCert, servername: "localhost" }),
      );
      const leanCheck = protoType("tensorflow.serving.PredictResponse").decode(
        await lean[0].call(GRPC_PATHS.predict, framed),
      ) as unknown as { outputs: Record<string, { float_val: number[] }> };
      if (leanCheck.outputs.predict.float_val.length !== 1001) throw new Error("lean client: unexpected response");
      let lr = 0;
      const lean1 = () => lean[0].call(GRPC_PATHS.predict, framed);
      const lean4 = () => lean[lr++ % 4].call(GRPC_PATHS.predict, framed);
      await openRaw();
      for (let i = 0; i < WARMUP; i++) await raw();
      await closeRaw();
      for (let i = 0; i < WARMUP; i++) await served1();
      for (let i = 0; i < WARMUP; i++) await lean1();

      const acc = {
        raw1: new Acc(),
        raw4: new Acc(),
        g1: new Acc(),
        g4: new Acc(),
        l1: new Acc(),
        l4: new Acc(),
      };
      for (let r = 0; r < ROUNDS; r++) {
        await openRaw();
        await block(acc.raw1, raw, RUNS_C1, 1);
        await closeRaw();
        await block(acc.g1, served1, RUNS_C1, 1);
        await block(acc.l1, lean1, RUNS_C1, 1);
      }
      // CPU per request at c4: where the served path spends more than raw ORT (2 cores shared).
      const cpu = { rawPerRun: 0, serverPerReq: 0, clientPerReq: 0, leanServerPerReq: 0, leanClientPerReq: 0 };
      const pid = server.child.pid ?? 0;
      for (let r = 0; r < ROUNDS; r++) {
        await openRaw();
        const a = selfCpuMs();
        await block(acc.raw4, raw, RUNS_C4, 4);
        const b0 = selfCpuMs();
        await closeRaw();
        const b = selfCpuMs();
        const sv = procCpuMs(pid);
        await block(acc.g4, served4, RUNS_C4, 4);
        cpu.rawPerRun += (b0 - a) / (RUNS_C4 * ROUNDS);
        cpu.clientPerReq += (selfCpuMs() - b) / (RUNS_C4 * ROUNDS);
        cpu.serverPerReq += (procCpuMs(pid) - sv) / (RUNS_C4 * ROUNDS);
        const c0 = selfCpuMs();
        const s0 = procCpuMs(pid);
        await block(acc.l4, lean4, RUNS_C4, 4);
        cpu.leanClientPerReq += (selfCpuMs() - c0) / (RUNS_C4 * ROUNDS);
        cpu.leanServerPerReq += (procCpuMs(pid) - s0) / (RUNS_C4 * ROUNDS);
      }
      const raw1 = acc.raw1.phase();
      const raw4 = acc.raw4.phase();
      const g1 = acc.g1.phase();
      const g4 = acc.g4.phase();
      const l1 = acc.l1.phase();
      const l4 = acc.l4.phase();
      console.log(`raw ORT                 c1: ${fmt(raw1)}`);
      console.log(`gRPC+TLS (grpc-js)      c1: ${fmt(g1)}`);
      console.log(`gRPC+TLS (lean http2)   c1: ${fmt(l1)}`);
      console.log(`raw ORT                 c4: ${fmt(raw4)}`);
      console.log(`gRPC+TLS (grpc-js)      c4: ${fmt(g4)}`);
      console.log(`gRPC+TLS (lean http2)   c4: ${fmt(l4)}`);
      for (const c of clients) c.close();
      for (const c of lean) c.close();

      // REST (JSON over https) at batch 1, concurrency 1, against gRPC measured just before.
      const instances = JSON.stringify({
        instances: [
          Array.from({ length: 224 }, (_, h) =>
            Array.from({ length: 224 }, (_, w) => Array.from({ length: 3 }, (_, ch) => x[(h * 224 + w) * 3 + ch])),
          ),
        ],
      });
      const agent = new Agent({ keepAlive: true, ca: certs.caCert });
      const rest = () =>
        new Promise<void>((resolve, reject) => {
          const req = httpsRequest(
            {
              host: "127.0.0.1",
              servername: "localhost",
              port: server.restPort!,
              method: "POST",
              path: `/v1/models/${MODEL_NAME}:predict`,
              agent,
              headers: { "content-type": "application/json", "content-length": Buffer.byteLength(instances) },
            },
            (res) => {
              let n = 0;
              res.on("data", (d: Buffer) => {
                n += d.length;
              });
              res.on("end", () =>
                res.statusCode === 200 && n > 0 ? resolve() : reject(new Error(`REST ${res.statusCode}`)),
              );
            },
          );
          req.on("error", reject);
          req.end(instances);
        });
      let restPhase: Phase | undefined;
      try {
        for (let i = 0; i < WARMUP; i++) await rest();
        const a = new Acc();
        await block(a, rest, RUNS_REST, 1);
        restPhase = a.phase();
        console.log(`REST+TLS     c1: ${fmt(restPhase)}`);
      } catch (err) {
        console.log(`REST not measured: ${(err as Error).message}`);
      }
      agent.destroy();
      await server.stop();

      // (c) dynamic batching: another server per variant, c4 and c1 over grpc-js, raw c4 alternating.
      const batched = async (label: string, params: string | undefined) => {
        const args = [...serverArgs, "--enable_batching"];
        if (params !== undefined) {
          writeFileSync(join(dir.path, "batching.cfg"), params);
          args.push(`--batching_parameters_file=${join(dir.path, "batching.cfg")}`);
        }
        const bs = await spawnServe(args, { timeoutMs: 120_000 });
        const cs = Array.from(
          { length: 4 },
          () => new grpc.Client(`localhost:${bs.grpcPort}`, creds, { "grpc.max_receive_message_length": -1 }),
        );
        const acc = { raw4: new Acc(), b1: new Acc(), b4: new Acc() };
        try {
          let br = 0;
          for (let i = 0; i < WARMUP; i++) await call(cs[0]);
          for (let r = 0; r < ROUNDS; r++) {
            await openRaw();
            await block(acc.raw4, raw, RUNS_C4, 4);
            await closeRaw();
            await block(acc.b4, () => call(cs[br++ % 4]), RUNS_C4, 4);
            await block(acc.b1, () => call(cs[0]), RUNS_C1, 1);
          }
        } finally {
          for (const c of cs) c.close();
          await bs.stop();
        }
        const res = {
          batching: params?.trim().split("\n") ?? [],
          rawC4: acc.raw4.phase(),
          c1: acc.b1.phase(),
          c4: acc.b4.phase(),
        };
        console.log(`raw ORT                 c4: ${fmt(res.rawC4)}`);
        console.log(`${`batched (${label})`.padEnd(24)}c4: ${fmt(res.c4)}`);
        console.log(`${`batched (${label})`.padEnd(24)}c1: ${fmt(res.c1)}`);
        return { ...res, throughputC4: res.c4.throughput / res.rawC4.throughput, p50C1: res.c1.p50Ms / raw1.p50Ms };
      };
      // TF Serving's defaults (no parameters file): a request that finds the model idle runs at
      // once, requests that arrive during a run form the next batch.
      const busy = await batched("when busy", undefined);
      const wait = await batched("wait 8 ms", BATCHING);

      const tputRatio4 = g4.throughput / raw4.throughput;
      const p50Ratio1 = g1.p50Ms / raw1.p50Ms;
      console.log(
        `grpc-js client: served/raw throughput c4: ${tputRatio4.toFixed(3)} (target >= 0.95); served/raw p50 c1: ${p50Ratio1.toFixed(3)} (target <= 1.10)`,
      );
      console.log(
        `lean client:    served/raw throughput c4: ${(l4.throughput / raw4.throughput).toFixed(3)}; served/raw p50 c1: ${(l1.p50Ms / raw1.p50Ms).toFixed(3)}`,
      );
      for (const [label, v] of [
        ["--enable_batching (defaults)", busy],
        ["--enable_batching (max 4, 8 ms)", wait],
      ] as const) {
        console.log(
          `${label}: served/raw throughput c4: ${v.throughputC4.toFixed(3)} (target >= 0.95); p50 c1: ${v.p50C1.toFixed(3)} of raw`,
        );
      }
      if (restPhase) console.log(`REST/gRPC p50 c1: ${(restPhase.p50Ms / g1.p50Ms).toFixed(2)}`);
      console.log(
        `CPU ms per image at c4: raw ORT ${cpu.rawPerRun.toFixed(1)}; served: server ${cpu.serverPerReq.toFixed(1)} + grpc-js client ${cpu.clientPerReq.toFixed(1)} (server efficiency ${(cpu.rawPerRun / cpu.serverPerReq).toFixed(3)}); lean: server ${cpu.leanServerPerReq.toFixed(1)} + client ${cpu.leanClientPerReq.toFixed(1)}`,
      );
      console.log(`# loadavg after: ${load()}`);
      console.log(
        JSON.stringify({
          bench: "serve",
          model: "resnet50-v1.5-synth",
          batch: 1,
          threads: THREADS,
          serverFlags: extraServerFlags,
          raw: { c1: raw1, c4: raw4 },
          grpcTls: { c1: g1, c4: g4 },
          leanGrpcTls: { c1: l1, c4: l4 },
          restTls: restPhase ? { c1: restPhase } : null,
          batched: { whenBusy: busy, wait8ms: wait },
          cpuMsPerImageC4: cpu,
          // raw ORT CPU / server CPU per image: the c4 throughput ratio with the client on another machine.
          serverCpuEfficiencyC4: cpu.rawPerRun / cpu.serverPerReq,
          ratios: {
            throughputC4: tputRatio4,
            p50C1: p50Ratio1,
            restOverGrpcP50C1: restPhase ? restPhase.p50Ms / g1.p50Ms : null,
            leanThroughputC4: l4.throughput / raw4.throughput,
            leanP50C1: l1.p50Ms / raw1.p50Ms,
            batchedThroughputC4: busy.throughputC4,
            batchedP50C1: busy.p50C1,
            batched8msThroughputC4: wait.throughputC4,
            batched8msP50C1: wait.p50C1,
          },
          targetsMet: {
            throughputC4: tputRatio4 >= 0.95,
            p50C1: p50Ratio1 <= 1.1,
            batchedThroughputC4: busy.throughputC4 >= 0.95,
            batched8msThroughputC4: wait.throughputC4 >= 0.95,
          },
          loadavg: loadavg(),
        }),
      );
    } finally {
      await closeRaw();
      await server.stop();
    }
  } finally {
    dir.cleanup();
  }
}

await main();
