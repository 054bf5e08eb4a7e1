import assert from "node:assert/strict";
import { createHash, type webcrypto, X509Certificate } from "node:crypto";
import { describe, test } from "node:test";
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import type { EvidenceProvider } from "../attestation/providers/provider.ts";
import type { Evidence, VerifiedClaims } from "../attestation/verifier.ts";
import { isSealedError } from "../common/errors.ts";
import { seededRandom } from "../common/random.ts";
import { decodeCbor } from "./cbor.ts";
import { createRatlsCertificate } from "./create.ts";
import { extractRatls } from "./extract.ts";
import { LEGACY_OID_DER, TCG_OID_DER } from "./formats.ts";
import { extractBoundEvidence, verifyRatlsCertificate } from "./verify.ts";

/** A stand-in SGX v3 quote: the right header and report data at 368, 1000 bytes, unsigned. */
function fakeQuote(reportData: Uint8Array, marker: number): Uint8Array {
  const q = new Uint8Array(1000);
  q[0] = 3;
  q[2] = 2;
  q[500] = marker;
  q.set(reportData, 368);
  return q;
}

function fakeProvider(): EvidenceProvider & { calls: number } {
  const p = {
    tee: "sgx" as const,
    calls: 0,
    async getEvidence(rd: Uint8Array): Promise<Evidence> {
      p.calls++;
      return { tee: "sgx", bytes: fakeQuote(rd, p.calls) };
    },
  };
  return p;
}

/** Accepts any evidence and reports its report data: isolates the binding checks. */
async function acceptAll(ev: Evidence): Promise<VerifiedClaims> {
  return {
    tee: ev.tee,
    status: "UpToDate",
    advisoryIds: [],
    reportData: ev.bytes.slice(368, 432),
    debug: false,
    claims: { marker: String(ev.bytes[500]) },
    trustAnchor: "test",
  };
}

const indexOf = (hay: Uint8Array, needle: Uint8Array) => Buffer.from(hay).indexOf(Buffer.from(needle));
const sha256 = (b: Uint8Array) => new Uint8Array(createHash("sha256").update(b).digest());
const expectCode = async (code: string, p: Promise<unknown>) =>
  assert.rejects(p, (e: unknown) => isSealedError(e) && e.code === code);

/** Re-signs a certificate with the holder's key after replacing extension values (tests only). */
async function rebuild(
  made: { certDer: Uint8Array; privateKey: webcrypto.CryptoKey },
  replace: Record<string, Uint8Array | null>,
): Promise<Uint8Array> {
  const cert = new x509.X509Certificate(made.certDer);
  const publicKey = await cert.publicKey.export({ name: "ECDSA", namedCurve: "P-384" }, ["verify"]);
  const exts = cert.extensions
    .filter((e) => replace[e.type] !== null)
    .map((e) => (replace[e.type] ? new x509.Extension(e.type, false, replace[e.type] as Uint8Array) : e));
  const out = await x509.X509CertificateGenerator.create({
    serialNumber: "01",
    subject: cert.subject,
    issuer: cert.issuer,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    publicKey,
    signingKey: made.privateKey as unknown as x509.X509CertificateCreateWithKeyParams["signingKey"],
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    extensions: exts,
  });
  return new Uint8Array(out.rawData);
}

const TCG = "2.23.133.5.4.9";
const LEGACY = "0.6.9.42.840.113741.1337.6";
const tagged = (quote: Uint8Array, claims: Uint8Array) =>
  Uint8Array.from([
    0xd9,
    0xea,
    0x60,
    0x82,
    0x59,
    quote.length >> 8,
    quote.length & 0xff,
    ...quote,
    0x58,
    claims.length,
    ...claims,
  ]);

