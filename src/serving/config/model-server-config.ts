import { SealedError } from "../../common/errors.ts";
import type { ModelConfigEntry } from "../core/model-registry.ts";
import { DEFAULT_POLICY, type VersionPolicy } from "../core/version-policy.ts";
import { normalizeMessage, parseTextConfig } from "./normalize.ts";

const TYPE = "tensorflow.serving.ModelServerConfig";

interface PolicyObj {
  latest?: { num_versions?: number };
  all?: object;
  specific?: { versions?: string[] };
}

function toPolicy(p: PolicyObj | undefined): VersionPolicy {
  if (!p) return DEFAULT_POLICY;
  if (p.specific) return { kind: "specific", versions: (p.specific.versions ?? []).map((v) => BigInt(v)) };
  if (p.all) return { kind: "all" };
  if (p.latest) return { kind: "latest", numVersions: Math.max(1, p.latest.num_versions ?? 1) };
  return DEFAULT_POLICY;
}

/** Model entries of a normalized ModelServerConfig (only model_config_list is supported). */
export function modelEntriesFromConfig(
  obj: Record<string, unknown>,
  resolvePath: (p: string) => string,
): ModelConfigEntry[] {
  if (obj.custom_model_config) {
    throw new SealedError("SRV_MODEL_CONFIG", "custom_model_config is not supported; use model_config_list");
  }
  const list = (obj.model_config_list as { config?: Record<string, unknown>[] } | undefined)?.config ?? [];
  return list.map((c) => {
    const platform = (c.model_platform as string | undefined) ?? "";
    if (platform !== "" && platform !== "tensorflow" && platform !== "onnx") {
      throw new SealedError(
        "SRV_MODEL_CONFIG",
        `model ${c.name}: model_platform '${platform}' is not served (use tensorflow or onnx)`,
      );
    }
    const labels = new Map<string, bigint>();
    for (const [k, v] of Object.entries((c.version_labels as Record<string, string>) ?? {})) labels.set(k, BigInt(v));
    return Object.freeze({
      name: (c.name as string) ?? "",
      basePath: c.base_path ? resolvePath(c.base_path as string) : "",
      policy: toPolicy(c.model_version_policy as PolicyObj | undefined),
      labels,
    });
  });
}

/** Parses a `--model_config_file` (text ModelServerConfig). */
export function parseModelConfigText(text: string, resolvePath: (p: string) => string): ModelConfigEntry[] {
  return modelEntriesFromConfig(parseTextConfig(TYPE, text), resolvePath);
}

/** Model entries from a decoded ReloadConfigRequest.config message. */
export function modelEntriesFromMessage(msg: unknown, resolvePath: (p: string) => string): ModelConfigEntry[] {
  if (msg === undefined || msg === null) throw new SealedError("SRV_MODEL_CONFIG", "ReloadConfigRequest has no config");
  return modelEntriesFromConfig(normalizeMessage(TYPE, msg), resolvePath);
}
