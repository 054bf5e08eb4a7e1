import { SealedError } from "../common/errors.ts";
import type { RandomSource } from "../common/random.ts";
import { checkWrapKey, deriveMetadataKey, type PfCrypto } from "./crypto.ts";
import {
  ATTACHED_DATA_NODES_COUNT,
  CHILD_MHT_NODES_COUNT,
  CRYPTO_ENTRY_SIZE,
  KEY_SIZE,
  MAC_SIZE,
  MD_USER_DATA_SIZE,
  MHT_CHILD_ENTRIES_OFFSET,
  NODE_SIZE,
  NONCE_SIZE,
  type PfFormat,
} from "./format.ts";
import { serializeDecryptedMetadata, serializeMetadataNode } from "./metadata.ts";
import { dataNodeCount, mhtNodeCount, mhtParent, physData, physMht, underlyingSize } from "./node-math.ts";
import { encodeStoredPath } from "./path.ts";
import type { ByteSink, ByteSource } from "./storage.ts";

/** Up to this many plaintext data nodes are read and written per storage call. */
const WINDOW_NODES = 32;

export interface PfWriteOptions {
  /** Format major version to write: 2 (Gramine >= 1.9, default) or 1 (Gramine <= 1.8). */
  readonly format?: PfFormat;
  readonly random: RandomSource;
  readonly crypto: PfCrypto;
}

export interface PfWriteResult {
  readonly format: PfFormat;
  readonly path: string;
  readonly size: number;
  readonly underlyingSize: number;
}

/**
 * Encrypts `plain` into a new protected file on `sink` (which must start empty). Memory stays
 * bounded: one MHT node per tree level plus a 32-node window.
 *
 * Random draws follow Gramine (spec "Randomness"), so a counter RNG reproduces Gramine's output
 * for files Gramine flushes only at close (under its 48-node cache, i.e. < ~46 data nodes; larger
 * files are flushed partway by cache eviction there): 32-byte nonce of the initial flush at create (kept only for
 * an empty file), then one key per data node, last node first, child MHT keys after their
 * subtrees (deepest first), the root MHT key, then the 32-byte metadata nonce. Nodes are written
 * before the metadata node, as Gramine's flush does.
 */
export function encryptToSink(
  plain: ByteSource,
  sink: ByteSink,
  wrapKey: Uint8Array,
  storedPath: string,
  opts: PfWriteOptions,
): PfWriteResult {
  checkWrapKey(wrapKey);
  const format = opts.format ?? 2;
  const pathBytes = encodeStoredPath(storedPath);
  const { random, crypto } = opts;
  const size = plain.size();
  let nonce = draw(random, NONCE_SIZE);
  const rootKey = new Uint8Array(KEY_SIZE);
  const rootMac = new Uint8Array(MAC_SIZE);
  const fileData = new Uint8Array(MD_USER_DATA_SIZE);
  if (size > 0) {
    fileData.set(plain.read(0, Math.min(size, MD_USER_DATA_SIZE)));
    const nData = dataNodeCount(size);
    if (nData > 0) {
      const tree = new TreeWriter(plain, sink, random, crypto, size, nData);
      tree.writeMht(0, rootKey, rootMac);
    }
    nonce = draw(random, NONCE_SIZE);
  }
  const dec = serializeDecryptedMetadata({ pathBytes, fileSize: size, rootKey, rootMac, fileData });
  const metadataKey = deriveMetadataKey(crypto, wrapKey, nonce);
  const encrypted = new Uint8Array(dec.length);
  const mac = new Uint8Array(MAC_SIZE);
  crypto.gcmEncrypt(metadataKey, dec, encrypted, mac);
  dec.fill(0);
  fileData.fill(0);
  metadataKey.fill(0);
  sink.write(0, serializeMetadataNode(format, nonce, mac, encrypted));
  return Object.freeze({ format, path: storedPath, size, underlyingSize: underlyingSize(size) });
}

