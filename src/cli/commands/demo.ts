import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseCommandArgs } from "../args.ts";
import type { Command } from "../command.ts";
import { runSealed, startServe } from "./demo-steps.ts";

const usage = `usage: sealed demo [--dir DIR] [--tiny] [--keep]

Runs the whole flow of the seed tutorial on this machine with the simulated TEE:
model owner: synthesize ResNet50, make a wrap key, encrypt the model (Gramine protected files),
make mutual-TLS material and ssl.cfg; platform: simulated TEE, measurement, quote verified by the
production DCAP verifier against a policy; server: sealed serve decrypts the model in memory and
serves TF Serving gRPC/REST over mutual TLS; client: predict and the seed's load generator.

options:
  --dir DIR   work in DIR (default: a new temporary directory)
  --tiny      use the tiny model instead of ResNet50 (faster)
  --keep      keep the work directory
`;

const MODEL = "resnet50-v15-fp32";
const SERVER_NAME = "grpc.tf-serving.service.com";
const CLIENT_NAME = "client.tf-serving.service.com";

const command: Command = {
  name: "demo",
  summary: "Run the end-to-end demo",
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      dir: { type: "string" },
      tiny: { type: "boolean" },
      keep: { type: "boolean" },
    });
    const dir = values.dir ? resolve(io.cwd, values.dir) : mkdtempSync(join(tmpdir(), "sealed-demo-"));
    mkdirSync(join(dir, "owner"), { recursive: true });
    const say = (s: string) => io.stdout.write(`\n== ${s}\n`);
    io.stdout.write(`Sealed demo in ${dir}\n`);
    let server: Awaited<ReturnType<typeof startServe>> | undefined;
    try {
      say("1. Model owner (trusted machine): model, wrap key, encryption, TLS material");
      await runSealed(io, dir, ["model", "synth", values.tiny ? "tiny" : "resnet50", "-o", "owner/model.onnx"]);
      await runSealed(io, dir, ["pf", "gen-key", "-w", "owner/wrap_key"]);
      await runSealed(io, dir, [
        "pf",
        "encrypt",
        "-w",
        "owner/wrap_key",
        "-i",
        "owner/model.onnx",
        "-o",
        `models/${MODEL}/1/model.onnx`,
      ]);
      await runSealed(io, dir, ["pf", "inspect", "-i", `models/${MODEL}/1/model.onnx`]);
      await runSealed(io, dir, ["tls", "twoway", SERVER_NAME, CLIENT_NAME, "--out", "ssl_configure"]);

      say("2. Untrusted platform: simulated TEE, measurement, attestation against the owner's policy");
      await runSealed(io, dir, ["sim", "init", "--dir", "sim"]);
      const measurement = (await runSealed(io, dir, ["measure"])).trim().split(/\s+/)[0] ?? "";
      const reportData = Buffer.alloc(64, 0);
      Buffer.from("sealed demo: bind the server's TLS key here").copy(reportData);
      writeFileSync(
        join(dir, "policy.json"),
        `${JSON.stringify({ tee: "sgx", reportData: reportData.toString("hex"), sgx: { mrenclave: [measurement] } }, null, 2)}\n`,
      );
      io.stdout.write(`\npolicy.json: only MRENCLAVE ${measurement} may receive the model key\n`);
      await runSealed(io, dir, [
        "sim",
        "quote",
        "--dir",
        "sim",
        "--report-data",
        reportData.toString("hex"),
        "--measurement",
        measurement,
        "-o",
        "quote.bin",
      ]);
      await runSealed(io, dir, [
        "attest",
        "verify",
        "--evidence",
        "quote.bin",
        "--collateral",
        "sim/collateral-sgx.json",
        "--root",
        "sim/root-ca.der",
        "--policy",
        "policy.json",
      ]);
      io.stdout.write("\nThe evidence verifies and the policy accepts it: the owner releases the wrap key.\n");

      say("3. Server: decrypts the model in memory, serves TF Serving gRPC and REST over mutual TLS");
      server = await startServe(io, dir, [
        `--model_name=${MODEL}`,
        `--model_base_path=models/${MODEL}`,
        "--host=127.0.0.1",
        "--port=auto",
        "--rest_api_port=auto",
        "--ssl_config_file=ssl_configure/ssl.cfg",
        "--wrap_key_file=owner/wrap_key",
        "--file_system_poll_wait_seconds=0",
      ]);
      const tls = [
        "-ca",
        "ssl_configure/ca_cert.pem",
        "-crt",
        "ssl_configure/client/cert.pem",
        "-key",
        "ssl_configure/client/key.pem",
        "--server-name",
        SERVER_NAME,
      ];

      say("4. Client: predict, then the seed's load generator (mutual TLS)");
      await runSealed(io, dir, [
        "client",
        "predict",
        "--url",
        `127.0.0.1:${server.grpcPort}`,
        "--model",
        MODEL,
        "--random",
        "--top",
        "3",
        ...tls,
      ]);
      await runSealed(io, dir, [
        "client",
        "bench",
        "-batch",
        "1",
        "-cnum",
        "2",
        "-loop",
        "10",
        "-url",
        `127.0.0.1:${server.grpcPort}`,
        ...tls,
      ]);
      say("Done: the model never existed in plaintext on the serving side.");
      return 0;
    } finally {
      await server?.stop();
      if (!values.keep && !values.dir) rmSync(dir, { recursive: true, force: true });
      else io.stdout.write(`\nwork directory kept: ${dir}\n`);
    }
  },
};
export default command;
