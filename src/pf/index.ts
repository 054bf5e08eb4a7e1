/**
 * Gramine protected files (v1 = Gramine 1.0-1.8, v2 = Gramine >= 1.9), byte-compatible both
 * ways. Spec: shared/specs/protected-files.md. The core (reader, writer, metadata, format) works
 * on injected storage, crypto and randomness; node:fs and node:crypto live in adapters/.
 */

export { aesCmac } from "./adapters/aes-cmac.ts";
export { bufferedSystemRandom } from "./adapters/buffered-random.ts";
export { memorySink, memorySource } from "./adapters/memory-storage.ts";
export { nodePfCrypto } from "./adapters/node-crypto.ts";
export {
  decryptProtectedFileFromPath,
  decryptProtectedFileToPath,
  encryptBufferToProtectedFile,
  encryptPathToProtectedFile,
  fdSink,
  fdSource,
  inspectProtectedFilePath,
  writeAtomically,
} from "./adapters/node-fs.ts";
export {
  decryptProtectedFile,
  decryptProtectedFileInto,
  encryptProtectedFile,
  encryptProtectedFileInto,
  inspectProtectedFile,
  inspectSource,
  type PfDecryptOptions,
  type PfEncryptOptions,
  type PfInspection,
} from "./api.ts";
export { deriveMetadataKey, type PfCrypto } from "./crypto.ts";
export { KEY_SIZE as PF_KEY_SIZE, NODE_SIZE as PF_NODE_SIZE, type PfFormat } from "./format.ts";
export { underlyingSize as pfUnderlyingSize } from "./node-math.ts";
export { normalizePfPath } from "./path.ts";
export { type PfInfo, type PfOpenOptions, PfReader, type PlaintextSink } from "./reader.ts";
export type { ByteSink, ByteSource } from "./storage.ts";
export { encryptToSink, type PfWriteOptions, type PfWriteResult } from "./writer.ts";
