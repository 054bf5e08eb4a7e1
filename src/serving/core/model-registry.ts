import { setTimeout as sleep } from "node:timers/promises";
import type { StatusName } from "../../common/error-codes/types.ts";
import { SealedError } from "../../common/errors.ts";
import { type Logger, silentLogger } from "../../common/log.ts";
import { Batcher, type BatchingOptions } from "./batcher.ts";
import { allocData } from "./dtypes.ts";
import { checkLabels, checkModelConfigs, type ModelConfigEntry } from "./model-config-rules.ts";
import type { ModelLoader } from "./model-loader.ts";
import type { ModelSource } from "./model-source.ts";
import type { ModelRunner } from "./ort-runner.ts";
import type { ModelState, ModelVersionStatus } from "./serving-core.ts";
import { elementCount, type ModelSpecRef, type Tensor } from "./tensor.ts";
import { selectVersions } from "./version-policy.ts";

export type { ModelConfigEntry } from "./model-config-rules.ts";

interface VersionEntry {
  readonly version: bigint;
  state: ModelState;
  errorCode: StatusName | "OK";
  errorMessage: string;
  runner?: ModelRunner;
  batcher?: Batcher;
  inflight: number;
  drained?: () => void;
}

interface ModelEntry {
  config: ModelConfigEntry;
  readonly versions: Map<bigint, VersionEntry>;
}

/** A served version, held while a request uses it (call `release()` when done). */
export interface VersionHandle {
  readonly name: string;
  readonly version: bigint;
  readonly runner: ModelRunner;
  run(inputs: ReadonlyMap<string, Tensor>, outputNames: readonly string[]): Promise<Map<string, Tensor>>;
  release(): void;
}

export interface RegistryOptions {
  readonly loader: ModelLoader;
  readonly source: ModelSource;
  readonly logger?: Logger;
  /** When set, each version gets a Batcher with these parameters. */
  readonly batching?: BatchingOptions;
  /**
   * --enable_model_warmup: run each new version once on zero inputs (unknown dims = 1) before it
   * becomes AVAILABLE, so the first request does not pay ORT's first-run allocations. Inputs
   * of unknown rank or of type STRING are not warmed up.
   */
  readonly warmup?: boolean;
  /** Called after every model run (metrics). */
  readonly onRuntime?: (modelName: string, batchSize: number, micros: number) => void;
  /**
   * --allow_version_labels_for_unavailable_models: a new label (or one that keeps its version)
   * may name a version that is not AVAILABLE yet; moving a label still needs an AVAILABLE target.
   */
  readonly allowLabelsForUnavailable?: boolean;
  /**
   * --max_num_load_retries / --load_retry_interval_micros: a failed load is retried (the version
   * stays LOADING meanwhile) before it ends in END with its error. Default: no retries.
   */
  readonly loadRetries?: { readonly max: number; readonly intervalMs: number };
}

/**
 * The model registry: which models and versions exist, their TF Serving states, and their
 * loaded runners. `sync()` scans base paths and applies version policies (load new, unload
 * removed); requests `acquire()` a version so unloading waits for in-flight work.
 */
export class ModelRegistry {
  private readonly models = new Map<string, ModelEntry>();
  private chain: Promise<void> = Promise.resolve();
  private readonly log: Logger;
  /** Aborted by close(): ends retry waits at once. */
  private readonly closing = new AbortController();

  constructor(private readonly opts: RegistryOptions) {
    this.log = opts.logger ?? silentLogger;
  }

  /**
   * Replaces the model list (ModelServerConfig); removed models unload, new ones load. As in TF
   * Serving's ServerCore::ReloadConfig, labels are checked against the versions AVAILABLE before
   * the new config loads anything; a refused config changes nothing.
   */
  setConfig(configs: readonly ModelConfigEntry[]): Promise<void> {
    checkModelConfigs(configs);
    return this.serial(async () => {
      checkLabels(configs, this.opts.allowLabelsForUnavailable === true, (name) => {
        const m = this.models.get(name);
        return m && { labels: m.config.labels, isAvailable: (v) => m.versions.get(v)?.state === "AVAILABLE" };
      });
      const wanted = new Map(configs.map((c) => [c.name, c]));
      for (const [name, m] of this.models) {
        if (!wanted.has(name)) {
          await Promise.all([...m.versions.values()].map((v) => this.unload(name, v)));
          this.models.delete(name);
        }
      }
      for (const c of configs) {
        const m = this.models.get(c.name);
        if (m) m.config = c;
        else this.models.set(c.name, { config: c, versions: new Map() });
      }
      await this.syncNow();
    });
  }