function draw(random: RandomSource, n: number): Uint8Array {
  const b = random(n);
  if (b.length !== n) throw new SealedError("INTERNAL", `random source returned ${b.length} bytes, wanted ${n}`);
  return b;
}

/** Post-order walk of the MHT: data nodes of an MHT node, then its children, then the node itself. */
class TreeWriter {
  private readonly window = new Uint8Array(WINDOW_NODES * NODE_SIZE);
  private readonly padded = new Uint8Array(NODE_SIZE);
  private readonly nMht: number;

  constructor(
    private readonly plain: ByteSource,
    private readonly sink: ByteSink,
    private readonly random: RandomSource,
    private readonly crypto: PfCrypto,
    private readonly size: number,
    private readonly nData: number,
  ) {
    this.nMht = mhtNodeCount(nData);
  }

  /** Encrypts MHT node `m` and its subtree; its key and MAC go to `keyOut`/`macOut`. */
  writeMht(m: number, keyOut: Uint8Array, macOut: Uint8Array): void {
    const node = new Uint8Array(NODE_SIZE);
    const first = m * ATTACHED_DATA_NODES_COUNT;
    const end = Math.min(first + ATTACHED_DATA_NODES_COUNT, this.nData);
    // Windows from last to first, nodes within a window last first: keys are drawn last node first.
    for (let wEnd = end; wEnd > first; ) {
      const w = Math.max(first, wEnd - WINDOW_NODES);
      this.writeDataWindow(node, w, wEnd);
      wEnd = w;
    }
    const lastChild = Math.min(m * CHILD_MHT_NODES_COUNT + CHILD_MHT_NODES_COUNT, this.nMht - 1);
    for (let c = lastChild; c >= m * CHILD_MHT_NODES_COUNT + 1; c--) {
      const e = MHT_CHILD_ENTRIES_OFFSET + mhtParent(c).slot * CRYPTO_ENTRY_SIZE;
      this.writeMht(c, node.subarray(e, e + KEY_SIZE), node.subarray(e + KEY_SIZE, e + CRYPTO_ENTRY_SIZE));
    }
    keyOut.set(draw(this.random, KEY_SIZE));
    const out = this.window.subarray(0, NODE_SIZE);
    this.crypto.gcmEncrypt(keyOut, node, out, macOut);
    node.fill(0);
    this.sink.write(physMht(m) * NODE_SIZE, out);
  }

  /** Encrypts data nodes [w, wEnd) (contiguous on disk) with entries in MHT `node`. */
  private writeDataWindow(node: Uint8Array, w: number, wEnd: number): void {
    const plainStart = MD_USER_DATA_SIZE + w * NODE_SIZE;
    const plainEnd = Math.min(this.size, MD_USER_DATA_SIZE + wEnd * NODE_SIZE);
    const plain = this.plain.read(plainStart, plainEnd - plainStart);
    const at0 = physData(w) * NODE_SIZE;
    const len = (wEnd - w) * NODE_SIZE;
    const dst = this.sink.region?.(at0, len) ?? this.window.subarray(0, len);
    for (let d = wEnd - 1; d >= w; d--) {
      const at = (d - w) * NODE_SIZE;
      let pt = plain.subarray(at, at + NODE_SIZE);
      if (pt.length < NODE_SIZE) {
        this.padded.fill(0);
        this.padded.set(pt);
        pt = this.padded;
      }
      const e = (d % ATTACHED_DATA_NODES_COUNT) * CRYPTO_ENTRY_SIZE;
      const key = node.subarray(e, e + KEY_SIZE);
      key.set(draw(this.random, KEY_SIZE));
      this.crypto.gcmEncrypt(
        key,
        pt,
        dst.subarray(at, at + NODE_SIZE),
        node.subarray(e + KEY_SIZE, e + CRYPTO_ENTRY_SIZE),
      );
    }
    this.padded.fill(0);
    this.sink.write(at0, dst);
  }
}
