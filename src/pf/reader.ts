import { SealedError } from "../common/errors.ts";
import { deriveMetadataKey, type PfCrypto } from "./crypto.ts";
import {
  ATTACHED_DATA_NODES_COUNT,
  CRYPTO_ENTRY_SIZE,
  DECRYPTED_SIZE,
  KEY_SIZE,
  MD_USER_DATA_SIZE,
  MHT_CHILD_ENTRIES_OFFSET,
  NODE_SIZE,
  PATH_MAX_SIZE,
  type PfFormat,
} from "./format.ts";
import { type MetadataContent, type MetadataHeader, parseDecryptedMetadata, parseMetadataHeader } from "./metadata.ts";
import { dataNodeCount, mhtNodeCount, mhtParent, physData, physMht, underlyingSize } from "./node-math.ts";
import type { ByteSource } from "./storage.ts";

/** Up to this many data nodes are read from storage in one call while streaming. */
const READ_WINDOW_NODES = 32;
/** Decrypted non-root MHT nodes kept (LRU); misses re-read and re-verify the parent chain. */
const MHT_CACHE_NODES = 8;

/** What an opened protected file is (all from the authenticated metadata). */
export interface PfInfo {
  readonly format: PfFormat;
  /** The stored path (UTF-8 decoded). */
  readonly path: string;
  /** Plaintext size in bytes. */
  readonly size: number;
  readonly dataNodes: number;
  readonly mhtNodes: number;
  /** Actual size of the encrypted file (may exceed `expectedUnderlyingSize` by whole nodes). */
  readonly underlyingSize: number;
  readonly expectedUnderlyingSize: number;
}

export interface PfOpenOptions {
  /** When set, must equal the stored path byte for byte (no normalization here). */
  readonly expectedPath?: string;
}

/**
 * Receives plaintext in file order. `chunk` is only valid during the call. When the reader throws,
 * everything already emitted must be discarded (the adapters do: temp file + rename, zeroed buffer).
 */
export type PlaintextSink = (chunk: Uint8Array, offset: number) => void;

/** Checks a file's size before anything is parsed (spec: pf_open rejects non-multiples of 4096). */
function checkUnderlyingSize(total: number): void {
  if (total < NODE_SIZE) {
    throw new SealedError("PF_TRUNCATED", `file is ${total} bytes, shorter than one 4096-byte node`);
  }
  if (total % NODE_SIZE !== 0) {
    throw new SealedError("PF_INVALID_HEADER", `file size ${total} is not a multiple of ${NODE_SIZE}`);
  }
}

/**
 * A protected file opened for reading: metadata and root MHT verified at open. Once any check
 * fails during reading, the handle stays failed (PF_FAILED), like Gramine's sticky
 * PF_STATUS_CORRUPTED.
 */
export class PfReader {
  private failure: SealedError | undefined;
  private readonly mhtCache = new Map<number, Uint8Array>();
  private readonly scratch = new Uint8Array(NODE_SIZE);

  private constructor(
    private readonly source: ByteSource,
    private readonly crypto: PfCrypto,
    readonly header: MetadataHeader,
    private readonly content: MetadataContent,
    private readonly root: Uint8Array | undefined,
    readonly info: PfInfo,
    private readonly decryptedMetadata: Uint8Array,
  ) {}