  /** Re-scans every base path and loads/unloads versions per policy (file-system polling). */
  sync(): Promise<void> {
    return this.serial(() => this.syncNow());
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.chain.then(fn);
    this.chain = next.catch(() => {});
    return next;
  }

  private async syncNow(): Promise<void> {
    for (const [name, m] of this.models) {
      let onDisk: bigint[];
      try {
        onDisk = await this.opts.source.listVersions(m.config.basePath);
      } catch (err) {
        this.log.warn("cannot list model versions", { model: name, error: (err as Error).message });
        continue;
      }
      const want = new Set(selectVersions(m.config.policy, onDisk));
      if (want.size === 0) this.log.warn("no servable versions found", { model: name, basePath: m.config.basePath });
      for (const v of m.versions.values()) {
        if (want.has(v.version)) continue;
        if (v.state === "AVAILABLE") await this.unload(name, v);
        else if (v.errorCode !== "OK") m.versions.delete(v.version); // failed and gone: forget it
      }
      const loads: Promise<void>[] = [];
      for (const version of want) {
        const cur = m.versions.get(version);
        if (cur && cur.state !== "END") continue;
        if (cur && cur.errorCode !== "OK") continue; // failed once: not retried until it is removed
        loads.push(this.load(name, m, version));
      }
      await Promise.all(loads);
    }
  }

  private async load(name: string, m: ModelEntry, version: bigint): Promise<void> {
    const v: VersionEntry = { version, state: "LOADING", errorCode: "OK", errorMessage: "", inflight: 0 };
    m.versions.set(version, v);
    this.log.info("loading model version", { model: name, version: String(version) });
    const retries = this.opts.loadRetries;
    for (let attempt = 0; ; attempt++) {
      try {
        const runner = await this.opts.loader(name, m.config.basePath, version);
        if (this.opts.warmup) await this.warmup(name, version, runner);
        v.runner = runner;
        if (this.opts.batching) {
          // One batch at a time per version: a runner computes one run at a time (ORT parallelizes
          // inside a run), so a second "batch thread" would only move waiting requests from the
          // batcher, where later requests can still join them, into the runner's queue.
          const batching = { ...this.opts.batching, numBatchThreads: 1 };
          v.batcher = new Batcher((i, o) => this.timedRun(name, runner, i, o), batching);
        }
        v.state = "AVAILABLE";
        this.log.info("model version available", { model: name, version: String(version) });
        return;
      } catch (err) {
        const e = SealedError.from(err, "SRV_MODEL_LOAD");
        if (retries && attempt < retries.max && !this.closing.signal.aborted) {
          this.log.warn("model version failed to load; retrying", {
            model: name,
            version: String(version),
            code: e.code,
            error: e.message,
            retry: `${attempt + 1}/${retries.max}`,
            inMs: retries.intervalMs,
          });
          const stopped = await sleep(retries.intervalMs, false, { signal: this.closing.signal }).catch(() => true);
          if (!stopped) continue;
        }
        v.state = "END";
        v.errorCode = e.status;
        v.errorMessage = e.message;
        this.log.error("model version failed to load", {
          model: name,
          version: String(version),
          code: e.code,
          error: e.message,
        });
        return;
      }
    }
  }

  private async warmup(name: string, version: bigint, runner: ModelRunner): Promise<void> {
    const inputs = new Map<string, Tensor>();
    for (const [key, spec] of Object.entries(runner.signature.inputs)) {
      if (!spec.shape || spec.dtype === "STRING") return;
      const shape = spec.shape.map((d) => (d < 0 ? 1 : d));
      inputs.set(key, { dtype: spec.dtype, shape, data: allocData(spec.dtype, elementCount(shape)) });
    }
    try {
      await runner.run(inputs, Object.keys(runner.signature.outputs));
    } catch (err) {
      this.log.warn("model warmup run failed", {
        model: name,
        version: String(version),
        error: (err as Error).message,
      });
    }
  }

