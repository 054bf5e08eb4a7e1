import { errorSections } from "./error-catalog.ts";
import { httpStatusFor } from "./status.ts";

/** Renders docs/errors.md from the catalog: one section per part, one entry per code. */
export function renderErrorsDoc(): string {
  const out: string[] = [
    "# Error codes",
    "",
    "Every error Sealed reports carries one of these stable codes. The CLI prints",
    "`sealed: CODE: message`; the model server maps the status to gRPC and to TF Serving's REST",
    "status codes. Generated from `src/common/error-catalog.ts` by `npm run docs:errors`;",
    "a test checks that this page and the catalog agree.",
    "",
  ];
  for (const section of errorSections) {
    out.push(`## ${section.title}`, "");
    for (const [code, spec] of Object.entries(section.codes)) {
      out.push(`### ${code}`, "");
      out.push(spec.summary, "");
      out.push(`- Status: \`${spec.status}\` (HTTP ${httpStatusFor(spec.status)})`);
      out.push(`- Fix: ${spec.fix}`, "");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}
