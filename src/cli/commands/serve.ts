import { SealedError } from "../../common/errors.ts";
import { streamLogger } from "../../common/log.ts";
import { startServer } from "../../serving/server.ts";
import type { Command } from "../command.ts";
import { flagUsage, parseServeFlags } from "./serve-flags.ts";
import { serverOptionsFromFlags } from "./serve-options.ts";

const usage = `usage: sealed serve --model_name=NAME --model_base_path=DIR [flags]
       sealed serve --model_config_file=FILE [flags]

Serves ONNX models (BASE/<version>/model.onnx, plain or Gramine protected file) over TF Serving's
gRPC API (--port, default 8500; 0 disables) and REST API (--rest_api_port; 0 = off). Accepts
tensorflow_model_server's flags; unknown flags are warned about and ignored. Ports may be 'auto'
(any free port; the bound ports are printed). With --ssl_config_file both ports use TLS.
Sealed's own flags: --host (default 0.0.0.0), --wrap_key_file (16-byte model key, raw or hex),
--pf_check_path (require the protected file's stored path to be NAME/VERSION/model.onnx),
--max_request_bytes (default 1 GiB).

flags:
${flagUsage()}
`;

const command: Command = {
  name: "serve",
  summary: "Serve models over TF Serving's gRPC and REST APIs",
  usage,
  async run(args, io) {
    const flags = parseServeFlags(args);
    if (flags.values.version === true) {
      io.stdout.write("TensorFlow ModelServer: sealed 0.1.0 (ONNX Runtime backend)\n");
      return 0;
    }
    const logger = streamLogger((line) => io.stderr.write(line));
    for (const u of flags.unknown) logger.warn(`ignoring unknown flag ${u}`);
    const opts = await serverOptionsFromFlags(flags, io.cwd, logger);
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer(opts);
    } catch (err) {
      if (err instanceof SealedError) throw err;
      const e = err as NodeJS.ErrnoException;
      throw new SealedError("SRV_BAD_FLAG", `cannot start the server: ${e.message}`, { cause: err });
    }
    if (server.grpcPort !== null) io.stderr.write(`Running gRPC ModelServer at ${opts.host}:${server.grpcPort} ...\n`);
    if (server.restPort !== null) io.stderr.write(`Exporting HTTP/REST API at:${opts.host}:${server.restPort} ...\n`);
    if (!server.core.isReady()) logger.warn("not every model has an available version yet");
    await new Promise<void>((resolve) => {
      const stop = (sig: string) => {
        logger.info(`received ${sig}, shutting down`);
        process.off("SIGTERM", onTerm);
        process.off("SIGINT", onInt);
        resolve();
      };
      const onTerm = () => stop("SIGTERM");
      const onInt = () => stop("SIGINT");
      process.on("SIGTERM", onTerm);
      process.on("SIGINT", onInt);
    });
    await server.close();
    return 0;
  },
};
export default command;
