import type { Evidence, TeeKind } from "../verifier.ts";

/**
 * One source of attestation evidence: Gramine's /dev/attestation, Linux configfs-tsm, or the
 * simulated TEE. `reportData` is at most 64 bytes (shorter values are zero-padded).
 */
export interface EvidenceProvider {
  /** The TEE kind when known up front (configfs-tsm learns it from `provider`). */
  readonly tee?: TeeKind;
  getEvidence(reportData: Uint8Array): Promise<Evidence>;
}
