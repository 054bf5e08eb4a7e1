import sharp, { type OutputInfo } from "sharp";
import { SealedError } from "../../common/errors.ts";

export type Layout = "NHWC" | "NCHW";

/** Where the image goes in the model's input: height, width and channel layout. */
export interface ImageGeometry {
  readonly height: number;
  readonly width: number;
  readonly layout: Layout;
}

/** Default geometry when the signature leaves H/W unknown (the seed's ResNet50 input). */
export const DEFAULT_GEOMETRY: ImageGeometry = Object.freeze({ height: 224, width: 224, layout: "NHWC" });

/**
 * Reads H, W and layout from an image input shape: [N,H,W,3] is NHWC, [N,3,H,W] is NCHW;
 * unknown (-1) H/W fall back to 224. Returns undefined when the shape is not an RGB image batch.
 */
export function geometryFromShape(shape: readonly number[] | undefined): ImageGeometry | undefined {
  if (shape === undefined) return DEFAULT_GEOMETRY;
  if (shape.length !== 4) return undefined;
  const dim = (d: number, fallback: number) => (d > 0 ? d : fallback);
  if (shape[3] === 3) return { height: dim(shape[1], 224), width: dim(shape[2], 224), layout: "NHWC" };
  if (shape[1] === 3) return { height: dim(shape[2], 224), width: dim(shape[3], 224), layout: "NCHW" };
  if (shape[3] === -1 && shape[1] !== 3)
    return { height: dim(shape[1], 224), width: dim(shape[2], 224), layout: "NHWC" };
  return undefined;
}

/**
 * Decodes an image (any format sharp reads), resizes its shorter side to cover the target and
 * center-crops it, and returns float32 RGB values 0..255 in the given layout (the seed feeds raw
 * 0..255 values with no normalisation). Not an image -> CLIENT_BAD_IMAGE.
 */
export async function imageToTensor(bytes: Uint8Array, g: ImageGeometry, label = "image"): Promise<Float32Array> {
  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await sharp(bytes, { failOn: "error" })
      .rotate() // honour EXIF orientation
      .removeAlpha()
      .toColourspace("srgb")
      .resize(g.width, g.height, { fit: "cover", position: "centre" })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new SealedError("CLIENT_BAD_IMAGE", `${label} is not a readable image (${(err as Error).message})`, {
      cause: err,
    });
  }
  const { data, info } = raw;
  const ch = info.channels;
  const pixels = g.height * g.width;
  if (info.width !== g.width || info.height !== g.height || data.length !== pixels * ch) {
    throw new SealedError("CLIENT_BAD_IMAGE", `${label}: decoder returned ${info.width}x${info.height}x${ch}`);
  }
  const out = new Float32Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) {
      const v = data[p * ch + (ch >= 3 ? c : 0)];
      if (g.layout === "NHWC") out[p * 3 + c] = v;
      else out[c * pixels + p] = v;
    }
  }
  return out;
}

/** Concatenates per-image tensors into one batch. */
export function stackBatch(images: readonly Float32Array[]): Float32Array {
  const per = images[0]?.length ?? 0;
  const out = new Float32Array(per * images.length);
  for (let i = 0; i < images.length; i++) out.set(images[i], i * per);
  return out;
}
