// What the code under test never inherits, and the encoded forms of a credential that are masked.
import { isPassable, isWithheld, secretForms } from '../../src/model/secrets.js';

describe('isWithheld', () => {
  test.each([
    'INPUT_REGISTRY-PASSWORD',
    'INPUT_GITHUB-TOKEN',
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'ACTIONS_CACHE_URL',
    'STATE_docker-config',
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'DOCKER_CONFIG',
    'DOCKER_AUTH_CONFIG',
  ])('%s is withheld', (name) => expect(isWithheld(name)).toBe(true));

  test.each(['PATH', 'HOME', 'GITHUB_SHA', 'GITHUB_WORKSPACE', 'RUNNER_TEMP', 'CI', 'DOCKER_HOST'])(
    '%s is passed',
    (name) => expect(isWithheld(name)).toBe(false),
  );

  test('a check may ask for the tokens and the Docker config, never for the inputs', () => {
    expect(['GITHUB_TOKEN', 'DOCKER_CONFIG'].every(isPassable)).toBe(true);
    expect(isPassable('INPUT_REGISTRY-PASSWORD')).toBe(false);
  });
});

describe('secretForms', () => {
  const password = 'hunter2-correct-horse-battery';
  const b64 = (s: string): string => Buffer.from(s).toString('base64');

  test('the Docker config `auth` value and the Basic header are masked exactly', () => {
    expect(secretForms('octocat', password)).toEqual(
      expect.arrayContaining([password, b64(`octocat:${password}`), b64(password)]),
    );
  });

  test.each(['a', 'ab', 'abc', 'abcd', 'octocat', 'x-access-token'])(
    'inside base64 of any longer text after "%s:" one masked form occurs',
    (user) => {
      const encoded = b64(`{"auths":{"r":{"username":"${user}","auth":"${user}:${password}"}}}`);
      const forms = secretForms('other-user', password).filter((f) => f !== password);
      expect(forms.some((f) => encoded.includes(f))).toBe(true);
    },
  );
});
