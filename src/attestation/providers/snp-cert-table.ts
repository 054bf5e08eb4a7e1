import { SealedError } from "../../common/errors.ts";

/** One cert-table entry: 16-byte GUID, u32 offset, u32 length (SEV-SNP GHCB spec, SNP_GET_EXT_REPORT). */
const ENTRY_SIZE = 24;

/**
 * Splits the SNP certificate table (configfs-tsm `auxblob`) into certificate blobs (VCEK/VLEK,
 * ASK, ARK). The table ends with an all-zero entry; offsets are relative to the table start.
 * The SNP verifier tells the certificates apart by key type and subject, so GUIDs are not needed.
 */
export function snpCertTable(aux: Uint8Array): Uint8Array[] {
  const v = new DataView(aux.buffer, aux.byteOffset, aux.byteLength);
  const out: Uint8Array[] = [];
  for (let at = 0; ; at += ENTRY_SIZE) {
    if (at + ENTRY_SIZE > aux.length) throw new SealedError("ATT_PROVIDER_EMPTY", "SNP certificate table is truncated");
    const guidZero = aux.subarray(at, at + 16).every((b) => b === 0);
    const off = v.getUint32(at + 16, true);
    const len = v.getUint32(at + 20, true);
    if (guidZero && off === 0 && len === 0) return out;
    if (off + len > aux.length || len === 0) {
      throw new SealedError("ATT_PROVIDER_EMPTY", "SNP certificate table entry points outside the table");
    }
    out.push(aux.slice(off, off + len));
  }
}
