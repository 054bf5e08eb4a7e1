import { defineCodes } from "./types.ts";

/** TF Serving client, TLS tooling and load generator (`src/client`, `sealed client`, `sealed tls`). Codes start with `CLIENT_`. */
export const clientCodes = defineCodes({
  CLIENT_UNREACHABLE: {
    summary: "The server could not be reached: connection refused, host unknown, or the connection was reset.",
    fix: "Check --url (HOST:PORT), that the server is running and listening on that port, and any firewall in between.",
    status: "UNAVAILABLE",
  },
  CLIENT_TLS_VERIFY: {
    summary:
      "The server's TLS certificate is not trusted: it does not chain to the given CA, or does not name the server.",
    fix: "Pass the CA that issued the server certificate (-ca / --ca) or the server certificate itself (-crt without -ca), and --server-name when the URL host differs from the certificate's name.",
    status: "UNAUTHENTICATED",
  },
  CLIENT_CERT_EXPIRED: {
    summary: "A certificate in the server's chain is expired or not yet valid.",
    fix: "Re-issue the server certificate (`sealed tls ...`) or check the clocks of client and server.",
    status: "UNAUTHENTICATED",
  },
  CLIENT_TLS_HANDSHAKE: {
    summary:
      "The TLS handshake failed: the server refused the client certificate, requires one, or does not speak TLS on this port.",
    fix: "For mutual TLS pass a client certificate issued by the CA the server trusts (-ca, -crt, -key); use TLS flags only for a TLS port.",
    status: "UNAVAILABLE",
  },
  CLIENT_PEER_REJECTED: {
    summary:
      "The client's peer check (verifyPeer hook, e.g. an RA-TLS evidence check) rejected the server certificate.",
    fix: "The server is not the one expected; check the attestation policy and the server's evidence.",
    status: "PERMISSION_DENIED",
  },
  CLIENT_TLS_MATERIAL: {
    summary: "A certificate or private key file given to the client is not valid PEM, or the key does not match.",
    fix: "Pass PEM files as written by `sealed tls` (cert.pem, key.pem, ca_cert.pem).",
    status: "INVALID_ARGUMENT",
  },
  CLIENT_TLS_OUT_EXISTS: {
    summary: "The `sealed tls` output directory already holds TLS material.",
    fix: "Choose another --out directory, remove the old one, or pass --force to overwrite it.",
    status: "ALREADY_EXISTS",
  },
  CLIENT_MODEL_NOT_FOUND: {
    summary: "The server does not serve the requested model (or version).",
    fix: "Check --model (and --version) against the names the server was started with.",
    status: "NOT_FOUND",
  },
  CLIENT_SIGNATURE: {
    summary:
      "The model's signature cannot be used by this command: unknown signature name, or an input that is not one float image tensor.",
    fix: "Pass --signature with a signature the model has; `predict --image` needs an input shaped [N,H,W,3] (or [N,3,H,W]).",
    status: "FAILED_PRECONDITION",
  },
  CLIENT_BAD_IMAGE: {
    summary: "An input image file could not be decoded (not an image, or an unsupported or corrupt format).",
    fix: "Pass JPEG, PNG, WebP, GIF, TIFF or AVIF files.",
    status: "INVALID_ARGUMENT",
  },
  CLIENT_BAD_RESPONSE: {
    summary:
      "The server's response is malformed: missing output, wrong tensor size, or a body that is not the TF Serving format.",
    fix: "Check that the URL points at a TF Serving compatible server and the port matches the protocol (gRPC vs --rest).",
    status: "DATA_LOSS",
  },
  CLIENT_RPC_FAILED: {
    summary: "The server answered the request with an error status (the message names the gRPC status).",
    fix: "Read the status and message; for INVALID_ARGUMENT check --batch, --signature and the input shape.",
    status: "UNKNOWN",
  },
});
