import * as asn1js from "asn1js";

/** Intel SGX PCK certificate extension (OID 1.2.840.113741.1.13.1; specs/attestation.md section E). */
export const SGX_EXTENSION_OID = "1.2.840.113741.1.13.1";

export interface PckExtensionValues {
  readonly ppid: Uint8Array; // 16
  /** SGX TCB components 01..16 SVNs. */
  readonly tcbComponents: readonly number[];
  readonly pceSvn: number;
  readonly cpuSvn: Uint8Array; // 16
  readonly pceId: Uint8Array; // 2
  readonly fmspc: Uint8Array; // 6
  /** 0 Standard, 1 Scalable, 2 ScalableWithIntegrity. */
  readonly sgxType: number;
  /** Platform CA only. */
  readonly platformInstanceId?: Uint8Array; // 16
}

const oid = (suffix: string) => new asn1js.ObjectIdentifier({ value: `${SGX_EXTENSION_OID}.${suffix}` });
const pair = (suffix: string, value: asn1js.AsnType) => new asn1js.Sequence({ value: [oid(suffix), value] });
const octets = (b: Uint8Array) => new asn1js.OctetString({ valueHex: Uint8Array.from(b).buffer });

/** DER of the extension value: SEQUENCE OF SEQUENCE { OID, value } in Intel's order. */
export function encodePckExtension(v: PckExtensionValues): Uint8Array {
  const tcb = [
    ...v.tcbComponents.map((svn, i) => pair(`2.${i + 1}`, new asn1js.Integer({ value: svn }))),
    pair("2.17", new asn1js.Integer({ value: v.pceSvn })),
    pair("2.18", octets(v.cpuSvn)),
  ];
  const items = [
    pair("1", octets(v.ppid)),
    pair("2", new asn1js.Sequence({ value: tcb })),
    pair("3", octets(v.pceId)),
    pair("4", octets(v.fmspc)),
    pair("5", new asn1js.Enumerated({ value: v.sgxType })),
  ];
  if (v.platformInstanceId) {
    items.push(pair("6", octets(v.platformInstanceId)));
    items.push(
      pair(
        "7",
        new asn1js.Sequence({
          value: [
            pair("7.1", new asn1js.Boolean({ value: false })),
            pair("7.2", new asn1js.Boolean({ value: false })),
            pair("7.3", new asn1js.Boolean({ value: false })),
          ],
        }),
      ),
    );
  }
  return new Uint8Array(new asn1js.Sequence({ value: items }).toBER(false));
}
