import type { Histogram } from "./histogram.ts";

/**
 * Prometheus text exposition format 0.0.4 writer: `# HELP`, `# TYPE`, samples with escaped
 * label values, histograms as `_bucket{le=...}`, `_sum`, `_count`.
 */
export type Labels = readonly (readonly [string, string])[];

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

export function escapeHelp(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "+Inf";
  if (v === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(v);
}

export function labelText(labels: Labels): string {
  if (labels.length === 0) return "";
  return `{${labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`;
}

export function familyHeader(name: string, type: "counter" | "gauge" | "histogram", help: string): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
}

export function sampleLine(name: string, labels: Labels, value: number): string {
  return `${name}${labelText(labels)} ${formatSampleValue(value)}\n`;
}

export function histogramLines(name: string, labels: Labels, h: Histogram): string {
  let out = "";
  const cum = h.cumulative();
  h.bounds.forEach((b, i) => {
    out += sampleLine(`${name}_bucket`, [...labels, ["le", formatSampleValue(b)]], cum[i]);
  });
  out += sampleLine(`${name}_bucket`, [...labels, ["le", "+Inf"]], cum[cum.length - 1]);
  out += sampleLine(`${name}_sum`, labels, h.sum);
  out += sampleLine(`${name}_count`, labels, h.count);
  return out;
}
