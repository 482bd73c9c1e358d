import {
  BUILTIN_VARIABLES,
  endpointVariable,
  expand,
  expandCheck,
  references,
  validateReferences,
} from '../../src/config/expand.js';
import type { CheckSpec } from '../../src/config/schema.js';
import { checkSchema } from '../../src/config/schema.js';

describe('expand', () => {
  const vars = { A: 'x', IMMUTABLE_QA_IMAGE: 'shop@sha256:1', DOLLAR: '$', REF: '${A}' };

  test('substitutes ${NAME}', () => {
    expect(expand('${IMMUTABLE_QA_IMAGE} and ${A}${A}', vars)).toBe('shop@sha256:1 and xx');
  });

  test('$$ is a literal $ and other $ stay as they are', () => {
    expect(expand('$$A $${A} $A $ cost$', vars)).toBe('$A ${A} $A $ cost$');
  });

  test('no recursion: substituted values are not expanded again', () => {
    expect(expand('${REF}', vars)).toBe('${A}');
    expect(expand('${DOLLAR}{A}', vars)).toBe('${A}');
  });

  test('no shell: quotes, backticks and $(...) are plain text', () => {
    expect(expand('"`$(rm -rf /)` ${A}\'', vars)).toBe('"`$(rm -rf /)` x\'');
  });

  test('an unterminated ${ is literal; an unknown name throws', () => {
    expect(expand('a ${A', vars)).toBe('a ${A');
    expect(() => expand('${NOPE}', vars)).toThrow('no value for ${NOPE}');
    expect(() => expand('${toString}', vars)).toThrow('no value for ${toString}');
  });

  test('references', () => {
    expect(references('${A}$${B}${C}$$ ${D')).toEqual(['A', 'C']);
  });
});

test('endpointVariable', () => {
  expect(endpointVariable('web')).toBe('IMMUTABLE_QA_ENDPOINT_WEB');
  expect(endpointVariable('api-v2')).toBe('IMMUTABLE_QA_ENDPOINT_API_V2');
  expect(BUILTIN_VARIABLES).toEqual([
    'IMMUTABLE_QA_IMAGE',
    'IMMUTABLE_QA_DIGEST',
    'IMMUTABLE_QA_PROJECT',
    'IMMUTABLE_QA_NETWORK',
  ]);
});

function check(raw: unknown): CheckSpec {
  return checkSchema.parse(raw);
}

describe('expandCheck', () => {
  test('expands env, http.url, headers, body and load.url; run is left alone', () => {
    const base = { IMMUTABLE_QA_ENDPOINT_WEB: 'http://127.0.0.1:3000/', IMMUTABLE_QA_IMAGE: 'shop@sha256:1' };
    const http = check({
      name: 'smoke',
      env: { BASE: '${IMMUTABLE_QA_ENDPOINT_WEB}', PRICE: '$$5' },
      http: {
        url: '${BASE}healthz',
        method: 'POST',
        headers: { 'X-Image': '${IMMUTABLE_QA_IMAGE}' },
        body: '{"p":"${PRICE}"}',
      },
    });
    expect(expandCheck(http, base)).toMatchObject({
      env: { BASE: 'http://127.0.0.1:3000/', PRICE: '$5' },
      http: {
        url: 'http://127.0.0.1:3000/healthz',
        headers: { 'X-Image': 'shop@sha256:1' },
        body: '{"p":"$5"}',
      },
    });
    const load = check({ name: 'load', load: { url: '${IMMUTABLE_QA_ENDPOINT_WEB}api' } });
    expect(expandCheck(load, base).load?.url).toBe('http://127.0.0.1:3000/api');
    const run = check({ name: 'run', run: 'echo ${IMMUTABLE_QA_IMAGE}' });
    expect(expandCheck(run, base).run).toBe('echo ${IMMUTABLE_QA_IMAGE}');
  });
});

describe('validateReferences', () => {
  const environment = {
    endpoints: { web: { service: 'app', port: 80, path: '/', scheme: 'http' as const } },
  };

  test('accepts built-ins, declared endpoints and the check env; ignores run', () => {
    const checks = [
      check({ name: 'a', run: 'echo ${ANYTHING}', env: { X: '${IMMUTABLE_QA_DIGEST}' } }),
      check({
        name: 'b',
        env: { U: '${IMMUTABLE_QA_ENDPOINT_WEB}' },
        http: { url: '${U}', headers: { h: '${IMMUTABLE_QA_NETWORK}' } },
      }),
      check({ name: 'c', load: { url: '${IMMUTABLE_QA_ENDPOINT_WEB}$${LITERAL}' } }),
    ];
    expect(validateReferences({ environment, checks })).toEqual([]);
  });

  test('checks may use the commit, PR and ref the build args saw', () => {
    const checks = [
      check({
        name: 'version',
        env: { WANT: '${IMMUTABLE_QA_SHA}' },
        http: { url: '${IMMUTABLE_QA_ENDPOINT_WEB}pr/${IMMUTABLE_QA_PR}?ref=${IMMUTABLE_QA_REF}' },
      }),
    ];
    expect(validateReferences({ environment, checks })).toEqual([]);
  });

  test('flags unknown names with the path of the string', () => {
    const checks = [
      check({ name: 'a', http: { url: '${IMMUTABLE_QA_ENDPOINT_DB}', method: 'POST', body: '${bad name}' } }),
      check({ name: 'b', env: { A: '1', B: '${A}', C: '${GITHUB_SHA' } }),
    ];
    const problems = validateReferences({ environment, checks });
    expect(problems.map((p) => p.path)).toEqual([
      ['checks', 0, 'http', 'url'],
      ['checks', 0, 'http', 'body'],
      ['checks', 1, 'env', 'B'],
      ['checks', 1, 'env', 'C'],
    ]);
    expect(problems[0]!.message).toContain('no such endpoint in environment.endpoints (declared: "web")');
    expect(problems[1]!.message).toContain('${bad name} is not a variable name');
    expect(problems[2]!.message).toContain('env values cannot refer to other env keys');
    expect(problems[3]!.message).toContain('unterminated "${"');
  });
});
