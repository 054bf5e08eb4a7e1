import { GraphBuilder, type GraphSpec, heUniform } from "./graph.ts";
import { IMAGE_SIZE, inputSpec, type Layout, nchwInput, outputSpec, softmaxOutput } from "./signature.ts";

/** Pooling window: 224 / 32 = 7, so the pooled image is 3x7x7 = 147 features. */
const POOL = 32;

/**
 * A tiny model with the ResNet50 signature for fast server tests: 32x32/32 average pooling of the
 * image, a fully connected layer (147 -> classes) and softmax. About 150k parameters for 1001
 * classes; one batch-1 inference takes well under a millisecond.
 */
export function tinyGraph(layout: Layout, classes: number): { graph: GraphSpec; params: number } {
  const b = new GraphBuilder();
  let x = nchwInput(b, layout);
  x = b.node("avgpool", "AveragePool", [x], { kernel_shape: { ints: [POOL, POOL] }, strides: { ints: [POOL, POOL] } });
  x = b.node("flatten", "Flatten", [x], { axis: { i: 1 } });
  const features = 3 * (IMAGE_SIZE / POOL) ** 2;
  const w = b.weight("fc.weight", [classes, features], heUniform(features));
  const bias = b.weight("fc.bias", [classes], { kind: "const", value: 0 });
  x = b.node("fc", "Gemm", [x, w, bias], { transB: { i: 1 } });
  softmaxOutput(b, x);
  return { graph: b.build("tiny_classifier", [inputSpec(layout)], [outputSpec(classes)]), params: b.paramCount() };
}
