import { defineCodes } from "./types.ts";

/** RA-TLS certificates (`src/ratls`). Codes start with `RATLS_`. */
export const ratlsCodes = defineCodes({});
