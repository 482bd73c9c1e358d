// Secret values redacted from what we show (build output, registry messages): every occurrence,
// each line of a multi-line value, and in streamed output also when a value arrives split across
// two chunks.
import { REDACTED, redactedLines, redactor } from '../../src/model/redact.js';

describe('redactor', () => {
  test.each<[string, string[], string, string]>([
    ['no secrets: the text as is', [], 'token abcd', 'token abcd'],
    ['every occurrence', ['s3cr3t'], 'a s3cr3t b s3cr3t', `a ${REDACTED} b ${REDACTED}`],
    ['the longer of two overlapping values first', ['abcd', 'abcdefgh'], 'x abcdefgh', `x ${REDACTED}`],
    [
      'each line of a multi-line value',
      ['line-one-x\nline-two-y'],
      '#5 line-two-y\n#5 line-one-x',
      `#5 ${REDACTED}\n#5 ${REDACTED}`,
    ],
    ['values under 4 characters are left (they would mask everything)', ['abc'], 'abc abcd', 'abc abcd'],
    ['regex characters are literal', ['a.b*c+d'], 'a.b*c+d axbbcd', `${REDACTED} axbbcd`],
  ])('%s', (_name, values, text, expected) => {
    expect(redactor(values)(text)).toBe(expected);
  });
});

describe('redactedLines', () => {
  test('a value split across chunks is redacted once its line is complete', () => {
    const out: string[] = [];
    const lines = redactedLines(redactor(['npm_secret_value']), (t) => out.push(t));
    lines.push('#6 token: npm_sec');
    expect(out).toEqual([]);
    lines.push('ret_value\n#6 DONE');
    lines.flush();
    expect(out).toEqual([`#6 token: ${REDACTED}`, '#6 DONE']);
    expect(out.join('\n')).not.toContain('npm_secret_value');
  });

  test('complete lines pass at once; empty output is not written', () => {
    const out: string[] = [];
    const lines = redactedLines(
      (t) => t,
      (t) => out.push(t),
    );
    lines.push('#1 a\n#2 b\n');
    lines.push('\n');
    lines.flush();
    expect(out).toEqual(['#1 a\n#2 b']);
  });

  test('a line longer than 64 KiB is not held back for ever', () => {
    const out: string[] = [];
    const lines = redactedLines(
      (t) => t,
      (t) => out.push(t),
    );
    lines.push('x'.repeat(70 * 1024));
    expect(out).toHaveLength(1);
  });
});
