import protobuf from "protobufjs";
import { SealedError } from "../errors.ts";
import { escapeC } from "./escapes.ts";
import { lookupField } from "./parse.ts";
import { isIntegerType } from "./scalars.ts";

export interface FormatOptions {
  /** Spaces per nesting level. Default 2. */
  readonly indent?: number;
}

const MAX_FORMAT_DEPTH = 100;

function formatError(typeName: string, field: string, message: string): SealedError {
  return new SealedError("PBTXT_UNKNOWN_FIELD", `${typeName}.${field}: ${message}`, {
    details: { type: typeName, field },
  });
}

/** The name text format uses: the .proto spelling (snake_case) even when the Root was loaded camelCased. */
const textName = (f: protobuf.Field): string =>
  /[A-Z]/.test(f.name) ? f.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : f.name;

const quote = (bytes: Uint8Array, utf8: boolean): string => `"${escapeC(bytes, utf8)}"`;

function isLongLike(v: unknown): v is { low: number; high: number; toString(): string } {
  return typeof v === "object" && v !== null && "low" in v && "high" in v;
}

/** Formats one scalar of protobuf type `typeName` (or enum `enumType`); throws when it does not fit. */
function scalarText(v: unknown, typeName: string, enumType: protobuf.Enum | null, site: [string, string]): string {
  const bad = () =>
    formatError(site[0], site[1], `cannot write ${JSON.stringify(String(v))} as ${enumType?.name ?? typeName}`);
  if (enumType !== null) {
    if (typeof v === "string" && Object.hasOwn(enumType.values, v)) return v;
    if (typeof v === "number" && Number.isInteger(v)) return enumType.valuesById[v] ?? String(v);
    throw bad();
  }
  if (isIntegerType(typeName)) {
    let s: string;
    if (typeof v === "number" && Number.isInteger(v)) s = String(v);
    else if (typeof v === "bigint") s = v.toString();
    else if (typeof v === "string" && /^-?\d+$/.test(v)) s = v;
    else if (isLongLike(v)) s = v.toString();
    else throw bad();
    if (s.startsWith("-") && (typeName.startsWith("u") || typeName.startsWith("fixed"))) throw bad();
    return s;
  }
  switch (typeName) {
    case "double":
    case "float": {
      const n = typeof v === "string" ? Number(v) : v;
      if (typeof n !== "number" || (typeof v === "string" && Number.isNaN(n) && v !== "NaN")) throw bad();
      if (Number.isNaN(n)) return "nan";
      if (n === Number.POSITIVE_INFINITY) return "inf";
      if (n === Number.NEGATIVE_INFINITY) return "-inf";
      return Object.is(n, -0) ? "-0" : String(n);
    }
    case "bool":
      if (typeof v !== "boolean") throw bad();
      return v ? "true" : "false";
    case "string":
      if (typeof v !== "string") throw bad();
      return quote(new TextEncoder().encode(v), true);
    case "bytes":
      // protobufjs convention: a string in a bytes field is base64.
      if (typeof v === "string") return quote(Buffer.from(v, "base64"), false);
      if (v instanceof Uint8Array) return quote(v, false);
      throw bad();
    default:
      throw bad();
  }
}

class Writer {
  readonly lines: string[] = [];
  constructor(private readonly step: number) {}

  message(obj: Record<string, unknown>, type: protobuf.Type, depth: number): void {
    if (depth > MAX_FORMAT_DEPTH)
      throw formatError(type.name, "", `messages are nested deeper than ${MAX_FORMAT_DEPTH} levels`);
    const byField = new Map<protobuf.Field, unknown>();
    for (const [key, value] of Object.entries(obj)) {
      const field = lookupField(type, key);
      if (field === undefined) throw formatError(type.name, key, `message ${type.fullName.slice(1)} has no such field`);
      if (value !== undefined && value !== null) byField.set(field, value);
    }
    const pad = " ".repeat(depth * this.step);
    for (const field of [...byField.keys()].sort((a, b) => a.id - b.id)) {
      const value = byField.get(field);
      const name = textName(field);
      const rt = field.resolvedType;
      const enumType = rt instanceof protobuf.Enum ? rt : null;
      if (field.map) {
        if (typeof value !== "object" || Array.isArray(value))
          throw formatError(type.name, name, "a map field needs an object");
        const mf = field as unknown as protobuf.MapField;
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          const keyValue = mf.keyType === "bool" ? k === "true" : k;
          this.lines.push(`${pad}${name} {`);
          const inner = " ".repeat((depth + 1) * this.step);
          this.lines.push(`${inner}key: ${scalarText(keyValue, mf.keyType, null, [type.name, name])}`);
          if (rt instanceof protobuf.Type) this.nested(inner, "value", v, rt, depth + 1, [type.name, name]);
          else this.lines.push(`${inner}value: ${scalarText(v, field.type, enumType, [type.name, name])}`);
          this.lines.push(`${pad}}`);
        }
        continue;
      }
      const values = field.repeated ? value : [value];
      if (!Array.isArray(values)) throw formatError(type.name, name, "a repeated field needs an array");
      for (const v of values) {
        if (rt instanceof protobuf.Type) this.nested(pad, name, v, rt, depth, [type.name, name]);
        else this.lines.push(`${pad}${name}: ${scalarText(v, field.type, enumType, [type.name, name])}`);
      }
    }
  }

  private nested(
    pad: string,
    name: string,
    v: unknown,
    rt: protobuf.Type,
    depth: number,
    site: [string, string],
  ): void {
    if (typeof v !== "object" || v === null || Array.isArray(v))
      throw formatError(site[0], site[1], "expected a message object");
    this.lines.push(`${pad}${name} {`);
    this.message(v as Record<string, unknown>, rt, depth + 1);
    this.lines.push(`${pad}}`);
  }
}

/**
 * Writes `obj` (a plain object as `parseTextProto` returns or `type.toObject` produces) as protobuf
 * text format: one field per line in field-number order, nested messages in `{ }`, strings
 * double-quoted with C escapes, maps as repeated `{ key value }` entries. `parseTextProto` of the
 * result gives back an equal object. Throws PBTXT_UNKNOWN_FIELD for keys or values that do not fit.
 */
export function formatTextProto(
  obj: Record<string, unknown>,
  type: protobuf.Type,
  options: FormatOptions = {},
): string {
  const w = new Writer(options.indent ?? 2);
  w.message(obj, type, 0);
  return w.lines.length === 0 ? "" : `${w.lines.join("\n")}\n`;
}