  /**
   * Opens and authenticates: size checks, header, metadata GCM (PF_MAC_MISMATCH), stored path,
   * size consistency (PF_TRUNCATED), root MHT node (PF_CORRUPTED).
   */
  static open(source: ByteSource, crypto: PfCrypto, key: Uint8Array, opts: PfOpenOptions = {}): PfReader {
    const total = source.size();
    checkUnderlyingSize(total);
    const header = parseMetadataHeader(source.read(0, NODE_SIZE));
    const metadataKey = deriveMetadataKey(crypto, key, header.nonce);
    const dec = new Uint8Array(DECRYPTED_SIZE);
    if (!crypto.gcmDecrypt(metadataKey, header.encrypted, header.mac, dec)) {
      dec.fill(0);
      metadataKey.fill(0);
      throw new SealedError("PF_MAC_MISMATCH", "metadata authentication failed: wrong key or modified metadata");
    }
    metadataKey.fill(0);
    try {
      const content = parseDecryptedMetadata(dec);
      if (opts.expectedPath !== undefined) checkPath(content, opts.expectedPath);
      if (content.fileSize > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new SealedError("PF_CORRUPTED", `stored plaintext size ${content.fileSize} is implausible`);
      }
      const size = Number(content.fileSize);
      const expectedUnderlyingSize = underlyingSize(size);
      if (total < expectedUnderlyingSize) {
        throw new SealedError(
          "PF_TRUNCATED",
          `file is ${total} bytes but a ${size}-byte plaintext needs ${expectedUnderlyingSize}`,
        );
      }
      const dataNodes = dataNodeCount(size);
      let root: Uint8Array | undefined;
      if (dataNodes > 0) {
        root = new Uint8Array(NODE_SIZE);
        if (
          !crypto.gcmDecrypt(content.rootKey, source.read(physMht(0) * NODE_SIZE, NODE_SIZE), content.rootMac, root)
        ) {
          root.fill(0);
          throw new SealedError("PF_CORRUPTED", "root MHT node authentication failed");
        }
      }
      const info: PfInfo = Object.freeze({
        format: header.format,
        path: content.path,
        size,
        dataNodes,
        mhtNodes: mhtNodeCount(dataNodes),
        underlyingSize: total,
        expectedUnderlyingSize,
      });
      return new PfReader(source, crypto, header, content, root, info, dec);
    } catch (err) {
      dec.fill(0);
      throw err;
    }
  }

  /** Wipes decrypted metadata, keys and cached MHT nodes; later calls throw PF_FAILED. */
  close(): void {
    this.decryptedMetadata.fill(0);
    this.root?.fill(0);
    for (const node of this.mhtCache.values()) node.fill(0);
    this.mhtCache.clear();
    this.scratch.fill(0);
    this.failure ??= new SealedError("PF_FAILED", "the protected file was closed");
  }

  /** True once a check failed; every later call throws PF_FAILED. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /**
   * Streams the whole plaintext to `sink` in order. When `direct` (at least `info.size` bytes)
   * is given, full nodes are decrypted straight into it and `sink` is not called for them.
   */
  decryptAll(sink: PlaintextSink, direct?: Uint8Array): void {
    this.guard(() => this.run(sink, direct));
  }

  /** Decrypts the whole plaintext into a new buffer; on failure it is zeroed and nothing returned. */
  readAll(): Uint8Array {
    let out: Uint8Array;
    try {
      out = new Uint8Array(this.info.size);
    } catch (err) {
      throw new SealedError("PF_TOO_LARGE", `cannot hold ${this.info.size} bytes in memory`, { cause: err });
    }
    try {
      this.decryptAll((chunk, offset) => out.set(chunk, offset), out);
    } catch (err) {
      out.fill(0);
      throw err;
    }
    return out;
  }

  private guard<T>(fn: () => T): T {
    if (this.failure) {
      throw new SealedError("PF_FAILED", `this protected file already failed (${this.failure.code})`, {
        cause: this.failure,
      });
    }
    try {
      return fn();
    } catch (err) {
      this.failure = SealedError.from(err);
      throw this.failure;
    }
  }

