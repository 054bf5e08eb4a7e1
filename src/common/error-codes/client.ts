import { defineCodes } from "./types.ts";

/** TF Serving client, TLS tooling and load generator (`src/client`, `sealed client`, `sealed tls`). Codes start with `CLIENT_`. */
export const clientCodes = defineCodes({});
