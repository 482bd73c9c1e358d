// @sigstore/sign and its HTTP stack are loaded when the first record is signed, not when the
// surface builds its signer (record/signing.ts): the key is still checked before anything starts.
import { jest } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import type { QaStatement } from '../../src/record/statement.js';
import { qaRecordFixture } from '../support/records.js';

let evaluated = 0;
const signStatement = jest.fn((statement: QaStatement) =>
  Promise.resolve(Buffer.from(statement.subject[0]!.digest.sha256)),
);
jest.unstable_mockModule('../../src/record/sign.js', () => {
  evaluated++;
  return { signStatement, keylessSigning: () => ({ signer: {}, witnesses: [] }) };
});
const { recordSigner } = await import('../../src/record/signing.js');

const PRIVATE = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

test('a key is checked without loading the signing libraries; they load on the first signature', async () => {
  expect(() => recordSigner({ signing: 'key' }, { signingKey: 'hunter2', context: {}, env: {} })).toThrow(
    'the signing key cannot sign',
  );
  const signer = recordSigner({ signing: 'key' }, { signingKey: PRIVATE, context: {}, env: {} });
  expect(evaluated).toBe(0);
  const record = qaRecordFixture();
  await expect(signer.sign(record)).resolves.toEqual(
    Buffer.from(record.image.digest!.slice('sha256:'.length)),
  );
  expect(evaluated).toBe(1);
  expect(signStatement.mock.calls[0]![0].predicate).toEqual(record);
});

test('keyless loads them only when it signs', async () => {
  const before = evaluated;
  const signer = recordSigner(
    { signing: 'keyless' },
    {
      context: {},
      env: { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/token', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' },
    },
  );
  expect(signer.mode).toBe('keyless');
  expect(evaluated).toBe(before);
  await signer.sign(qaRecordFixture());
  expect(signStatement).toHaveBeenCalledTimes(2);
});
