import { detailLine, queryLine, responseJson, summaryJson, summaryLine } from "../../client/bench/lines.ts";
import { randomImageBatch, runLoad } from "../../client/bench/run-bench.ts";
import { type RunSummary, summarize } from "../../client/bench/stats.ts";
import { createClient } from "../../client/create-client.ts";
import { imageToTensor, stackBatch } from "../../client/image/preprocess.ts";
import { parseTarget } from "../../client/target.ts";
import type { PredictCall } from "../../client/types.ts";
import { SealedError } from "../../common/errors.ts";
import { seededRandom } from "../../common/random.ts";
import { parseCommandArgs } from "../args.ts";
import type { CliIo } from "../command.ts";
import {
  intFlag,
  normalizeSeedFlags,
  readInputFile,
  TLS_OPTIONS,
  TLS_USAGE,
  tlsConfigFromFlags,
} from "./client-flags.ts";
import { startProgress } from "./client-progress.ts";

export const benchUsage = `usage: sealed client bench [-url HOST:PORT] [-batch N] [-cnum N] [-loop N] [-img FILE] [TLS] [options]

The seed's load generator (resnet_client_grpc.py): cnum concurrent tasks, each with its own
channel, send loop sequential Predict requests of a random uint8-valued float32 NHWC batch
[batch,224,224,3] (or -img, resized to 224x224). A 5-request warm-up run with its own summary
comes first. Prints: summary: cnum C, batch B, e2e time(s) T, average latency(ms) L, tps: X

options (single-dash seed forms and --long forms both work):
  -url HOST:PORT      server (default localhost:8500)
  -batch N            images per request (default 1)
  -cnum N             concurrent tasks/channels (default 16)
  -loop N             requests per task (default 200; 0 = until Ctrl-C or --duration)
  -img FILE           send this image (every batch entry) instead of random data
  --model NAME        model name (default resnet50-v15-fp32)
  --signature NAME    signature (default serving_default)
  --input NAME        input tensor key (default input)
  --size HxW          image size (default 224x224)
  --duration SECONDS  stop after this long (with -loop 0, or as a cap)
  --retries N         retry requests failing with UNAVAILABLE up to N times (default 0)
  --warmup N          warm-up requests per task (default 5, 0 = none)
  --rest              use the REST API (POST /v1/models/NAME:predict) instead of gRPC
  -v, --verbose       print one query line per request, and task 0's first response as JSON
  --json              print one JSON object with both runs (human lines go to stderr)
  --seed N            seed of the random input (default random)
${TLS_USAGE}
`;

function sizeFlag(value: string | undefined): { h: number; w: number } {
  if (value === undefined) return { h: 224, w: 224 };
  const m = /^(\d{1,5})x(\d{1,5})$/.exec(value);
  if (!m || Number(m[1]) === 0 || Number(m[2]) === 0)
    throw new SealedError("USAGE", `--size must be HxW, not '${value}'`);
  return { h: Number(m[1]), w: Number(m[2]) };
}

export async function runBench(rawArgs: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(normalizeSeedFlags(rawArgs), {
    url: { type: "string" },
    batch: { type: "string" },
    cnum: { type: "string" },
    loop: { type: "string" },
    img: { type: "string" },
    image: { type: "string" },
    model: { type: "string" },
    signature: { type: "string" },
    input: { type: "string" },
    size: { type: "string" },
    duration: { type: "string" },
    retries: { type: "string" },
    warmup: { type: "string" },
    rest: { type: "boolean" },
    verbose: { type: "boolean", short: "v" },
    json: { type: "boolean" },
    seed: { type: "string" },
    ...TLS_OPTIONS,
  });
  const target = parseTarget(values.url ?? "localhost:8500");
  const batch = intFlag(values.batch, "-batch", 1);
  const cnum = intFlag(values.cnum, "-cnum", 16);
  const loop = intFlag(values.loop, "-loop", 200, true);
  const retries = intFlag(values.retries, "--retries", 0, true);
  const warmup = intFlag(values.warmup, "--warmup", 5, true);
  const durationS = values.duration === undefined ? undefined : Number(values.duration);
  if (durationS !== undefined && !(durationS > 0))
    throw new SealedError("USAGE", "--duration must be a positive number");
  const { h, w } = sizeFlag(values.size);
  const tls = await tlsConfigFromFlags(values, io.cwd);
  const protocol = values.rest ? "rest" : "grpc";

  const img = values.img ?? values.image;
  let data: Float32Array;
  if (img !== undefined) {
    const one = await imageToTensor(
      await readInputFile(io.cwd, img, "image"),
      { height: h, width: w, layout: "NHWC" },
      img,
    );
    data = stackBatch(new Array(batch).fill(one));
  } else {
    const seed =
      values.seed === undefined ? (Math.random() * 0x100000000) >>> 0 : intFlag(values.seed, "--seed", 1, true);
    data = randomImageBatch(batch, h, w, 3, seededRandom(seed).nextU32);
  }
  const call: PredictCall = {
    name: values.model ?? "resnet50-v15-fp32",
    signature: values.signature ?? "serving_default",
    inputs: { [values.input ?? "input"]: { shape: [batch, h, w, 3], data } },
  };

  const human = values.json ? io.stderr : io.stdout;
  const secure = tls !== undefined;
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once("SIGINT", onSigint);
  const run = async (n: number, durationMs?: number, printResponse = false): Promise<RunSummary> => {
    const progress =
      io.stderr.isTTY && !values.verbose && !values.json
        ? startProgress(io.stderr, n === 0 ? undefined : cnum * n, durationMs)
        : undefined;
    try {
      const { record, firstError, firstResponse } = await runLoad({
        cnum,
        batch,
        loop: n,
        durationMs,
        retries,
        makeClient: () => createClient({ ...target, tls, protocol }),
        call,
        now: () => performance.now(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        signal: ac.signal,
        onRequest: (e) => {
          progress?.tick(e.error !== undefined);
          if (values.verbose && !e.error) human.write(`${queryLine(secure, e.task, batch, e.loopIdx, e.latencyMs)}\n`);
          if (values.verbose && e.error)
            human.write(`query: task ${e.task}, loop_idx ${e.loopIdx}, error ${e.error.code}: ${e.error.message}\n`);
        },
      });
      progress?.done();
      if (record.latenciesMs.length === 0 && firstError) throw firstError;
      if (printResponse && firstResponse) human.write(`${responseJson(firstResponse)}\n`);
      const s = summarize(record);
      human.write(`${summaryLine(s)}\n${detailLine(s)}\n`);
      return s;
    } finally {
      progress?.done();
    }
  };
  try {
    const warm = loop !== 0 && warmup > 0 ? await run(warmup) : undefined;
    const main = await run(loop, durationS === undefined ? undefined : durationS * 1000, values.verbose === true);
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({
          url: values.url ?? "localhost:8500",
          model: call.name,
          protocol,
          secure,
          warmup: warm ? summaryJson(warm) : null,
          run: summaryJson(main),
        })}\n`,
      );
    }
    return main.errors > 0 ? 1 : 0;
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
}