  private run(sink: PlaintextSink, direct: Uint8Array | undefined): void {
    const { size, dataNodes } = this.info;
    const inline = Math.min(size, MD_USER_DATA_SIZE);
    if (inline > 0) sink(this.content.fileData.subarray(0, inline), 0);
    for (let first = 0; first < dataNodes; first += ATTACHED_DATA_NODES_COUNT) {
      const mht = this.mht(first / ATTACHED_DATA_NODES_COUNT);
      const groupEnd = Math.min(first + ATTACHED_DATA_NODES_COUNT, dataNodes);
      for (let w = first; w < groupEnd; w += READ_WINDOW_NODES) {
        const wEnd = Math.min(w + READ_WINDOW_NODES, groupEnd);
        const cipher = this.source.read(physData(w) * NODE_SIZE, (wEnd - w) * NODE_SIZE);
        for (let d = w; d < wEnd; d++) {
          this.decryptDataNode(mht, d, cipher.subarray((d - w) * NODE_SIZE, (d - w + 1) * NODE_SIZE), sink, direct);
        }
      }
    }
  }

  private decryptDataNode(
    mht: Uint8Array,
    d: number,
    cipher: Uint8Array,
    sink: PlaintextSink,
    direct: Uint8Array | undefined,
  ): void {
    const { size } = this.info;
    const offset = MD_USER_DATA_SIZE + d * NODE_SIZE;
    const len = Math.min(NODE_SIZE, size - offset);
    const e = (d % ATTACHED_DATA_NODES_COUNT) * CRYPTO_ENTRY_SIZE;
    const key = mht.subarray(e, e + KEY_SIZE);
    const mac = mht.subarray(e + KEY_SIZE, e + CRYPTO_ENTRY_SIZE);
    const toDirect = direct !== undefined && len === NODE_SIZE;
    const out = toDirect ? direct.subarray(offset, offset + NODE_SIZE) : this.scratch;
    if (!this.crypto.gcmDecrypt(key, cipher, mac, out)) {
      out.fill(0);
      throw new SealedError("PF_CORRUPTED", `data node ${d} (physical ${physData(d)}) failed authentication`);
    }
    if (!toDirect) sink(out.subarray(0, len), offset);
  }

  /** Decrypted MHT node `m`, verified against its parent's entry (re-reading ancestors on a miss). */
  private mht(m: number): Uint8Array {
    if (m === 0) return this.root!;
    const hit = this.mhtCache.get(m);
    if (hit) {
      this.mhtCache.delete(m);
      this.mhtCache.set(m, hit);
      return hit;
    }
    const { parent, slot } = mhtParent(m);
    const p = this.mht(parent);
    const e = MHT_CHILD_ENTRIES_OFFSET + slot * CRYPTO_ENTRY_SIZE;
    const node = new Uint8Array(NODE_SIZE);
    const cipher = this.source.read(physMht(m) * NODE_SIZE, NODE_SIZE);
    if (
      !this.crypto.gcmDecrypt(
        p.subarray(e, e + KEY_SIZE),
        cipher,
        p.subarray(e + KEY_SIZE, e + CRYPTO_ENTRY_SIZE),
        node,
      )
    ) {
      node.fill(0);
      throw new SealedError("PF_CORRUPTED", `MHT node ${m} (physical ${physMht(m)}) failed authentication`);
    }
    this.mhtCache.set(m, node);
    if (this.mhtCache.size > MHT_CACHE_NODES) {
      const oldest = this.mhtCache.keys().next().value as number;
      this.mhtCache.get(oldest)!.fill(0);
      this.mhtCache.delete(oldest);
    }
    return node;
  }
}

/** Stored path check (spec "Path binding": strlen + memcmp, PF_STATUS_INVALID_PATH). */
function checkPath(content: MetadataContent, expectedPath: string): void {
  const expected = new TextEncoder().encode(expectedPath);
  if (expected.length > PATH_MAX_SIZE - 1) {
    throw new SealedError("PF_PATH_TOO_LONG", `expected path is ${expected.length} bytes (max ${PATH_MAX_SIZE - 1})`);
  }
  if (!bytesEqual(expected, content.pathBytes)) {
    throw new SealedError("PF_PATH_MISMATCH", "the stored path differs from the expected path", {
      details: { stored: content.path, expected: expectedPath },
    });
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
