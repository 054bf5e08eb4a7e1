import { GraphBuilder, type GraphSpec, heUniform } from "./graph.ts";
import { inputSpec, type Layout, nchwInput, outputSpec, softmaxOutput } from "./signature.ts";

/** BatchNormalization epsilon (torchvision / TF Keras ResNet use 1e-5 and 1.001e-5). */
const BN_EPSILON = 1e-5;

/**
 * Scale of the last BatchNormalization in each residual branch. With untrained He-initialised
 * weights and unit scales, activations roughly double per block (16 blocks); a small scale keeps
 * them bounded, the idea of "zero-init residual" (Goyal et al. 2017) without making branches dead.
 */
const RESIDUAL_GAMMA = 0.25;

/**
 * Scale of the stem's BatchNormalization: the seed's clients send raw pixel values 0..255, so
 * 1/127.5 brings the stem to unit scale (the usual x/127.5 - 1 preprocessing, folded in). Without
 * it the logits grow to hundreds and the softmax is one-hot on the same class for every image.
 */
const STEM_GAMMA = 1 / 127.5;

/** ResNet50 stages: [bottleneck width, blocks, stride of the first block]. Output channels are 4x width. */
const STAGES: readonly (readonly [number, number, number])[] = [
  [64, 3, 1],
  [128, 4, 2],
  [256, 6, 2],
  [512, 3, 2],
];

/** Conv (no bias) followed by BatchNormalization (scale 1, bias 0, mean 0, var 1; ORT folds it). */
function convBn(
  b: GraphBuilder,
  name: string,
  x: string,
  cin: number,
  cout: number,
  k: number,
  stride: number,
  gamma = 1,
): string {
  const w = b.weight(`${name}.weight`, [cout, cin, k, k], heUniform(cin * k * k));
  const p = (k - 1) >> 1;
  const conv = b.node(name, "Conv", [x, w], {
    kernel_shape: { ints: [k, k] },
    strides: { ints: [stride, stride] },
    pads: { ints: [p, p, p, p] },
  });
  const bn = name.replace(/conv(\d*)$/, "bn$1").replace(/downsample$/, "downsample.bn");
  const stats = (suffix: string, value: number) => b.weight(`${bn}.${suffix}`, [cout], { kind: "const", value });
  return b.node(
    bn,
    "BatchNormalization",
    [conv, stats("scale", gamma), stats("bias", 0), stats("mean", 0), stats("var", 1)],
    {
      epsilon: { f: BN_EPSILON },
    },
  );
}

/** One v1.5 bottleneck: 1x1 -> 3x3 (carries the stride, the "v1.5" change) -> 1x1, plus shortcut. */
function bottleneck(b: GraphBuilder, name: string, x: string, cin: number, width: number, stride: number): string {
  const cout = width * 4;
  let y = b.node(`${name}.relu1`, "Relu", [convBn(b, `${name}.conv1`, x, cin, width, 1, 1)]);
  y = b.node(`${name}.relu2`, "Relu", [convBn(b, `${name}.conv2`, y, width, width, 3, stride)]);
  y = convBn(b, `${name}.conv3`, y, width, cout, 1, 1, RESIDUAL_GAMMA);
  const shortcut = stride !== 1 || cin !== cout ? convBn(b, `${name}.downsample`, x, cin, cout, 1, stride) : x;
  return b.node(`${name}.relu3`, "Relu", [b.node(`${name}.add`, "Add", [y, shortcut])]);
}

/**
 * ResNet50 v1.5 (He et al. 2016, with the stride on the 3x3 convolution as in torchvision and
 * NVIDIA's "v1.5"): 7x7/2 stem, 3x3/2 max pool, 3+4+6+3 bottlenecks, global average pool, fully
 * connected layer to `classes`, softmax. 25.6M parameters for 1001 classes.
 */
export function resnet50Graph(layout: Layout, classes: number): { graph: GraphSpec; params: number } {
  const b = new GraphBuilder();
  let x = nchwInput(b, layout);
  x = b.node("relu", "Relu", [convBn(b, "conv1", x, 3, 64, 7, 2, STEM_GAMMA)]);
  x = b.node("maxpool", "MaxPool", [x], {
    kernel_shape: { ints: [3, 3] },
    strides: { ints: [2, 2] },
    pads: { ints: [1, 1, 1, 1] },
  });
  let cin = 64;
  STAGES.forEach(([width, blocks, stride], s) => {
    for (let i = 0; i < blocks; i++) {
      x = bottleneck(b, `layer${s + 1}.${i}`, x, cin, width, i === 0 ? stride : 1);
      cin = width * 4;
    }
  });
  x = b.node("avgpool", "GlobalAveragePool", [x]);
  x = b.node("flatten", "Flatten", [x], { axis: { i: 1 } });
  // Zero-mean rows: the pooled features are all positive (after ReLU), so a row's sum would
  // otherwise decide the class for every image; centred rows let the image decide.
  const fcW = b.weight("fc.weight", [classes, cin], { ...heUniform(cin), zeroMeanRows: cin });
  const fcB = b.weight("fc.bias", [classes], { kind: "const", value: 0 });
  x = b.node("fc", "Gemm", [x, fcW, fcB], { transB: { i: 1 } });
  softmaxOutput(b, x);
  return { graph: b.build("resnet50_v1_5", [inputSpec(layout)], [outputSpec(classes)]), params: b.paramCount() };
}
