export interface Ranked {
  readonly index: number;
  readonly score: number;
  readonly label?: string;
}

/** Labels file: one label per line (line i = class i); trailing empty lines dropped. */
export function parseLabels(text: string): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  return lines;
}

/** The k highest scores of one row (ties: lower index first), with labels when given. */
export function topK(row: ArrayLike<number>, k: number, labels?: readonly string[]): Ranked[] {
  const idx = Array.from({ length: row.length }, (_, i) => i);
  idx.sort((a, b) => row[b] - row[a] || a - b);
  return idx.slice(0, Math.max(0, k)).map((i) => ({ index: i, score: row[i], label: labels?.[i] }));
}

/** Splits a [batch, classes...] output into rows of `classes` values. */
export function rows(values: ArrayLike<number>, shape: readonly number[]): ArrayLike<number>[] {
  const batch = shape.length > 1 ? shape[0] : 1;
  const per = batch > 0 ? values.length / batch : 0;
  return Array.from(
    { length: batch },
    (_, b) => Array.prototype.slice.call(values, b * per, (b + 1) * per) as number[],
  );
}
