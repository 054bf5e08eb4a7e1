import { SealedError } from "../common/errors.ts";
import { PATH_MAX_SIZE } from "./format.ts";

/**
 * Gramine's `get_norm_path` (common/src/path.c): drops `.` and empty components, resolves `..`
 * against earlier components, keeps a path relative or absolute as written. A leading `..` of a
 * relative path is kept; `/..` collapses to `/`. Examples: `./a//b/../c` -> `a/c`,
 * `n/a/../b/x.txt` -> `n/b/x.txt`, `/x/../y` -> `/y`, `../a` -> `../a`.
 */
export function normalizePfPath(p: string): string {
  const absolute = p.startsWith("/");
  let fixed = absolute ? "/" : ""; // the part `..` can no longer remove
  let buf = ""; // the discardable part
  let needSlash = false;
  const tokens = (absolute ? p.slice(1) : p).split("/");
  for (const tok of tokens) {
    if (tok === "..") {
      if (buf.length > 0) {
        // find_prev_slash_offset: step back over the last component (and a leading '/').
        let off = buf.length - 1;
        if (off > 0 && buf[off] === "/") off--;
        while (off > 0 && buf[off] !== "/") off--;
        needSlash = buf[off] === "/";
        buf = buf.slice(0, off);
      } else if (!absolute) {
        fixed += needSlash ? "/.." : "..";
        needSlash = true;
      }
    } else if (tok === "" || tok === ".") {
      // ignore "//" and "."
    } else {
      buf += needSlash ? `/${tok}` : tok;
      needSlash = true;
    }
  }
  return fixed + buf;
}

/**
 * Encodes a path for the `file_path` field: UTF-8, at most 771 bytes, no NUL (spec: create
 * requires strlen(path) <= 771, else PATH_TOO_LONG).
 */
export function encodeStoredPath(path: string): Uint8Array {
  const bytes = new TextEncoder().encode(path);
  if (bytes.length === 0 || bytes.includes(0)) {
    throw new SealedError("PF_PATH_INVALID", "the stored path must be non-empty and contain no NUL byte");
  }
  if (bytes.length > PATH_MAX_SIZE - 1) {
    throw new SealedError(
      "PF_PATH_TOO_LONG",
      `the stored path is ${bytes.length} bytes; protected files allow at most ${PATH_MAX_SIZE - 1}`,
    );
  }
  return bytes;
}
