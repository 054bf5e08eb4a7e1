/**
 * A small checker for the Prometheus text exposition format 0.0.4, used by tests (and handy for
 * probing a live `/monitoring/prometheus/metrics`). It parses every line and reports problems
 * instead of throwing: bad metric/label names, bad escapes, unparsable values, samples before
 * their `# TYPE`, interleaved families, and histogram rules (le labels ascending, cumulative
 * counts non-decreasing, a `+Inf` bucket equal to `_count`, `_sum` and `_count` present).
 */
export interface ExpositionSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface ExpositionFamily {
  readonly name: string;
  type: string;
  help: string | undefined;
  readonly samples: ExpositionSample[];
}

export interface ExpositionCheck {
  readonly families: ReadonlyMap<string, ExpositionFamily>;
  readonly problems: readonly string[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const SUFFIXES = ["_bucket", "_sum", "_count"];

export function checkExposition(text: string): ExpositionCheck {
  const families = new Map<string, ExpositionFamily>();
  const problems: string[] = [];
  const closed = new Set<string>();
  let current: string | undefined;
  if (text.length > 0 && !text.endsWith("\n")) problems.push("the exposition must end with a newline");
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const enter = (family: string, lineNo: number) => {
    if (current === family) return;
    if (closed.has(family)) problems.push(`line ${lineNo}: family ${family} appears in two separate groups`);
    if (current !== undefined) closed.add(current);
    current = family;
  };
  lines.forEach((line, i) => {
    const n = i + 1;
    if (line.startsWith("#")) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (m === null) return; // plain comment
      const [, kind, name, rest] = m;
      if (!METRIC_NAME.test(name)) problems.push(`line ${n}: invalid metric name ${name}`);
      enter(name, n);
      const fam = families.get(name) ?? { name, type: "untyped", help: undefined, samples: [] };
      families.set(name, fam);
      if (kind === "TYPE") {
        if (!TYPES.has(rest)) problems.push(`line ${n}: unknown type ${rest}`);
        if (fam.samples.length > 0) problems.push(`line ${n}: TYPE after samples of ${name}`);
        fam.type = rest;
      } else {
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ""))) problems.push(`line ${n}: invalid escape in HELP`);
        fam.help = rest;
      }
      return;
    }
    if (line.trim() === "") return;
    const s = parseSample(line, n, problems);
    if (s === undefined) return;
    const base = familyOf(s.name, families);
    enter(base, n);
    const fam = families.get(base) ?? { name: base, type: "untyped", help: undefined, samples: [] };
    families.set(base, fam);
    fam.samples.push(s);
  });
  for (const fam of families.values()) if (fam.type === "histogram") checkHistogram(fam, problems);
  return { families, problems };
}

function familyOf(sample: string, families: Map<string, ExpositionFamily>): string {
  for (const suf of SUFFIXES) {
    if (sample.endsWith(suf)) {
      const base = sample.slice(0, -suf.length);
      const fam = families.get(base);
      if (fam !== undefined && (fam.type === "histogram" || fam.type === "summary")) return base;
    }
  }
  return sample;
}

function parseSample(line: string, n: number, problems: string[]): ExpositionSample | undefined {
  const m = /^([^\s{]+)/.exec(line);
  if (m === null) {
    problems.push(`line ${n}: cannot parse sample`);
    return undefined;
  }
  const name = m[1];
  if (!METRIC_NAME.test(name)) problems.push(`line ${n}: invalid metric name ${name}`);
  let p = name.length;
  const labels: Record<string, string> = {};
  if (line[p] === "{") {
    p++;
    while (line[p] !== "}") {
      const lm = /^([^=]*)="/.exec(line.slice(p));
      if (lm === null) {
        problems.push(`line ${n}: malformed label at column ${p + 1}`);
        return undefined;
      }
      if (!LABEL_NAME.test(lm[1])) problems.push(`line ${n}: invalid label name ${lm[1]}`);
      p += lm[0].length;
      let value = "";
      for (;;) {
        const c = line[p];
        if (c === undefined) {
          problems.push(`line ${n}: unterminated label value`);
          return undefined;
        }
        p++;
        if (c === '"') break;
        if (c === "\\") {
          const e = line[p++];
          if (e === "\\" || e === '"') value += e;
          else if (e === "n") value += "\n";
          else problems.push(`line ${n}: invalid escape \\${e ?? ""} in label value`);
        } else value += c;
      }
      if (Object.hasOwn(labels, lm[1])) problems.push(`line ${n}: duplicate label ${lm[1]}`);
      labels[lm[1]] = value;
      if (line[p] === ",") p++;
      else if (line[p] !== "}") {
        problems.push(`line ${n}: expected ',' or '}' at column ${p + 1}`);
        return undefined;
      }
    }
    p++;
  }
  const rest = line.slice(p);
  const vm = /^ (\S+)(?: (-?\d+))?$/.exec(rest);
  if (vm === null) {
    problems.push(`line ${n}: expected ' value [timestamp]' after the labels`);
    return undefined;
  }
  const value = parseValue(vm[1]);
  if (value === undefined) problems.push(`line ${n}: invalid sample value ${vm[1]}`);
  return { name, labels, value: value ?? Number.NaN };
}

function parseValue(s: string): number | undefined {
  if (s === "NaN") return Number.NaN;
  if (s === "+Inf" || s === "Inf") return Number.POSITIVE_INFINITY;
  if (s === "-Inf") return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

function checkHistogram(fam: ExpositionFamily, problems: string[]): void {
  const series = new Map<string, { les: number[]; counts: number[]; sum?: number; count?: number }>();
  for (const s of fam.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { les: [], counts: [] };
    series.set(key, entry);
    if (s.name === `${fam.name}_bucket`) {
      const bound = le === undefined ? undefined : parseValue(le);
      if (bound === undefined) problems.push(`${fam.name}: bucket without a valid le label`);
      else {
        entry.les.push(bound);
        entry.counts.push(s.value);
      }
    } else if (s.name === `${fam.name}_sum`) entry.sum = s.value;
    else if (s.name === `${fam.name}_count`) entry.count = s.value;
    else problems.push(`${fam.name}: unexpected sample ${s.name} in a histogram`);
  }
  for (const [key, e] of series) {
    const where = `${fam.name}${key}`;
    for (let i = 1; i < e.les.length; i++) {
      if (!(e.les[i] > e.les[i - 1])) problems.push(`${where}: le bounds not ascending`);
      if (e.counts[i] < e.counts[i - 1]) problems.push(`${where}: bucket counts not cumulative`);
    }
    if (e.les[e.les.length - 1] !== Number.POSITIVE_INFINITY) problems.push(`${where}: no le="+Inf" bucket`);
    if (e.sum === undefined) problems.push(`${where}: no _sum`);
    if (e.count === undefined) problems.push(`${where}: no _count`);
    else if (e.counts[e.counts.length - 1] !== e.count) problems.push(`${where}: +Inf bucket differs from _count`);
  }
}
