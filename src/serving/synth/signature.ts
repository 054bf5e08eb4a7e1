import type { GraphBuilder, ValueSpec } from "./graph.ts";

/** The seed's serving signature (CCZoo resnet50-v15-fp32): input `input`, output `predict`. */
export const INPUT_NAME = "input";
export const OUTPUT_NAME = "predict";
export const IMAGE_SIZE = 224;
export const DEFAULT_CLASSES = 1001;
/** Symbolic batch dimension; ORT reports it as "N". */
export const BATCH_DIM = "N";

export type Layout = "nhwc" | "nchw";

/** The graph input for `layout`: [N,224,224,3] (the seed's NHWC) or [N,3,224,224]. */
export function inputSpec(layout: Layout): ValueSpec {
  return {
    name: INPUT_NAME,
    shape: layout === "nhwc" ? [BATCH_DIM, IMAGE_SIZE, IMAGE_SIZE, 3] : [BATCH_DIM, 3, IMAGE_SIZE, IMAGE_SIZE],
  };
}

export const outputSpec = (classes: number): ValueSpec => ({ name: OUTPUT_NAME, shape: [BATCH_DIM, classes] });

/** Returns the NCHW tensor the network starts from: a Transpose of the NHWC input, or the input itself. */
export function nchwInput(b: GraphBuilder, layout: Layout): string {
  return layout === "nhwc"
    ? b.node("input_nchw", "Transpose", [INPUT_NAME], { perm: { ints: [0, 3, 1, 2] } })
    : INPUT_NAME;
}

/** Softmax over the class axis, producing the `predict` output. */
export function softmaxOutput(b: GraphBuilder, logits: string): string {
  return b.node("softmax", "Softmax", [logits], { axis: { i: 1 } }, OUTPUT_NAME);
}
