import assert from "node:assert/strict";
import { test } from "node:test";
import { isSealedError } from "../../common/errors.ts";
import { silentLogger } from "../../common/log.ts";
import { parseServeFlags } from "./serve-flags.ts";
import { serverOptionsFromFlags } from "./serve-options.ts";

test("TF Serving flag spellings: --f=v, --f v, -f, booleans bare or =true|false", () => {
  const f = parseServeFlags([
    "--port=9000",
    "--rest_api_port",
    "8501",
    "-model_name=resnet",
    "--model_base_path",
    "/models/resnet",
    "--enable_batching",
    "--enable_model_warmup=false",
    "--flush_filesystem_caches",
    "false",
    "--tensorflow-intra-op-parallelism=2",
    "--unknown_thing=3",
    "stray",
  ]);
  assert.equal(f.values.port, 9000);
  assert.equal(f.values.rest_api_port, 8501);
  assert.equal(f.values.model_name, "resnet");
  assert.equal(f.values.model_base_path, "/models/resnet");
  assert.equal(f.values.enable_batching, true);
  assert.equal(f.values.enable_model_warmup, false);
  assert.equal(f.values.flush_filesystem_caches, false);
  assert.equal(f.values.tensorflow_intra_op_parallelism, 2);
  assert.deepEqual(f.unknown, ["--unknown_thing=3", "stray"]);
  assert.ok(f.given.has("port"));
  assert.equal(parseServeFlags([]).values.port, 8500);
  assert.equal(parseServeFlags([]).values.model_name, "default");
  assert.equal(parseServeFlags(["--port=auto"]).values.port, -1);
});

test("bad values are SRV_BAD_FLAG", () => {
  for (const args of [
    ["--port=99999"],
    ["--enable_batching=perhaps"],
    ["--file_system_poll_wait_seconds=x"],
    ["--model_name"],
  ]) {
    assert.throws(
      () => parseServeFlags(args),
      (e) => isSealedError(e, "SRV_BAD_FLAG"),
      args.join(" "),
    );
  }
});

test("--rest_api_timeout_in_ms reaches the server options (TF Serving's 30000 by default, 0 = none)", async () => {
  const opts = async (...args: string[]) =>
    serverOptionsFromFlags(parseServeFlags(["--model_base_path=/models/m", ...args]), "/", silentLogger);
  assert.equal((await opts()).restTimeoutMs, 30000);
  assert.equal((await opts("--rest_api_timeout_in_ms=1234")).restTimeoutMs, 1234);
  assert.equal((await opts("--rest_api_timeout_in_ms=0")).restTimeoutMs, 0);
  assert.equal((await opts("--rest_api_timeout_in_ms=-5")).restTimeoutMs, 0);
});

test("load retries: TF Serving's 5 every minute by default, set by --max_num_load_retries and --load_retry_interval_micros", async () => {
  const opts = async (...args: string[]) =>
    serverOptionsFromFlags(parseServeFlags(["--model_base_path=/models/m", ...args]), "/", silentLogger);
  assert.deepEqual((await opts()).loadRetries, { max: 5, intervalMs: 60_000 });
  assert.deepEqual((await opts("--max_num_load_retries=0", "--load_retry_interval_micros=2500")).loadRetries, {
    max: 0,
    intervalMs: 3,
  });
});
