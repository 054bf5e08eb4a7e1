/** Protobuf text format (pbtxt): TF Serving's ssl.cfg, model config, batching and monitoring files. */
export { type FormatOptions, formatTextProto } from "./format.ts";
export type { PbtxtPos } from "./lexer.ts";
export { lookupField, parseTextProto } from "./parse.ts";
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_LENGTH,
  type PbtxtField,
  type PbtxtLimits,
  type PbtxtMessage,
  type PbtxtScalar,
  type PbtxtValue,
  parseTextProtoTree,
} from "./tree.ts";
