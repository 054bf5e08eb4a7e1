/** Typed field readers for collateral JSON; every problem throws the given code naming the field. */
import { type ErrorCode, SealedError } from "../../common/errors.ts";
import { parseIsoUtc } from "./iso-time.ts";

export type Json = Record<string, unknown>;

export function fieldReader(code: ErrorCode, what: string) {
  const bad = (field: string, expect: string) => new SealedError(code, `${what}: ${field} must be ${expect}`);
  return {
    obj(o: unknown, field: string): Json {
      if (typeof o !== "object" || o === null || Array.isArray(o)) throw bad(field, "an object");
      return o as Json;
    },
    arr(o: Json, field: string, nonEmpty = true): unknown[] {
      const v = o[field];
      if (!Array.isArray(v) || (nonEmpty && v.length === 0)) throw bad(field, "a non-empty array");
      return v;
    },
    uint(o: Json, field: string, max = 0xffffffff): number {
      const v = o[field];
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) throw bad(field, "an unsigned integer");
      return v;
    },
    str(o: Json, field: string): string {
      const v = o[field];
      if (typeof v !== "string") throw bad(field, "a string");
      return v;
    },
    hex(o: Json, field: string, bytes: number): Uint8Array {
      const v = o[field];
      if (typeof v !== "string" || v.length !== bytes * 2 || !/^[0-9a-fA-F]*$/.test(v)) {
        throw bad(field, `${bytes} bytes of hex`);
      }
      return Uint8Array.from(Buffer.from(v, "hex"));
    },
    date(o: Json, field: string): number {
      const v = parseIsoUtc(o[field]);
      if (v === undefined) throw bad(field, "an ISO 8601 UTC time");
      return v;
    },
    advisories(o: Json): readonly string[] {
      const v = o.advisoryIDs;
      if (v === undefined) return Object.freeze([]);
      if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw bad("advisoryIDs", "a string array");
      return Object.freeze([...(v as string[])]);
    },
  };
}
