/**
 * Date values built from injected milliseconds (never from the system clock): certificate and
 * CRL generators need Date objects, Intel's JSON needs `YYYY-MM-DDThh:mm:ssZ`.
 */
// biome-ignore lint/style/noRestrictedGlobals: converts an injected time; does not read the clock
type DateValue = Date;

export function dateAt(ms: number): DateValue {
  // biome-ignore lint/style/noRestrictedGlobals: converts an injected time; does not read the clock
  return new Date(ms);
}

/** Intel collateral timestamp format, e.g. `2025-06-19T10:56:11Z`. */
export function isoSeconds(ms: number): string {
  return `${dateAt(Math.floor(ms / 1000) * 1000)
    .toISOString()
    .slice(0, 19)}Z`;
}

export const DAY_MS = 86_400_000;
