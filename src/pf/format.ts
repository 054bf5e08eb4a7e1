/**
 * On-disk layout of Gramine protected files (shared/specs/protected-files.md, section A;
 * mirrors `protected_files_format.h`). All integers little-endian, all structs packed.
 * Pure constants: no I/O, no crypto.
 */

/** PF_NODE_SIZE: every node, metadata included, is 4096 bytes on disk. */
export const NODE_SIZE = 4096;
export const KEY_SIZE = 16;
export const MAC_SIZE = 16;
export const IV_SIZE = 12;
export const NONCE_SIZE = 32;
/** `GRAFS_PF` (PF_FILE_ID 0x46505f5346415247 little-endian). */
export const FILE_ID = Uint8Array.from([0x47, 0x52, 0x41, 0x46, 0x53, 0x5f, 0x50, 0x46]);
export const MINOR_VERSION = 0;
export const METADATA_KEY_LABEL = "SGX-PROTECTED-FS-METADATA-KEY";
export const MAX_LABEL_SIZE = 64;
/** PATH_MAX_SIZE = 260 + 512, includes the NUL: stored paths are at most 771 bytes. */
export const PATH_MAX_SIZE = 772;
/** MD_USER_DATA_SIZE: the first 3072 plaintext bytes live inside the metadata node. */
export const MD_USER_DATA_SIZE = 3072;
/** One MHT entry, `gcm_crypto_data_t`: key[16] then mac[16]. */
export const CRYPTO_ENTRY_SIZE = KEY_SIZE + MAC_SIZE;
export const ATTACHED_DATA_NODES_COUNT = ((NODE_SIZE / CRYPTO_ENTRY_SIZE) * 3) / 4;
export const CHILD_MHT_NODES_COUNT = NODE_SIZE / CRYPTO_ENTRY_SIZE / 4;
export const HAS_PENDING_WRITE_FLAG = 0x01;

/** Format major version; v1 = Gramine 1.0-1.8 (no feature_flags), v2 = Gramine >= 1.9. */
export type PfFormat = 1 | 2;
export const FORMATS: readonly PfFormat[] = [1, 2];

/** A named byte range; `end` = `offset + size`. */
export interface Field {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
}

/** Builds a contiguous field table: each start is the previous end. */
function chain(names: ReadonlyArray<readonly [string, number]>, start = 0): readonly Field[] {
  let at = start;
  return Object.freeze(
    names.map(([name, size]) => {
      const f = Object.freeze({ name, offset: at, size });
      at += size;
      return f;
    }),
  );
}

/** `metadata_decrypted_t` (the encrypted part of the metadata node), offsets within the part. */
export const DECRYPTED_FIELDS = chain([
  ["file_path", PATH_MAX_SIZE],
  ["file_size", 8],
  ["root_mht_node_key", KEY_SIZE],
  ["root_mht_node_mac", MAC_SIZE],
  ["file_data", MD_USER_DATA_SIZE],
]);
export const DEC_PATH = 0;
export const DEC_FILE_SIZE = PATH_MAX_SIZE;
export const DEC_ROOT_KEY = DEC_FILE_SIZE + 8;
export const DEC_ROOT_MAC = DEC_ROOT_KEY + KEY_SIZE;
export const DEC_FILE_DATA = DEC_ROOT_MAC + MAC_SIZE;
/** sizeof(metadata_decrypted_t) = 3884. */
export const DECRYPTED_SIZE = DEC_FILE_DATA + MD_USER_DATA_SIZE;

/** Byte layout of the metadata node (node 0) for one format version. */
export interface MetadataLayout {
  readonly format: PfFormat;
  readonly fields: readonly Field[];
  readonly fileId: number;
  readonly major: number;
  readonly minor: number;
  readonly nonce: number;
  readonly mac: number;
  /** Offset of feature_flags, or -1 for v1 (which has none). */
  readonly featureFlags: number;
  /** Offset of the encrypted part (`metadata_decrypted_t`). */
  readonly encrypted: number;
  /** Offset and size of the trailing zero padding (not authenticated). */
  readonly padding: number;
  readonly paddingSize: number;
}

function metadataLayout(format: PfFormat): MetadataLayout {
  const head: Array<readonly [string, number]> = [
    ["file_id", 8],
    ["major_version", 1],
    ["minor_version", 1],
    ["metadata_key_nonce", NONCE_SIZE],
    ["metadata_mac", MAC_SIZE],
  ];
  if (format === 2) head.push(["feature_flags", 1]);
  head.push(["encrypted_part", DECRYPTED_SIZE]);
  const used = head.reduce((n, [, s]) => n + s, 0);
  head.push(["padding", NODE_SIZE - used]);
  const fields = chain(head);
  const at = (name: string): number => fields.find((f) => f.name === name)?.offset ?? -1;
  const padding = fields[fields.length - 1]!;
  return Object.freeze({
    format,
    fields,
    fileId: at("file_id"),
    major: at("major_version"),
    minor: at("minor_version"),
    nonce: at("metadata_key_nonce"),
    mac: at("metadata_mac"),
    featureFlags: at("feature_flags"),
    encrypted: at("encrypted_part"),
    padding: padding.offset,
    paddingSize: padding.size,
  });
}

/** v1 (Gramine 1.0-1.8): encrypted part at 58, 154 bytes of padding. */
export const METADATA_V1 = metadataLayout(1);
/** v2 (Gramine >= 1.9): feature_flags at 58, encrypted part at 59, 153 bytes of padding. */
export const METADATA_V2 = metadataLayout(2);

export function metadataLayoutFor(format: PfFormat): MetadataLayout {
  return format === 1 ? METADATA_V1 : METADATA_V2;
}

/** MHT node: 96 data-node entries (bytes 0..3071) then 32 child-MHT entries (3072..4095). */
export const MHT_DATA_ENTRIES_OFFSET = 0;
export const MHT_CHILD_ENTRIES_OFFSET = ATTACHED_DATA_NODES_COUNT * CRYPTO_ENTRY_SIZE;

/** KDF input `kdf_input_t`: u32 counter, label[64], nonce[32], u32 output_len (104 bytes). */
export const KDF_FIELDS = chain([
  ["index", 4],
  ["label", MAX_LABEL_SIZE],
  ["nonce", NONCE_SIZE],
  ["output_len", 4],
]);
export const KDF_INPUT_SIZE = 4 + MAX_LABEL_SIZE + NONCE_SIZE + 4;

function assert(cond: boolean, what: string): void {
  if (!cond) throw new Error(`pf format constant check failed: ${what}`);
}

// Size assertions (the static_asserts of protected_files_format.h).
assert(ATTACHED_DATA_NODES_COUNT === 96, "ATTACHED_DATA_NODES_COUNT");
assert(CHILD_MHT_NODES_COUNT === 32, "CHILD_MHT_NODES_COUNT");
assert(DECRYPTED_SIZE === 3884, "sizeof(metadata_decrypted_t)");
assert(METADATA_V2.encrypted === 59 && METADATA_V2.paddingSize === 153, "v2 metadata layout");
assert(METADATA_V1.encrypted === 58 && METADATA_V1.paddingSize === 154, "v1 metadata layout");
assert(MHT_CHILD_ENTRIES_OFFSET + CHILD_MHT_NODES_COUNT * CRYPTO_ENTRY_SIZE === NODE_SIZE, "sizeof(mht_node_t)");
assert(KDF_INPUT_SIZE === 104, "sizeof(kdf_input_t)");
