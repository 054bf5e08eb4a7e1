import type protobuf from "protobufjs";
import { parseTextProto } from "../../common/pbtxt/index.ts";
import { protoType } from "../../proto/index.ts";

/** toObject options: 64-bit ints as decimal strings, enums as names, oneof names present. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, oneofs: true, defaults: false };

/** A message (decoded, or a plain fromObject-style object) as a normalized plain object. */
export function normalizeMessage(typeName: string, value: unknown): Record<string, unknown> {
  const type = protoType(typeName);
  const msg =
    value instanceof type.ctor ? (value as protobuf.Message) : type.fromObject(value as Record<string, unknown>);
  return type.toObject(msg, TO_OBJECT) as Record<string, unknown>;
}

/** Parses a text proto file of `typeName` (pbtxt) into a normalized plain object. */
export function parseTextConfig(typeName: string, text: string): Record<string, unknown> {
  return normalizeMessage(typeName, parseTextProto(text, protoType(typeName)));
}

/** Reads a google.protobuf wrapper value ({value: x}) as a number, or undefined when absent. */
export function wrapperNumber(w: unknown): number | undefined {
  if (w === undefined || w === null) return undefined;
  const v = (w as { value?: unknown }).value;
  return v === undefined ? 0 : Number(v);
}
