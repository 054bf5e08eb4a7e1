import { defineCodes } from "./types.ts";

/** Protected-files codec (`src/pf`, `sealed pf`). Codes start with `PF_`. */
export const pfCodes = defineCodes({});
