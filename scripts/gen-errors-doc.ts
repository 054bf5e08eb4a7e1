// Regenerates docs/errors.md from the error catalog (src/common/error-catalog.ts).
import { writeFileSync } from "node:fs";
import { renderErrorsDoc } from "../src/common/errors-doc.ts";

writeFileSync(new URL("../docs/errors.md", import.meta.url), renderErrorsDoc());
console.log("wrote docs/errors.md");
