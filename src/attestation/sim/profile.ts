/**
 * Fixed facts of the simulated platform: names (Intel's common names so the production chain
 * checks apply, organisation "Sealed Simulated TEE" so nobody mistakes them for Intel's), the
 * FMSPC, SVNs and QE identities. All TCB levels are UpToDate.
 */
export const SIM_ORG = "Sealed Simulated TEE";
const tail = `O=${SIM_ORG},L=Simulated,ST=NA,C=US`;
export const ROOT_DN = `CN=Intel SGX Root CA,${tail}`;
export const PCK_CA_DN = `CN=Intel SGX PCK Platform CA,${tail}`;
export const PCK_DN = `CN=Intel SGX PCK Certificate,${tail}`;
export const TCB_SIGNING_DN = `CN=Intel SGX TCB Signing,${tail}`;

export const FMSPC_HEX = "5EA1ED000000";
export const PCE_ID_HEX = "0000";
export const PCE_SVN = 13;
/** SGX TCB components 01..16; CPUSVN is the same 16 bytes. */
export const SGX_TCB = Object.freeze([4, 4, 2, 2, 3, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0]);
/** TDX TEE_TCB_SVN: [0] module SVN, [1] module major version, [2] late microcode. */
export const TEE_TCB_SVN = Object.freeze([6, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
export const TCB_EVALUATION_DATA_NUMBER = 17;

/** Simulated quoting enclaves (MRSIGNER is SHA-256 of a fixed label). */
export const QE = Object.freeze({ id: "QE", isvprodid: 1, isvsvn: 8, label: "sealed-sim-qe" });
export const TD_QE = Object.freeze({ id: "TD_QE", isvprodid: 2, isvsvn: 4, label: "sealed-sim-td-qe" });
/** QE report ATTRIBUTES (flags INIT|MODE64BIT... as in Intel's QE identity). */
export const QE_ATTRIBUTES_HEX = "11000000000000000000000000000000";
export const QE_ATTRIBUTES_MASK_HEX = "FBFFFFFFFFFFFFFF0000000000000000";
/** The QE authentication data real QEs send: 00 01 .. 1f. */
export const QE_AUTH_DATA = Uint8Array.from({ length: 32 }, (_, i) => i);
/** Intel's QE vendor ID (quote header). */
export const INTEL_QE_VENDOR_ID_HEX = "939a7233f79c4ca9940a0db3957f0607";

/** Validity windows. */
export const CERT_VALIDITY_DAYS = 3650;
export const COLLATERAL_VALIDITY_DAYS = 30;
