// Build secrets: resolved from the environment by name. Their redaction from what we show of the
// build is model/redact.ts (__tests__/model/redact.test.ts), which this module exports too.
import * as redact from '../../src/model/redact.js';
import { REDACTED, redactedLines, redactor, resolveSecrets } from '../../src/image/secrets.js';

describe('resolveSecrets', () => {
  test('ids and names in config order; values only for redaction; unset and empty told apart', () => {
    const resolved = resolveSecrets(
      { npm_token: 'NPM_TOKEN', gh: 'GH_PAT', none: 'NOT_SET', blank: 'BLANK' },
      { NPM_TOKEN: 'npm_secret_1', GH_PAT: 'ghp_secret_2', BLANK: '' },
    );
    expect(resolved).toEqual({
      entries: [
        { id: 'npm_token', env: 'NPM_TOKEN' },
        { id: 'gh', env: 'GH_PAT' },
        { id: 'blank', env: 'BLANK' },
      ],
      values: ['npm_secret_1', 'ghp_secret_2'],
      missing: [{ id: 'none', env: 'NOT_SET' }],
      empty: [{ id: 'blank', env: 'BLANK' }],
    });
  });

  test('an inherited property is not a variable', () => {
    expect(resolveSecrets({ a: 'toString' }, {}).missing).toEqual([{ id: 'a', env: 'toString' }]);
  });
});

test('the redaction exported here is model/redact.ts', () => {
  expect([REDACTED, redactor, redactedLines]).toEqual([
    redact.REDACTED,
    redact.redactor,
    redact.redactedLines,
  ]);
});
