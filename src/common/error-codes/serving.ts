import { defineCodes } from "./types.ts";

/** Model server (`src/serving`, `sealed serve`, `sealed model`). Codes start with `SRV_`. */
export const servingCodes = defineCodes({});
