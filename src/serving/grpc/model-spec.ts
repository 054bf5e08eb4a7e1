import type { ResolvedModelSpec } from "../core/serving-core.ts";
import type { ModelSpecRef } from "../core/tensor.ts";
import { toBigInt } from "./tensor-codec.ts";

/** ModelSpec as protobufjs decodes it (keepCase). */
export interface ModelSpecIn {
  name?: string;
  version?: { value?: number | string | { low: number; high: number } } | null;
  version_label?: string;
  signature_name?: string;
}

/** Proto ModelSpec -> core ModelSpecRef (absent spec -> empty name, rejected by the core). */
export function specFromProto(p: ModelSpecIn | null | undefined): ModelSpecRef {
  if (!p) return { name: "" };
  const out: { name: string; version?: bigint; versionLabel?: string; signatureName?: string } = {
    name: p.name ?? "",
  };
  if (p.version) out.version = toBigInt(p.version.value);
  if (p.version_label) out.versionLabel = p.version_label;
  if (p.signature_name) out.signatureName = p.signature_name;
  return out;
}

/** Core ResolvedModelSpec -> proto ModelSpec (plain object for encode). */
export function specToProto(s: ResolvedModelSpec): Record<string, unknown> {
  // Proto3 canonical encoding: empty strings are not written.
  const out: Record<string, unknown> = { name: s.name, version: { value: s.version.toString() } };
  if (s.signatureName) out.signature_name = s.signatureName;
  return out;
}
