/**
 * In-memory description of a synthetic ONNX graph before encoding: nodes in topological order,
 * float32 initializers with how to fill them, and the graph's input/output signature.
 */

/** An attribute value: one int, a list of ints, or one float (the kinds our operators need). */
export type AttrValue = { readonly i: number } | { readonly ints: readonly number[] } | { readonly f: number };

export interface NodeSpec {
  readonly name: string;
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: Readonly<Record<string, AttrValue>>;
}

/**
 * How an initializer's float32 values are made: PRNG uniform in [-limit, limit) (with
 * `zeroMeanRows`, each row of that many values then has its mean subtracted), or a constant.
 */
export type Fill =
  | { readonly kind: "uniform"; readonly limit: number; readonly zeroMeanRows?: number }
  | { readonly kind: "const"; readonly value: number };

export interface InitializerSpec {
  readonly name: string;
  readonly dims: readonly number[];
  readonly fill: Fill;
}

/** A graph input or output: float32 with a shape whose entries are sizes or symbolic names. */
export interface ValueSpec {
  readonly name: string;
  readonly shape: readonly (number | string)[];
}

export interface GraphSpec {
  readonly name: string;
  readonly nodes: readonly NodeSpec[];
  readonly initializers: readonly InitializerSpec[];
  readonly inputs: readonly ValueSpec[];
  readonly outputs: readonly ValueSpec[];
}

export const numel = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/** He-uniform bound for a layer with `fanIn` inputs per output: sqrt(6 / fanIn). */
export const heUniform = (fanIn: number): Extract<Fill, { kind: "uniform" }> => ({
  kind: "uniform",
  limit: Math.sqrt(6 / fanIn),
});

/** Accumulates nodes and initializers; node outputs are named after the node. */
export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: InitializerSpec[] = [];
  private readonly names = new Set<string>();

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`duplicate graph name ${name}`);
    this.names.add(name);
    return name;
  }

  /** Adds a float32 initializer and returns its name. */
  weight(name: string, dims: readonly number[], fill: Fill): string {
    this.initializers.push({ name: this.claim(name), dims, fill });
    return name;
  }

  /** Adds a node with one output named `name` and returns that output. */
  node(
    name: string,
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    output = name,
  ): string {
    this.claim(name);
    if (output !== name) this.claim(output);
    this.nodes.push({ name, opType, inputs, outputs: [output], attrs });
    return output;
  }

  /** Number of float32 parameters in all initializers. */
  paramCount(): number {
    return this.initializers.reduce((n, t) => n + numel(t.dims), 0);
  }

  build(name: string, inputs: ValueSpec[], outputs: ValueSpec[]): GraphSpec {
    return { name, nodes: this.nodes, initializers: this.initializers, inputs, outputs };
  }
}
