import { SealedError } from "../../common/errors.ts";
import type { VersionPolicy } from "./version-policy.ts";

/** One served model (a ModelConfig entry of ModelServerConfig). */
export interface ModelConfigEntry {
  readonly name: string;
  readonly basePath: string;
  readonly policy: VersionPolicy;
  readonly labels: ReadonlyMap<string, bigint>;
}

const LABEL = /^[a-zA-Z0-9_]+$/;

/** Checks a config list: unique names, base paths, label syntax (SRV_MODEL_CONFIG). */
export function checkModelConfigs(configs: readonly ModelConfigEntry[]): void {
  const seen = new Set<string>();
  for (const c of configs) {
    if (!c.name) throw new SealedError("SRV_MODEL_CONFIG", "a model config has no name");
    if (seen.has(c.name)) throw new SealedError("SRV_MODEL_CONFIG", `model name ${c.name} appears twice`);
    seen.add(c.name);
    if (!c.basePath) throw new SealedError("SRV_MODEL_CONFIG", `model ${c.name} has no base_path`);
    for (const label of c.labels.keys()) {
      if (!LABEL.test(label)) {
        throw new SealedError(
          "SRV_MODEL_CONFIG",
          `version label '${label}' of model ${c.name} must match [a-zA-Z0-9_]+`,
        );
      }
    }
  }
}

/** What checkLabels needs to know of a model that is already served. */
export interface ServedModelView {
  readonly labels: ReadonlyMap<string, bigint>;
  isAvailable(version: bigint): boolean;
}

/**
 * TF Serving's ServerCore::UpdateModelVersionLabelMap, run before a config loads anything: a
 * label must name an AVAILABLE version; with --allow_version_labels_for_unavailable_models a new
 * label (or one keeping its version) may name any version. SRV_LABEL_UNAVAILABLE otherwise.
 */
export function checkLabels(
  configs: readonly ModelConfigEntry[],
  allowUnavailable: boolean,
  served: (name: string) => ServedModelView | undefined,
): void {
  for (const c of configs) {
    const current = served(c.name);
    for (const [label, version] of c.labels) {
      const existing = current?.labels.get(label);
      if (allowUnavailable && (existing === undefined || existing === version)) continue;
      if (current?.isAvailable(version)) continue;
      throw new SealedError(
        "SRV_LABEL_UNAVAILABLE",
        `Request to assign label to version ${version} of model ${c.name}, which is not currently available for inference`,
      );
    }
  }
}
