import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { test } from "node:test";
import { fixedClock } from "../../common/clock.ts";
import { seededRandom } from "../../common/random.ts";
import { altNamesFor, createCa, issueLeaf, randomSerialHex } from "./issue.ts";
import { DEFAULT_KEY_SPEC } from "./key-pair.ts";

const NOW = Date.UTC(2026, 5, 1);
const ctx = { clock: fixedClock(NOW), random: seededRandom(1), keySpec: DEFAULT_KEY_SPEC };

test("serials are positive, non-zero and differ between certificates", () => {
  const r = seededRandom(3);
  const a = randomSerialHex(r);
  const b = randomSerialHex(r);
  assert.notEqual(a, b);
  assert.equal(a.length, 32);
  assert.ok(Number.parseInt(a.slice(0, 2), 16) < 0x80);
  assert.ok(Number.parseInt(a.slice(0, 2), 16) >= 1);
  const zero = randomSerialHex((n) => new Uint8Array(n));
  assert.equal(zero.slice(0, 2), "01");
});

test("alt names: IP literals become iPAddress, others dNSName", () => {
  assert.deepEqual(altNamesFor(["127.0.0.1", "::1", "a.example"]), [
    { type: "ip", value: "127.0.0.1" },
    { type: "ip", value: "::1" },
    { type: "dns", value: "a.example" },
  ]);
});

test("CA and leaves: v3, chain, validity from the injected clock, SAN and purposes", async () => {
  const ca = await createCa(ctx, "Test CA", 30);
  const server = await issueLeaf(ctx, ca, "server", ["127.0.0.1"], 10);
  const client = await issueLeaf(ctx, ca, "client", ["client.example"], 10);
  const caX = new X509Certificate(ca.certPem);
  const sX = new X509Certificate(server.certPem);
  const cX = new X509Certificate(client.certPem);
  assert.equal(caX.ca, true);
  assert.equal(sX.ca, false);
  assert.ok(sX.verify(caX.publicKey));
  assert.ok(cX.verify(caX.publicKey));
  assert.ok(sX.checkIssued(caX));
  assert.equal(sX.subjectAltName, "IP Address:127.0.0.1");
  assert.equal(cX.subjectAltName, "DNS:client.example");
  assert.equal(sX.checkIP("127.0.0.1"), "127.0.0.1");
  assert.ok(new Date(sX.validFrom).getTime() <= NOW);
  assert.equal(new Date(sX.validTo).getTime(), NOW + 10 * 86_400_000);
  assert.deepEqual(sX.keyUsage, ["1.3.6.1.5.5.7.3.1"]);
  assert.deepEqual(cX.keyUsage, ["1.3.6.1.5.5.7.3.2"]);
  assert.notEqual(sX.serialNumber, cX.serialNumber);
  assert.equal(sX.publicKey.asymmetricKeyType, "ec");
});