describe("RA-TLS certificates", () => {
  test("created certificates have Gramine's shape, both extensions and two different quotes", async () => {
    const provider = fakeProvider();
    const made = await createRatlsCertificate(provider, { random: seededRandom(7) });
    assert.equal(provider.calls, 2);
    const node = new X509Certificate(made.certDer);
    assert.equal(node.subject, "C=US\nO=GramineDevelopers\nCN=RATLS".split("\n").reverse().join("\n"));
    assert.equal(node.issuer, node.subject);
    assert.equal(node.serialNumber, "01");
    assert.equal(node.publicKey.asymmetricKeyDetails?.namedCurve, "secp384r1");
    assert.equal(new Date(node.validFrom).toISOString(), "2001-01-01T00:00:00.000Z");
    assert.equal(new Date(node.validTo).toISOString(), "2030-12-31T23:59:59.000Z");
    assert.ok(node.verify(node.publicKey));
    const p = new x509.X509Certificate(made.certDer);
    assert.equal((p.signatureAlgorithm as unknown as { name: string }).name, "ECDSA");
    assert.equal((p.signatureAlgorithm as { hash: { name: string } }).hash.name, "SHA-256");
    assert.ok(p.getExtension(x509.BasicConstraintsExtension));
    assert.equal(p.getExtension(x509.BasicConstraintsExtension)?.ca, false);
    assert.ok(p.getExtension(x509.SubjectKeyIdentifierExtension));
    assert.ok(p.getExtension(x509.AuthorityKeyIdentifierExtension));
    // Exact OID bytes, legacy value with 04 82 HH LL.
    const legacyAt = indexOf(made.certDer, LEGACY_OID_DER);
    assert.ok(legacyAt > 0);
    assert.deepEqual([...made.certDer.subarray(legacyAt + 13, legacyAt + 16)], [0x04, 0x82, 1000 >> 8]);
    assert.ok(indexOf(made.certDer, TCG_OID_DER) > 0);
    const contents = extractRatls(made.certDer);
    assert.ok(contents.tcg && contents.legacy);
    assert.equal(contents.spki.length, 120);
    // Legacy binding: SHA-256(SPKI) || zeros.
    assert.deepEqual(contents.legacy.evidence.subarray(368, 400), sha256(contents.spki));
    assert.ok(contents.legacy.evidence.subarray(400, 432).every((b) => b === 0));
    // TCG: tag 60000 [bstr quote, bstr claims], 51-byte claims, binding SHA-256(claims).
    const claims = contents.tcg.claims;
    assert.equal(claims.length, 51);
    const head = Buffer.from("a16b7075626b65792d68617368582482015820", "hex");
    assert.deepEqual(Buffer.from(claims.subarray(0, 19)), head);
    assert.deepEqual(claims.subarray(19), sha256(contents.spki));
    assert.deepEqual(contents.tcg.evidence.subarray(368, 400), sha256(claims));
    assert.notDeepEqual(contents.tcg.evidence, contents.legacy.evidence);
    const tcgAt = indexOf(made.certDer, TCG_OID_DER);
    const cborAt = indexOf(
      made.certDer.subarray(tcgAt),
      Uint8Array.of(0xd9, 0xea, 0x60, 0x82, 0x59, 1000 >> 8, 1000 & 0xff),
    );
    assert.ok(cborAt > 0);
    const v = decodeCbor(made.certDer.subarray(tcgAt + cborAt, tcgAt + cborAt + 3 + 1 + 3 + 1000 + 2 + 51));
    assert.equal(v.kind, "tag");
    // Private key matches.
    assert.match(made.keyPem, /BEGIN PRIVATE KEY/);
  });

  test("a created certificate verifies, preferring the TCG extension", async () => {
    const made = await createRatlsCertificate(fakeProvider());
    const claims = await verifyRatlsCertificate(made.certDer, { timeMs: 0, verifyEvidence: acceptAll });
    assert.equal(claims.claims.marker, "2"); // the second quote is the TCG one
    assert.equal(extractBoundEvidence(made.certDer).source, "tcg");
  });

  test("binding failures have their own codes", async () => {
    const a = await createRatlsCertificate(fakeProvider());
    const b = await createRatlsCertificate(fakeProvider());
    const ca = extractRatls(a.certDer);
    const cb = extractRatls(b.certDer);
    const opts = { timeMs: 0, verifyEvidence: acceptAll };
    const ok = await rebuild(a, {});
    assert.ok(await verifyRatlsCertificate(ok, opts));
    // Editing any byte breaks the self-signature.
    const edited = Uint8Array.from(a.certDer);
    edited[indexOf(edited, ca.tcg!.claims) + 50] ^= 1;
    await expectCode("RATLS_CERT_SIGNATURE", verifyRatlsCertificate(edited, opts));
    // Flipped pubkey-hash (re-signed by the key holder).
    const claims = Uint8Array.from(ca.tcg!.claims);
    claims[50] ^= 1;
    await expectCode(
      "RATLS_PUBKEY_HASH_MISMATCH",
      verifyRatlsCertificate(await rebuild(a, { [TCG]: tagged(ca.tcg!.evidence, claims) }), opts),
    );
    // The whole TCG extension of another certificate: its claims name the other key.
    await expectCode(
      "RATLS_PUBKEY_HASH_MISMATCH",
      verifyRatlsCertificate(await rebuild(a, { [TCG]: tagged(cb.tcg!.evidence, cb.tcg!.claims) }), opts),
    );
    // Quote swapped in from another certificate, this certificate's claims kept.
    await expectCode(
      "RATLS_REPORT_DATA_MISMATCH",
      verifyRatlsCertificate(await rebuild(a, { [TCG]: tagged(cb.tcg!.evidence, ca.tcg!.claims) }), opts),
    );
    // Legacy-only certificate carrying another certificate's legacy quote.
    await expectCode(
      "RATLS_REPORT_DATA_MISMATCH",
      verifyRatlsCertificate(await rebuild(a, { [TCG]: null, [LEGACY]: cb.legacy!.evidence }), opts),
    );
    const legacyOnly = await rebuild(a, { [TCG]: null });
    assert.equal(extractBoundEvidence(legacyOnly).source, "legacy");
    // Report data whose hash half matches but whose tail is not zero.
    const q = Uint8Array.from(ca.tcg!.evidence);
    q[431] = 1;
    await expectCode(
      "RATLS_REPORT_DATA_PADDING",
      verifyRatlsCertificate(await rebuild(a, { [TCG]: tagged(q, ca.tcg!.claims) }), opts),
    );
    // Present but invalid TCG extension fails even though the legacy one is fine.
    await expectCode(
      "RATLS_CBOR_MALFORMED",
      verifyRatlsCertificate(await rebuild(a, { [TCG]: tagged(ca.tcg!.evidence, ca.tcg!.claims).subarray(1) }), opts),
    );
    await expectCode(
      "RATLS_CLAIMS_INVALID",
      verifyRatlsCertificate(
        await rebuild(a, {
          [TCG]: tagged(
            ca.tcg!.evidence,
            Uint8Array.from([0xa1, 0x63, ...Buffer.from("foo"), 0x58, 24, ...new Uint8Array(24)]),
          ),
        }),
        opts,
      ),
    );
    // No extension at all.
    await expectCode(
      "RATLS_NO_EVIDENCE",
      verifyRatlsCertificate(await rebuild(a, { [TCG]: null, [LEGACY]: null }), opts),
    );
    // Evidence too small for the legacy extension's 2-byte length.
    await expectCode(
      "RATLS_EXTENSION_MALFORMED",
      verifyRatlsCertificate(await rebuild(a, { [TCG]: null, [LEGACY]: new Uint8Array(200) }), opts),
    );
    await expectCode("RATLS_CERT_PARSE", verifyRatlsCertificate(a.certDer.subarray(0, 100), opts));
  });

  test("SHA-384 and SHA-512 pubkey hashes in the claims are accepted", async () => {
    const a = await createRatlsCertificate(fakeProvider());
    const spki = extractRatls(a.certDer).spki;
    for (const [id, alg] of [
      [7, "sha384"],
      [8, "sha512"],
    ] as const) {
      const h = new Uint8Array(createHash(alg).update(spki).digest());
      const inner = Uint8Array.from([0x82, id, 0x58, h.length, ...h]);
      const claims = Uint8Array.from([0xa1, 0x6b, ...Buffer.from("pubkey-hash"), 0x58, inner.length, ...inner]);
      const quote = fakeQuote(Uint8Array.from([...sha256(claims), ...new Uint8Array(32)]), 9);
      const c = await verifyRatlsCertificate(await rebuild(a, { [TCG]: tagged(quote, claims) }), {
        timeMs: 0,
        verifyEvidence: acceptAll,
      });
      assert.equal(c.claims.marker, "9");
    }
  });
});
