import { defineCodes } from "./types.ts";

/** Protected-files codec (`src/pf`, `sealed pf`). Codes start with `PF_`. */
export const pfCodes = defineCodes({
  PF_INVALID_HEADER: {
    summary:
      "The file is not a Gramine protected file: wrong file id, a size that is not a multiple of 4096 bytes, or unknown feature flags.",
    fix: "Check that the input is a protected file (`sealed pf inspect -i FILE`) and was copied completely.",
    status: "INVALID_ARGUMENT",
  },
  PF_INVALID_VERSION: {
    summary: "The protected file has a format version this codec does not read (it reads major 1 and 2, minor 0).",
    fix: "Re-encrypt the file with `sealed pf encrypt` or a Gramine release between 1.0 and 1.9.",
    status: "INVALID_ARGUMENT",
  },
  PF_TRUNCATED: {
    summary: "The protected file is shorter than its metadata says (an incomplete node or missing nodes).",
    fix: "Copy the complete file again; a protected file is always a whole number of 4096-byte nodes.",
    status: "DATA_LOSS",
  },
  PF_MAC_MISMATCH: {
    summary:
      "The metadata node failed its authentication check: the wrap key is wrong, or the metadata node (nonce, MAC or encrypted part) was modified.",
    fix: "Use the wrap key the file was encrypted with; if the key is right, the file was tampered with or damaged.",
    status: "PERMISSION_DENIED",
  },
  PF_CORRUPTED: {
    summary:
      "A data or Merkle-tree node failed its authentication check, or the decrypted metadata is inconsistent: the file was modified or damaged.",
    fix: "Restore the file from a trusted copy; nodes cannot be swapped, replayed or edited.",
    status: "DATA_LOSS",
  },
  PF_PATH_MISMATCH: {
    summary: "The path stored inside the protected file differs from the expected path (compared byte for byte).",
    fix: "Open the file under the path it was encrypted for (`sealed pf inspect -i FILE -w KEY` shows it), or re-encrypt with the right `-o` path.",
    status: "PERMISSION_DENIED",
  },
  PF_PATH_TOO_LONG: {
    summary: "The path to store in a protected file is longer than 771 bytes (Gramine's PATH_MAX_SIZE minus the NUL).",
    fix: "Use a shorter output path.",
    status: "INVALID_ARGUMENT",
  },
  PF_PATH_INVALID: {
    summary: "The path to store in a protected file is empty or contains a NUL byte.",
    fix: "Give a non-empty output path without NUL characters.",
    status: "INVALID_ARGUMENT",
  },
  PF_KEY_SIZE: {
    summary: "The wrap key is not exactly 16 bytes (the key file must hold 16 raw bytes).",
    fix: "Use a 16-byte raw key file, e.g. one made by `sealed pf gen-key -w KEYFILE`.",
    status: "INVALID_ARGUMENT",
  },
  PF_RECOVERY_NEEDED: {
    summary:
      "The protected file has the pending-write flag set: Gramine was interrupted while writing it and it needs recovery from its shadow file.",
    fix: "Open the file once in Gramine with `enable_recovery` and its `.gramine.recovery` file, or restore a complete copy.",
    status: "FAILED_PRECONDITION",
  },
  PF_FAILED: {
    summary: "The protected-file handle already failed an authentication check and stays unusable.",
    fix: "Open the file again; if it fails again, it is damaged or tampered with.",
    status: "FAILED_PRECONDITION",
  },
  PF_TOO_LARGE: {
    summary: "The plaintext is too large for an in-memory operation.",
    fix: "Use the file-based commands (`sealed pf decrypt -o FILE`), which stream.",
    status: "RESOURCE_EXHAUSTED",
  },
});
