/**
 * The value tree produced by the REST JSON parser (`json-parser.ts`).
 *
 * Differences from `JSON.parse`: objects are `Map`s (no prototype pollution, duplicate keys are
 * rejected by the parser), numbers may be NaN/±Infinity (TF Serving accepts those tokens), and a
 * rectangular nested array of plain numbers is kept packed as a `DenseNumbers` so a 224x224x3
 * image does not become 50k small JS arrays.
 */
export type JsonValue = null | boolean | number | string | BigIntText | JsonValue[] | JsonObject | DenseNumbers;
export type JsonObject = Map<string, JsonValue>;

/** An integer token outside ±2^53: `value` is rounded, `text` keeps the exact digits for int64. */
export class BigIntText {
  constructor(
    readonly value: number,
    readonly text: string,
  ) {}
}

/**
 * A rectangular nested array of numbers, row-major. `bigInts` maps flat indices to the exact
 * text of integer tokens outside ±2^53 (only int64/uint64 inputs need it). `allIntegers` is
 * false if any token had a fraction, an exponent or was NaN/Infinity.
 */
export class DenseNumbers {
  constructor(
    readonly shape: readonly number[],
    readonly values: Float64Array,
    readonly allIntegers: boolean,
    readonly bigInts: ReadonlyMap<number, string> | undefined,
  ) {}
}

export function isJsonObject(v: JsonValue): v is JsonObject {
  return v instanceof Map;
}

/** `{"b64": "..."}`: TF Serving's encoding of one binary string value. */
export function isB64Object(v: JsonValue): v is JsonObject {
  return v instanceof Map && v.size === 1 && typeof v.get("b64") === "string";
}

/** Short human description of a JSON value's kind, for error messages. */
export function jsonKind(v: JsonValue): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return "a boolean";
  if (typeof v === "number" || v instanceof BigIntText) return "a number";
  if (typeof v === "string") return "a string";
  if (v instanceof DenseNumbers || Array.isArray(v)) return "an array";
  if (isB64Object(v)) return "a {b64} object";
  return "an object";
}
