import { SealedError } from "../../common/errors.ts";
import { encodeModel } from "./encode.ts";
import type { GraphSpec } from "./graph.ts";
import { resnet50Graph } from "./resnet50.ts";
import { DEFAULT_CLASSES, type Layout } from "./signature.ts";
import { tinyGraph } from "./tiny.ts";

export { BATCH_DIM, DEFAULT_CLASSES, IMAGE_SIZE, INPUT_NAME, type Layout, OUTPUT_NAME } from "./signature.ts";

export const SYNTH_KINDS = ["resnet50", "tiny"] as const;
export type SynthKind = (typeof SYNTH_KINDS)[number];

export interface SynthOptions {
  /** `nhwc` (default, the seed's [N,224,224,3] followed by a Transpose) or `nchw` ([N,3,224,224]). */
  readonly layout?: Layout;
  /** Number of output classes (default 1001, the seed's [N,1001]). */
  readonly classes?: number;
  /** xorshift32 seed of the weights (default DEFAULT_SEED). */
  readonly seed?: number;
}

export const DEFAULT_SEED = 0x5ea1ed01;
export const MAX_CLASSES = 100_000;

/** Fixed ModelProto facts: IR version 8 with opset 17 (both supported by onnxruntime 1.14+). */
const IR_VERSION = 8;
const OPSET = 17;

export interface SynthResult {
  readonly bytes: Uint8Array;
  readonly kind: SynthKind;
  readonly layout: Layout;
  readonly classes: number;
  readonly seed: number;
  readonly params: number;
  readonly nodes: number;
}

function check(kind: string, o: SynthOptions): { layout: Layout; classes: number; seed: number } {
  const bad = (m: string) => new SealedError("SRV_SYNTH_OPTIONS", m);
  if (!(SYNTH_KINDS as readonly string[]).includes(kind))
    throw bad(`unknown model kind "${kind}" (use ${SYNTH_KINDS.join(" or ")})`);
  const layout = o.layout ?? "nhwc";
  if (layout !== "nhwc" && layout !== "nchw") throw bad(`layout must be nhwc or nchw, not "${String(layout)}"`);
  const classes = o.classes ?? DEFAULT_CLASSES;
  if (!Number.isInteger(classes) || classes < 1 || classes > MAX_CLASSES)
    throw bad(`classes must be an integer in 1..${MAX_CLASSES}`);
  const seed = o.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw bad("seed must be an integer in 0..4294967295");
  return { layout, classes, seed };
}

/**
 * Builds a synthetic ONNX model with the seed's signature (input `input` float32 [N,224,224,3],
 * output `predict` float32 [N,classes], softmax) and deterministic pseudo-random weights, with
 * facts about it. The same kind and options always give the same bytes.
 */
export function synthesize(kind: SynthKind, options: SynthOptions = {}): SynthResult {
  const { layout, classes, seed } = check(kind, options);
  const { graph, params }: { graph: GraphSpec; params: number } =
    kind === "resnet50" ? resnet50Graph(layout, classes) : tinyGraph(layout, classes);
  const bytes = encodeModel(graph, {
    irVersion: IR_VERSION,
    opset: OPSET,
    producerName: "sealed-synth",
    producerVersion: "1",
    docString: `Synthetic ${kind} (${layout}, ${classes} classes) with xorshift32 He-uniform weights, seed ${seed}. Not trained.`,
    seed,
  });
  return { bytes, kind, layout, classes, seed, params, nodes: graph.nodes.length };
}

/** The ONNX bytes of a synthetic model (see `synthesize`). */
export function synthModel(kind: SynthKind, options: SynthOptions = {}): Uint8Array {
  return synthesize(kind, options).bytes;
}
