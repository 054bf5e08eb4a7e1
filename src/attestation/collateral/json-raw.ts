/**
 * Exact member text of a top-level JSON object. Intel signs the `tcbInfo` / `enclaveIdentity`
 * object as it appears in the PCS response body, so the signature is checked over the raw
 * substring rather than over a re-serialization.
 */
import { type ErrorCode, SealedError } from "../../common/errors.ts";

function skipWs(t: string, i: number): number {
  while (i < t.length && (t[i] === " " || t[i] === "\n" || t[i] === "\r" || t[i] === "\t")) i++;
  return i;
}

function skipString(t: string, i: number, code: ErrorCode): number {
  // t[i] === '"'
  for (let j = i + 1; j < t.length; j++) {
    if (t[j] === "\\") j++;
    else if (t[j] === '"') return j + 1;
  }
  throw new SealedError(code, "unterminated JSON string");
}

function skipValue(t: string, i: number, code: ErrorCode): number {
  if (t[i] === '"') return skipString(t, i, code);
  if (t[i] === "{" || t[i] === "[") {
    let depth = 0;
    for (let j = i; j < t.length; j++) {
      const c = t[j];
      if (c === '"') {
        j = skipString(t, j, code) - 1;
      } else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new SealedError(code, "unbalanced JSON");
  }
  let j = i;
  while (j < t.length && !/[,}\]\s]/.test(t[j]!)) j++;
  return j;
}

/**
 * Returns the raw text of each member of the top-level object in `text`. The text must also be
 * valid JSON (checked with JSON.parse); duplicate keys are rejected.
 */
export function rawMembers(text: string, code: ErrorCode): Map<string, string> {
  try {
    JSON.parse(text);
  } catch (err) {
    throw new SealedError(code, "not valid JSON", { cause: err });
  }
  const out = new Map<string, string>();
  let i = skipWs(text, 0);
  if (text[i] !== "{") throw new SealedError(code, "JSON is not an object");
  i = skipWs(text, i + 1);
  while (text[i] !== "}") {
    const keyEnd = skipString(text, i, code);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipWs(text, keyEnd);
    i = skipWs(text, i + 1); // ':'
    const end = skipValue(text, i, code);
    if (out.has(key)) throw new SealedError(code, `duplicate member ${key}`);
    out.set(key, text.slice(i, end));
    i = skipWs(text, end);
    if (text[i] === ",") i = skipWs(text, i + 1);
  }
  return out;
}
