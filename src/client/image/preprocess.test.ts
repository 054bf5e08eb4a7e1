import assert from "node:assert/strict";
import { test } from "node:test";
import sharp from "sharp";
import { geometryFromShape, imageToTensor, stackBatch } from "./preprocess.ts";

test("geometry from input shapes", () => {
  assert.deepEqual(geometryFromShape([-1, 224, 224, 3]), { height: 224, width: 224, layout: "NHWC" });
  assert.deepEqual(geometryFromShape([1, 3, 32, 48]), { height: 32, width: 48, layout: "NCHW" });
  assert.deepEqual(geometryFromShape([-1, -1, -1, 3]), { height: 224, width: 224, layout: "NHWC" });
  assert.equal(geometryFromShape([1, 1001]), undefined);
  assert.equal(geometryFromShape([1, 8, 8, 1]), undefined);
});

test("a PNG is resized to cover and center-cropped; values are raw RGB 0..255", async () => {
  // 40x20 image: left half red, right half blue, a green 20-px band in the middle
  const w = 40;
  const h = 20;
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3;
      if (x >= 10 && x < 30) px[o + 1] = 255;
      else if (x < 10) px[o] = 255;
      else px[o + 2] = 255;
    }
  }
  const png = await sharp(px, { raw: { width: w, height: h, channels: 3 } })
    .png()
    .toBuffer();
  // 10x10 target: scale to 20x10 then crop the middle 10 columns -> only green remains
  const t = await imageToTensor(png, { height: 10, width: 10, layout: "NHWC" });
  assert.equal(t.length, 300);
  for (let p = 0; p < 100; p++) {
    assert.ok(t[p * 3] < 40 && t[p * 3 + 1] > 200 && t[p * 3 + 2] < 40, `pixel ${p}: ${t.slice(p * 3, p * 3 + 3)}`);
  }
  const chw = await imageToTensor(png, { height: 10, width: 10, layout: "NCHW" });
  assert.ok(chw.slice(100, 200).every((v) => v > 200));
  assert.ok(chw.slice(0, 100).every((v) => v < 40));
  assert.equal(stackBatch([t, t]).length, 600);
});

test("grayscale with alpha becomes 3 equal channels", async () => {
  const png = await sharp(Buffer.from([128, 255, 128, 255, 128, 255, 128, 255]), {
    raw: { width: 2, height: 2, channels: 2 },
  })
    .png()
    .toBuffer();
  const t = await imageToTensor(png, { height: 2, width: 2, layout: "NHWC" });
  assert.deepEqual([...t], new Array(12).fill(128));
});

test("a file that is not an image is CLIENT_BAD_IMAGE", async () => {
  await assert.rejects(
    imageToTensor(Buffer.from("this is not an image"), { height: 4, width: 4, layout: "NHWC" }, "x.txt"),
    {
      code: "CLIENT_BAD_IMAGE",
      message: /x.txt is not a readable image/,
    },
  );
  const png = await sharp(Buffer.alloc(300), { raw: { width: 10, height: 10, channels: 3 } })
    .png()
    .toBuffer();
  await assert.rejects(imageToTensor(png.subarray(0, 60), { height: 4, width: 4, layout: "NHWC" }), {
    code: "CLIENT_BAD_IMAGE",
  });
});
