import protobuf from "protobufjs";
import { syntaxError } from "./lexer.ts";
import { defaultValue, fieldError, scalarValue } from "./scalars.ts";
import { type PbtxtField, type PbtxtLimits, type PbtxtMessage, type PbtxtValue, parseTextProtoTree } from "./tree.ts";

const ANY = ".google.protobuf.Any";

/**
 * Finds a field by the name used in text format. Text format uses the .proto spelling
 * (`server_key`); a Root loaded without `keepCase` names it `serverKey`, so both are tried.
 */
export function lookupField(type: protobuf.Type, name: string): protobuf.Field | undefined {
  const f = type.fields[name] ?? type.fields[protobuf.util.camelCase(name)];
  return f?.resolve();
}

/** Sets an own enumerable property even for keys like `__proto__` (map keys come from input). */
function put(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function messageNode(v: PbtxtValue, type: protobuf.Type, field: string): PbtxtMessage {
  if (v.kind !== "message") throw fieldError(v.pos, type.name, field, "expected a message in { }, found a scalar");
  return v;
}

function mapEntry(node: PbtxtMessage, type: protobuf.Type, field: protobuf.MapField): [string, unknown] {
  let key: unknown;
  let value: unknown;
  const entryName = `${type.name}.${field.name}Entry`;
  for (const f of node.fields) {
    if (f.bracketed || (f.name !== "key" && f.name !== "value")) {
      throw fieldError(f.pos, entryName, f.name, "map entries have only the fields `key` and `value`");
    }
    if (f.list || (f.name === "key" ? key : value) !== undefined) {
      throw syntaxError(f.pos, `map entry field "${f.name}" is given more than once`);
    }
    const v = f.values[0] as PbtxtValue;
    const site = { typeName: entryName, field: f.name };
    if (f.name === "key") {
      key = scalarValue(v, field.keyType, null, site);
    } else if (field.resolvedType instanceof protobuf.Type) {
      value = parseMessage(messageNode(v, field.resolvedType, f.name), field.resolvedType);
    } else {
      value = scalarValue(v, field.type, field.resolvedType instanceof protobuf.Enum ? field.resolvedType : null, site);
    }
  }
  key ??= defaultValue(field.keyType, null);
  if (value === undefined) {
    const rt = field.resolvedType;
    value = rt instanceof protobuf.Type ? {} : defaultValue(field.type, rt instanceof protobuf.Enum ? rt : null);
  }
  return [String(key), value];
}

/** Expands `[type.googleapis.com/pkg.Msg] { ... }` inside a google.protobuf.Any into type_url + value bytes. */
function expandAny(f: PbtxtField, type: protobuf.Type, out: Record<string, unknown>): void {
  const slash = f.name.lastIndexOf("/");
  const typeUrlField = lookupField(type, "type_url");
  const valueField = lookupField(type, "value");
  if (slash < 0 || typeUrlField === undefined || valueField === undefined) {
    throw fieldError(
      f.pos,
      type.name,
      `[${f.name}]`,
      "an expanded Any needs a name like [type.googleapis.com/pkg.Message]",
    );
  }
  if (out[typeUrlField.name] !== undefined || out[valueField.name] !== undefined || f.list) {
    throw syntaxError(f.pos, "an Any holds exactly one expanded message and no other fields");
  }
  let inner: protobuf.Type;
  try {
    inner = type.root.lookupType(f.name.slice(slash + 1));
  } catch {
    throw fieldError(f.pos, type.name, `[${f.name}]`, "the message type of this Any is not known");
  }
  const obj = parseMessage(messageNode(f.values[0] as PbtxtValue, inner, f.name), inner);
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(inner.encode(inner.fromObject(obj)).finish());
  } catch (err) {
    throw fieldError(f.pos, inner.name, `[${f.name}]`, `cannot encode: ${err instanceof Error ? err.message : err}`);
  }
  out[typeUrlField.name] = f.name;
  out[valueField.name] = bytes;
}

/** Maps one parsed message node onto `type`, producing a `fromObject`-ready plain object. */
function parseMessage(node: PbtxtMessage, type: protobuf.Type): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const oneofSet = new Map<string, string>();
  for (const f of node.fields) {
    if (f.bracketed) {
      if (type.fullName === ANY) {
        expandAny(f, type, out);
        continue;
      }
      throw fieldError(f.pos, type.name, `[${f.name}]`, "extensions are not supported");
    }
    const field = lookupField(type, f.name);
    if (field === undefined)
      throw fieldError(f.pos, type.name, f.name, `message ${type.fullName.slice(1)} has no such field`);
    if (field.partOf) {
      const other = oneofSet.get(field.partOf.name);
      if (other !== undefined && other !== field.name) {
        throw syntaxError(
          f.pos,
          `field "${f.name}" and field "${other}" are both members of oneof ${field.partOf.name}`,
        );
      }
      oneofSet.set(field.partOf.name, field.name);
    }
    const rt = field.resolvedType;
    if (field.map) {
      if (out[field.name] === undefined) out[field.name] = {};
      const map = out[field.name] as Record<string, unknown>;
      for (const v of f.values) {
        const [k, val] = mapEntry(messageNode(v, type, f.name), type, field as unknown as protobuf.MapField);
        put(map, k, val);
      }
      continue;
    }
    if (!field.repeated && (f.list || out[field.name] !== undefined)) {
      throw syntaxError(f.pos, `non-repeated field "${f.name}" is given more than once`);
    }
    const site = { typeName: type.name, field: f.name };
    const values = f.values.map((v) =>
      rt instanceof protobuf.Type
        ? parseMessage(messageNode(v, type, f.name), rt)
        : scalarValue(v, field.type, rt instanceof protobuf.Enum ? rt : null, site),
    );
    if (field.repeated) {
      if (out[field.name] === undefined) out[field.name] = [];
      const list = out[field.name] as unknown[];
      for (const v of values) list.push(v);
    } else {
      out[field.name] = values[0];
    }
  }
  return out;
}

/**
 * Parses protobuf text format into a plain object for `type.fromObject(...)`: keys are the field
 * names as `type` has them, maps are objects, 64-bit integers are numbers when exact and decimal
 * strings otherwise, bytes are Uint8Array, enums are names (numbers when not in the enum).
 * Throws PBTXT_SYNTAX or PBTXT_UNKNOWN_FIELD (both with line:column) or INPUT_TOO_LARGE.
 */
export function parseTextProto(text: string, type: protobuf.Type, limits: PbtxtLimits = {}): Record<string, unknown> {
  return parseMessage(parseTextProtoTree(text, limits), type);
}
