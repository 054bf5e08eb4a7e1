import { SealedError } from "../common/errors.ts";
import {
  DEC_FILE_DATA,
  DEC_FILE_SIZE,
  DEC_PATH,
  DEC_ROOT_KEY,
  DEC_ROOT_MAC,
  DECRYPTED_SIZE,
  FILE_ID,
  HAS_PENDING_WRITE_FLAG,
  KEY_SIZE,
  MAC_SIZE,
  MD_USER_DATA_SIZE,
  type MetadataLayout,
  MINOR_VERSION,
  metadataLayoutFor,
  NODE_SIZE,
  NONCE_SIZE,
  PATH_MAX_SIZE,
  type PfFormat,
} from "./format.ts";

/**
 * Parse and serialize the metadata node (node 0). Structure checks only; no crypto here
 * (the GCM check lives in reader.ts).
 */

/** The plaintext header of node 0, parsed and structure-checked. Byte fields are views. */
export interface MetadataHeader {
  readonly format: PfFormat;
  readonly layout: MetadataLayout;
  readonly major: number;
  readonly minor: number;
  readonly nonce: Uint8Array;
  readonly mac: Uint8Array;
  /** 0 for v1 (the field does not exist there). */
  readonly featureFlags: number;
  readonly encrypted: Uint8Array;
}

/**
 * Parses the plaintext header of a 4096-byte metadata node. Checks, in Gramine's order: file id
 * (PF_INVALID_HEADER), major version 1 or 2 and minor 0 (PF_INVALID_VERSION), then v2 feature
 * flags (pending write: PF_RECOVERY_NEEDED; unknown bits: PF_INVALID_HEADER).
 */
export function parseMetadataHeader(node: Uint8Array): MetadataHeader {
  if (node.length !== NODE_SIZE) throw new SealedError("PF_TRUNCATED", "the metadata node is incomplete");
  for (let i = 0; i < FILE_ID.length; i++) {
    if (node[i] !== FILE_ID[i]) {
      throw new SealedError("PF_INVALID_HEADER", "not a protected file (file id is not GRAFS_PF)");
    }
  }
  const major = node[metadataLayoutFor(2).major]!;
  const minor = node[metadataLayoutFor(2).minor]!;
  if (major !== 1 && major !== 2) {
    throw new SealedError("PF_INVALID_VERSION", `unsupported protected-file major version ${major}`);
  }
  if (minor !== MINOR_VERSION) {
    throw new SealedError("PF_INVALID_VERSION", `unsupported protected-file minor version ${minor}`);
  }
  const format: PfFormat = major;
  const layout = metadataLayoutFor(format);
  const featureFlags = layout.featureFlags < 0 ? 0 : node[layout.featureFlags]!;
  if (featureFlags & HAS_PENDING_WRITE_FLAG) {
    throw new SealedError("PF_RECOVERY_NEEDED", "the protected file has a pending write and needs recovery");
  }
  if (featureFlags !== 0) {
    throw new SealedError("PF_INVALID_HEADER", `unknown feature flags 0x${featureFlags.toString(16)}`);
  }
  return Object.freeze({
    format,
    layout,
    major,
    minor,
    nonce: node.subarray(layout.nonce, layout.nonce + NONCE_SIZE),
    mac: node.subarray(layout.mac, layout.mac + MAC_SIZE),
    featureFlags,
    encrypted: node.subarray(layout.encrypted, layout.encrypted + DECRYPTED_SIZE),
  });
}

/** The decrypted part of the metadata node (`metadata_decrypted_t`). Byte fields are views. */
export interface MetadataContent {
  /** The stored path bytes (up to, not including, the NUL). */
  readonly pathBytes: Uint8Array;
  readonly path: string;
  readonly fileSize: bigint;
  readonly rootKey: Uint8Array;
  readonly rootMac: Uint8Array;
  /** All 3072 bytes of `file_data`; the plaintext is the first min(size, 3072). */
  readonly fileData: Uint8Array;
}

/** Parses `metadata_decrypted_t`; a `file_path` without NUL is PF_CORRUPTED. */
export function parseDecryptedMetadata(dec: Uint8Array): MetadataContent {
  if (dec.length !== DECRYPTED_SIZE) throw new SealedError("INTERNAL", "decrypted metadata has the wrong size");
  const nul = dec.subarray(DEC_PATH, DEC_PATH + PATH_MAX_SIZE).indexOf(0);
  if (nul < 0) throw new SealedError("PF_CORRUPTED", "the stored path is not NUL-terminated");
  const pathBytes = dec.subarray(DEC_PATH, DEC_PATH + nul);
  const view = new DataView(dec.buffer, dec.byteOffset, dec.byteLength);
  return Object.freeze({
    pathBytes,
    path: new TextDecoder().decode(pathBytes),
    fileSize: view.getBigUint64(DEC_FILE_SIZE, true),
    rootKey: dec.subarray(DEC_ROOT_KEY, DEC_ROOT_KEY + KEY_SIZE),
    rootMac: dec.subarray(DEC_ROOT_MAC, DEC_ROOT_MAC + MAC_SIZE),
    fileData: dec.subarray(DEC_FILE_DATA, DEC_FILE_DATA + MD_USER_DATA_SIZE),
  });
}

/** Serializes `metadata_decrypted_t` (zero-filled path and file_data tails). */
export function serializeDecryptedMetadata(c: {
  pathBytes: Uint8Array;
  fileSize: number;
  rootKey: Uint8Array;
  rootMac: Uint8Array;
  fileData: Uint8Array;
}): Uint8Array {
  const dec = new Uint8Array(DECRYPTED_SIZE);
  dec.set(c.pathBytes, DEC_PATH);
  new DataView(dec.buffer).setBigUint64(DEC_FILE_SIZE, BigInt(c.fileSize), true);
  dec.set(c.rootKey, DEC_ROOT_KEY);
  dec.set(c.rootMac, DEC_ROOT_MAC);
  dec.set(c.fileData.subarray(0, MD_USER_DATA_SIZE), DEC_FILE_DATA);
  return dec;
}

/** Serializes node 0: header, encrypted part, zero feature flags (v2) and zero padding. */
export function serializeMetadataNode(
  format: PfFormat,
  nonce: Uint8Array,
  mac: Uint8Array,
  encrypted: Uint8Array,
): Uint8Array {
  const l = metadataLayoutFor(format);
  const node = new Uint8Array(NODE_SIZE);
  node.set(FILE_ID, l.fileId);
  node[l.major] = format;
  node[l.minor] = MINOR_VERSION;
  node.set(nonce, l.nonce);
  node.set(mac, l.mac);
  node.set(encrypted, l.encrypted);
  return node;
}
