/**
 * TF Serving's ServableVersionPolicy (specs/tf-serving-api.md, "Version policy"): latest N
 * (default N=1), all, or a specific list.
 */
export type VersionPolicy =
  | { readonly kind: "latest"; readonly numVersions: number }
  | { readonly kind: "all" }
  | { readonly kind: "specific"; readonly versions: readonly bigint[] };

export const DEFAULT_POLICY: VersionPolicy = Object.freeze({ kind: "latest", numVersions: 1 });

/** The versions to serve out of those found on disk, ascending. */
export function selectVersions(policy: VersionPolicy, onDisk: readonly bigint[]): bigint[] {
  const sorted = [...new Set(onDisk)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  switch (policy.kind) {
    case "all":
      return sorted;
    case "latest":
      return sorted.slice(Math.max(0, sorted.length - Math.max(1, policy.numVersions)));
    case "specific": {
      const want = new Set(policy.versions);
      return sorted.filter((v) => want.has(v));
    }
  }
}
