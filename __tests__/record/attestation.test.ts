// The QA record as a signed in-toto attestation, key mode (issue 15): real signing with generated
// P-256 and Ed25519 keys through @sigstore/sign, verification through @sigstore/verify, and the
// attacks promotion must refuse. The DSSE signature is also checked by hand (PAE + node:crypto),
// independently of both libraries, so the bundle is what cosign and gh read.
import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { verifyWithKeys } from '../../src/record/attestation.js';
import { keySigner } from '../../src/record/key-signer.js';
import { signStatement } from '../../src/record/sign.js';
import {
  BUNDLE_MEDIA_TYPE,
  INTOTO_PAYLOAD_TYPE,
  PREDICATE_TYPE,
  qaStatement,
} from '../../src/record/statement.js';
import type { QaRecord } from '../../src/model/record.js';
import { qaRecordFixture } from '../support/records.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const OTHER = `sha256:${'b'.repeat(64)}`;

const record = (digest = DIGEST): QaRecord => qaRecordFixture({ digest });

const pem = (k: KeyObject, type: 'pkcs8' | 'spki'): string => k.export({ type, format: 'pem' }).toString();
const pair = (kind: 'ec' | 'ed25519') => {
  const { privateKey, publicKey } =
    kind === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : generateKeyPairSync('ed25519');
  return { privateKey: pem(privateKey, 'pkcs8'), publicKey: pem(publicKey, 'spki'), key: publicKey };
};

type Json = {
  dsseEnvelope: { payload: string; payloadType: string; signatures: Array<{ sig: string; keyid: string }> };
  mediaType: string;
};

describe.each(['ec', 'ed25519'] as const)('key mode (%s)', (kind) => {
  const signer = pair(kind);
  const stranger = pair(kind);

  test('signs and verifies; the verified record is the signed predicate', async () => {
    const bytes = await signStatement(qaStatement(record()), keySigner(signer.privateKey));
    const bundle = JSON.parse(bytes.toString('utf8')) as Json;
    expect(bundle.mediaType).toBe(BUNDLE_MEDIA_TYPE);
    const checked = verifyWithKeys(bytes, [stranger.publicKey, signer.publicKey], DIGEST);
    expect(checked).toMatchObject({ ok: true, record: record() });
    // Independently of the libraries: DSSE v1 PAE over the payload, signed by the key.
    const payload = Buffer.from(bundle.dsseEnvelope.payload, 'base64');
    const type = bundle.dsseEnvelope.payloadType;
    expect(type).toBe(INTOTO_PAYLOAD_TYPE);
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} ${type} ${payload.length} `), payload]);
    const sig = Buffer.from(bundle.dsseEnvelope.signatures[0]!.sig, 'base64');
    expect(verify(kind === 'ec' ? 'sha256' : null, pae, signer.key, sig)).toBe(true);
    expect(JSON.parse(payload.toString('utf8'))).toMatchObject({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'ghcr.io/acme/shop', digest: { sha256: 'a'.repeat(64) } }],
      predicateType: PREDICATE_TYPE,
    });
  });

  test('a record signed by an untrusted key is refused, naming both keys', async () => {
    const bytes = await signStatement(qaStatement(record()), keySigner(stranger.privateKey));
    const checked = verifyWithKeys(bytes, [signer.publicKey], DIGEST);
    expect(checked).toMatchObject({ ok: false, problem: 'untrusted-key' });
    expect(!checked.ok && checked.message).toMatch(/^signed by key [0-9a-f]{64}; trusted: key [0-9a-f]{64}$/);
  });

  test('a tampered payload with the original signature is refused', async () => {
    const bytes = await signStatement(
      qaStatement({ ...record(), verdict: 'failed' }),
      keySigner(signer.privateKey),
    );
    const bundle = JSON.parse(bytes.toString('utf8')) as Json;
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')) as {
      predicate: QaRecord;
    };
    statement.predicate.verdict = 'passed';
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    const checked = verifyWithKeys(Buffer.from(JSON.stringify(bundle)), [signer.publicKey], DIGEST);
    expect(checked).toMatchObject({ ok: false, problem: 'bad-signature' });
  });

  test("another key's signature under the trusted key's id is refused", async () => {
    const forged = JSON.parse(
      (await signStatement(qaStatement(record()), keySigner(stranger.privateKey))).toString('utf8'),
    ) as Json & { verificationMaterial: { publicKey: { hint: string } } };
    const genuine = JSON.parse(
      (await signStatement(qaStatement(record()), keySigner(signer.privateKey))).toString('utf8'),
    ) as typeof forged;
    forged.verificationMaterial.publicKey.hint = genuine.verificationMaterial.publicKey.hint;
    forged.dsseEnvelope.signatures[0]!.keyid = genuine.dsseEnvelope.signatures[0]!.keyid;
    const checked = verifyWithKeys(Buffer.from(JSON.stringify(forged)), [signer.publicKey], DIGEST);
    expect(checked).toMatchObject({ ok: false, problem: 'bad-signature' });
  });

  test('a valid attestation of digest A attached to digest B is refused', async () => {
    const bytes = await signStatement(qaStatement(record(DIGEST)), keySigner(signer.privateKey));
    const checked = verifyWithKeys(bytes, [signer.publicKey], OTHER);
    expect(checked).toMatchObject({ ok: false, problem: 'subject-mismatch' });
    expect(!checked.ok && checked.message).toBe(
      `the attestation is about ${DIGEST} (record: ${DIGEST}), not ${OTHER}`,
    );
  });
});

describe('what is not a signed record', () => {
  test('a forged record (valid JSON, no signature) is refused as unsigned', () => {
    const checked = verifyWithKeys(Buffer.from(JSON.stringify(record())), [pair('ec').publicKey], DIGEST);
    expect(checked).toMatchObject({ ok: false, problem: 'not-a-bundle' });
    expect(!checked.ok && checked.message).toMatch(/it is unsigned$/);
  });

  test('keys other than P-256 and Ed25519, and non-keys, are refused at signing', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(() => keySigner(pem(rsa, 'pkcs8'))).toThrow(
      'the signing key must be ECDSA P-256 or Ed25519 (got rsa)',
    );
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey;
    expect(() => keySigner(pem(p384, 'pkcs8'))).toThrow('(got ec secp384r1)');
    expect(() => keySigner('not a key')).toThrow(/^the signing key is not a PEM private key/);
  });

  test('a record without a digest cannot be attested', () => {
    expect(() => qaStatement(record('local-image-id'))).toThrow(/without a sha256 digest/);
  });
});