  private async unload(name: string, v: VersionEntry): Promise<void> {
    if (v.state === "END") return;
    v.state = "UNLOADING";
    v.batcher?.close();
    if (v.inflight > 0) await new Promise<void>((r) => (v.drained = r));
    await v.runner?.release().catch(() => {});
    v.runner = undefined;
    v.batcher = undefined;
    v.state = "END";
    this.log.info("model version unloaded", { model: name, version: String(v.version) });
  }

  private async timedRun(
    name: string,
    runner: ModelRunner,
    inputs: ReadonlyMap<string, Tensor>,
    outputNames: readonly string[],
  ): Promise<Map<string, Tensor>> {
    const t0 = process.hrtime.bigint();
    const out = await runner.run(inputs, outputNames);
    if (this.opts.onRuntime) {
      const rows = [...inputs.values()][0]?.shape[0] ?? 1;
      this.opts.onRuntime(name, rows, Number((process.hrtime.bigint() - t0) / 1000n));
    }
    return out;
  }

  /** Resolves a ModelSpec to an AVAILABLE version (TF Serving's error texts) and holds it. */
  acquire(spec: ModelSpecRef): VersionHandle {
    const m = this.models.get(spec.name);
    let v: VersionEntry | undefined;
    let version = spec.version;
    if (spec.versionLabel !== undefined && spec.versionLabel !== "") {
      version = m?.config.labels.get(spec.versionLabel);
      if (version === undefined) {
        throw new SealedError("SRV_LABEL_NOT_FOUND", `Unrecognized servable version label: ${spec.versionLabel}`);
      }
    }
    if (version === undefined) {
      for (const e of m?.versions.values() ?? []) {
        if (e.state === "AVAILABLE" && (!v || e.version > v.version)) v = e;
      }
      if (!v) throw new SealedError("SRV_MODEL_NOT_FOUND", `Servable not found for request: Latest(${spec.name})`);
    } else {
      v = m?.versions.get(version);
      if (v?.state !== "AVAILABLE") {
        throw new SealedError(
          "SRV_MODEL_NOT_FOUND",
          `Servable not found for request: Specific(${spec.name}, ${version})`,
        );
      }
    }
    const entry = v;
    const runner = entry.runner!;
    const batcher = entry.batcher;
    entry.inflight++;
    let released = false;
    return {
      name: spec.name,
      version: entry.version,
      runner,
      run: (inputs, outputNames) =>
        batcher ? batcher.submit(inputs, outputNames) : this.timedRun(spec.name, runner, inputs, outputNames),
      release: () => {
        if (released) return;
        released = true;
        entry.inflight--;
        if (entry.inflight === 0 && entry.drained) {
          entry.drained();
          entry.drained = undefined;
        }
      },
    };
  }

  /** GetModelStatus: all versions of a model, or one (TF Serving's NOT_FOUND texts). */
  status(name: string, version?: bigint, label?: string): ModelVersionStatus[] {
    const m = this.models.get(name);
    if (!m || m.versions.size === 0) {
      throw new SealedError("SRV_MODEL_NOT_FOUND", `Could not find any versions of model ${name}`);
    }
    let want = version;
    if (label !== undefined && label !== "") {
      want = m.config.labels.get(label);
      if (want === undefined)
        throw new SealedError("SRV_LABEL_NOT_FOUND", `Unrecognized servable version label: ${label}`);
    }
    const list = [...m.versions.values()]
      .filter((v) => want === undefined || v.version === want)
      .sort((a, b) => (a.version < b.version ? -1 : 1));
    if (list.length === 0) {
      throw new SealedError("SRV_MODEL_NOT_FOUND", `Could not find version ${want} of model ${name}`);
    }
    return list.map((v) =>
      Object.freeze({ version: v.version, state: v.state, errorCode: v.errorCode, errorMessage: v.errorMessage }),
    );
  }

  /** True when every configured model has an AVAILABLE version. */
  isReady(): boolean {
    if (this.models.size === 0) return false;
    for (const m of this.models.values()) {
      if (![...m.versions.values()].some((v) => v.state === "AVAILABLE")) return false;
    }
    return true;
  }

  /** Unloads everything (shutdown); a load waiting to retry gives up at once. */
  close(): Promise<void> {
    this.closing.abort();
    return this.serial(async () => {
      for (const [name, m] of this.models) await Promise.all([...m.versions.values()].map((v) => this.unload(name, v)));
    });
  }
}
