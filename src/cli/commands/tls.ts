import { chmod, mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { KeySpec } from "../../client/tls-material/key-pair.ts";
import { DEFAULT_KEY_SPEC } from "../../client/tls-material/key-pair.ts";
import {
  DEFAULT_CA_DAYS,
  DEFAULT_LEAF_DAYS,
  makeOnewayMaterial,
  makeTwowayMaterial,
  type TlsMaterial,
} from "../../client/tls-material/material.ts";
import { systemClock } from "../../common/clock.ts";
import { SealedError } from "../../common/errors.ts";
import { systemRandom } from "../../common/random.ts";
import { parseCommandArgs } from "../args.ts";
import type { CliIo, Command } from "../command.ts";

const usage = `usage: sealed tls oneway SERVER_NAME [options]
       sealed tls twoway SERVER_NAME CLIENT_NAME [options]

Makes a CA, a server certificate (and for twoway a client certificate) and a TF Serving ssl.cfg,
in the seed's layout:
  OUT/ca_cert.pem OUT/ca_key.pem OUT/server/{cert,key}.pem [OUT/client/{cert,key}.pem] OUT/ssl.cfg
oneway: ssl.cfg has custom_ca: '' and client_verify: false (clients trust ca_cert.pem or pin server/cert.pem).
twoway: ssl.cfg has custom_ca: <ca_cert.pem> and client_verify: true.
SERVER_NAME/CLIENT_NAME become the CN and subjectAltName (DNS name, or IP address for an IP literal).

options:
  --out DIR        output directory (default ssl_configure)
  --rsa BITS       RSA keys of 2048, 3072 or 4096 bits instead of ECDSA P-256
  --days N         validity of the server/client certificates in days (default ${DEFAULT_LEAF_DAYS})
  --ca-days N      validity of the CA certificate in days (default ${DEFAULT_CA_DAYS})
  --ca-name NAME   CA common name (default "Sealed TLS CA")
  --force          overwrite existing material in DIR
`;

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,5}$/.test(value)) throw new SealedError("USAGE", `${flag} must be a positive integer`);
  return Number(value);
}

function keySpec(rsa: string | undefined): KeySpec {
  if (rsa === undefined) return DEFAULT_KEY_SPEC;
  if (rsa !== "2048" && rsa !== "3072" && rsa !== "4096")
    throw new SealedError("USAGE", "--rsa must be 2048, 3072 or 4096");
  return { kind: "rsa", bits: Number(rsa) as 2048 | 3072 | 4096 };
}

function checkName(name: string | undefined, what: string): string {
  if (name === undefined || name === "") throw new SealedError("USAGE", `missing ${what}`);
  if (!/^[A-Za-z0-9.*:_-]{1,253}$/.test(name)) {
    throw new SealedError("USAGE", `${what} '${name}' is not a host name or IP address`);
  }
  return name;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function writeMaterial(out: string, material: TlsMaterial, force: boolean): Promise<void> {
  if (!force) {
    for (const f of material.files) {
      if (await exists(join(out, f.path))) {
        throw new SealedError(
          "CLIENT_TLS_OUT_EXISTS",
          `${join(out, f.path)} already exists (pass --force to overwrite)`,
        );
      }
    }
  }
  try {
    for (const f of material.files) {
      const path = join(out, f.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.content, { mode: f.mode });
      await chmod(path, f.mode); // writeFile's mode applies only to new files
    }
  } catch (err) {
    throw new SealedError("FILE_ACCESS", `cannot write TLS material in ${out}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

const command: Command = {
  name: "tls",
  summary: "Make TLS material and a TF Serving ssl.cfg",
  usage,
  async run(args: string[], io: CliIo) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        out: { type: "string" },
        rsa: { type: "string" },
        days: { type: "string" },
        "ca-days": { type: "string" },
        "ca-name": { type: "string" },
        force: { type: "boolean" },
      },
      true,
    );
    const [mode, ...names] = positionals;
    if (mode !== "oneway" && mode !== "twoway") throw new SealedError("USAGE", "expected 'oneway' or 'twoway'");
    const want = mode === "oneway" ? 1 : 2;
    if (names.length !== want)
      throw new SealedError("USAGE", `tls ${mode} takes ${want === 1 ? "SERVER_NAME" : "SERVER_NAME CLIENT_NAME"}`);
    const ctx = { clock: systemClock, random: systemRandom, keySpec: keySpec(values.rsa) };
    const opts = {
      leafDays: positiveInt(values.days, "--days"),
      caDays: positiveInt(values["ca-days"], "--ca-days"),
      caName: values["ca-name"],
    };
    const serverName = checkName(names[0], "SERVER_NAME");
    const material =
      mode === "oneway"
        ? await makeOnewayMaterial(ctx, serverName, opts)
        : await makeTwowayMaterial(ctx, serverName, checkName(names[1], "CLIENT_NAME"), opts);
    const out = resolve(io.cwd, values.out ?? "ssl_configure");
    await writeMaterial(out, material, values.force === true);
    io.stdout.write(`wrote ${mode} TLS material to ${out}:\n`);
    for (const f of material.files) io.stdout.write(`  ${f.path}${f.mode === 0o600 ? " (0600)" : ""}\n`);
    return 0;
  },
};
export default command;
