import { randomImageBatch } from "../../client/bench/run-bench.ts";
import { createClient } from "../../client/create-client.ts";
import { geometryFromShape, imageToTensor, stackBatch } from "../../client/image/preprocess.ts";
import { parseTarget } from "../../client/target.ts";
import { parseLabels, rows, topK } from "../../client/top-k.ts";
import { DEFAULT_SIGNATURE, type OutputTensor, type SignatureLite } from "../../client/types.ts";
import { SealedError } from "../../common/errors.ts";
import { seededRandom } from "../../common/random.ts";
import { parseCommandArgs, requireOption } from "../args.ts";
import type { CliIo } from "../command.ts";
import {
  intFlag,
  normalizeSeedFlags,
  readInputFile,
  TLS_OPTIONS,
  TLS_USAGE,
  tlsConfigFromFlags,
} from "./client-flags.ts";

export const predictUsage = `usage: sealed client predict --url HOST:PORT --model NAME (--image FILE... | --random) [options]

Reads the model's input shape from GetModelMetadata, decodes each image, resizes and
center-crops it to the input (float32 RGB 0..255, NHWC like the seed, or NCHW), sends one
Predict with the images as a batch (tensor_content) and prints the top-K classes per image.

options:
  --url HOST:PORT     server (gRPC port, or the REST port with --rest)
  --model NAME        model name
  --version N         model version (default latest)
  --signature NAME    signature (default serving_default)
  --image FILE        an image (JPEG, PNG, WebP, GIF, TIFF, AVIF); repeat for a batch
  --random            send random uint8-valued input instead (with --batch N, default 1)
  --labels FILE       class labels, one per line (line i = class i)
  --top K             classes to print per image (default 5)
  --output NAME       output to rank (default: the only / first float output)
  --rest              use the REST API instead of gRPC
  --json              print one JSON object
${TLS_USAGE}
`;

function pickInput(sig: SignatureLite): [string, SignatureLite["inputs"][string]] {
  const entries = Object.entries(sig.inputs);
  const chosen = entries.length === 1 ? entries[0] : entries.find(([k]) => k === "input");
  if (!chosen)
    throw new SealedError("CLIENT_SIGNATURE", `the signature has ${entries.length} inputs; expected one image input`);
  if (chosen[1].dtype !== "DT_FLOAT") {
    throw new SealedError("CLIENT_SIGNATURE", `input '${chosen[0]}' is ${chosen[1].dtype}; expected DT_FLOAT`);
  }
  return chosen;
}

function pickOutput(outputs: Readonly<Record<string, OutputTensor>>, name: string | undefined): [string, OutputTensor] {
  if (name !== undefined) {
    const t = outputs[name];
    if (!t)
      throw new SealedError(
        "CLIENT_BAD_RESPONSE",
        `the response has no output '${name}' (has ${Object.keys(outputs).join(", ")})`,
      );
    return [name, t];
  }
  const entries = Object.entries(outputs).sort(([a], [b]) => a.localeCompare(b));
  return entries.find(([, t]) => t.dtype === "DT_FLOAT") ?? entries[0];
}

export async function runPredict(rawArgs: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(normalizeSeedFlags(rawArgs), {
    url: { type: "string" },
    model: { type: "string" },
    version: { type: "string" },
    signature: { type: "string" },
    image: { type: "string", multiple: true },
    img: { type: "string", multiple: true },
    random: { type: "boolean" },
    batch: { type: "string" },
    labels: { type: "string" },
    top: { type: "string" },
    output: { type: "string" },
    rest: { type: "boolean" },
    json: { type: "boolean" },
    seed: { type: "string" },
    ...TLS_OPTIONS,
  });
  const target = parseTarget(requireOption(values.url, "--url"));
  const model = requireOption(values.model, "--model");
  if (values.version !== undefined && !/^\d{1,18}$/.test(values.version))
    throw new SealedError("USAGE", "--version must be a number");
  const images = [...(values.image ?? []), ...(values.img ?? [])];
  if (images.length === 0 && !values.random)
    throw new SealedError("USAGE", "give --image FILE (repeatable) or --random");
  if (images.length > 0 && values.random) throw new SealedError("USAGE", "--image and --random exclude each other");
  if (images.length > 0 && values.batch !== undefined)
    throw new SealedError("USAGE", "--batch goes with --random; the batch is the images");
  const k = intFlag(values.top, "--top", 5);
  const tls = await tlsConfigFromFlags(values, io.cwd);
  const labels = values.labels
    ? parseLabels((await readInputFile(io.cwd, values.labels, "labels file")).toString("utf8"))
    : undefined;
  const imageBytes = await Promise.all(images.map((f) => readInputFile(io.cwd, f, "image")));

  const signature = values.signature ?? DEFAULT_SIGNATURE;
  const client = createClient({ ...target, tls, protocol: values.rest ? "rest" : "grpc" });
  try {
    const ref = { name: model, version: values.version, signature };
    const sigs = await client.getModelMetadata(ref);
    const sig = sigs[signature];
    if (!sig) {
      throw new SealedError(
        "CLIENT_SIGNATURE",
        `model '${model}' has no signature '${signature}' (has: ${Object.keys(sigs).join(", ") || "none"})`,
      );
    }
    const [inputKey, info] = pickInput(sig);
    const g = geometryFromShape(info.shape);
    if (!g)
      throw new SealedError(
        "CLIENT_SIGNATURE",
        `input '${inputKey}' has shape [${info.shape}], not an RGB image batch`,
      );
    const batch = images.length > 0 ? images.length : intFlag(values.batch, "--batch", 1);
    const data =
      images.length > 0
        ? stackBatch(await Promise.all(imageBytes.map((b, i) => imageToTensor(b, g, images[i]))))
        : randomImageBatch(batch, g.height, g.width, 3, seededRandom(intFlag(values.seed, "--seed", 1, true)).nextU32);
    const shape = g.layout === "NHWC" ? [batch, g.height, g.width, 3] : [batch, 3, g.height, g.width];
    const outputs = await client.predict({ ...ref, inputs: { [inputKey]: { shape, data } } });
    const [outName, out] = pickOutput(outputs, values.output);
    const perImage = rows(out.values, out.shape).map((row, i) => ({
      image: images[i] ?? `random[${i}]`,
      top: topK(row, k, labels),
    }));
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({ model, signature, output: outName, shape: out.shape, results: perImage })}\n`,
      );
      return 0;
    }
    for (const r of perImage) {
      io.stdout.write(`${r.image}:\n`);
      r.top.forEach((c, rank) => {
        io.stdout.write(
          `  ${rank + 1}. ${c.label !== undefined ? `${c.label} (${c.index})` : `class ${c.index}`}  ${c.score.toFixed(6)}\n`,
        );
      });
    }
    return 0;
  } finally {
    client.close();
  }
}
