// Issue 12, item 10: terminal escapes (jest's coloured code frames, `compose logs`) never reach log
// tails, markdown blocks, table cells or annotations: GitHub shows them as raw `ESC[` garbage.
import { tail } from '../../src/exec/exec.js';
import { plainText } from '../../src/model/plain-text.js';
import { cell, fenced } from '../../src/model/markdown.js';
import { testAnnotations } from '../../src/reports/annotations.js';

// A jest failure as its reporter prints it with colour on (FORCE_COLOR in CI).
const JEST = [
  '\u001b[1m\u001b[31m  ● \u001b[1mcart › adds an item\u001b[39m\u001b[22m',
  '',
  '    \u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m\u001b[2m).\u001b[22mtoBe\u001b[2m(\u001b[22m\u001b[32mexpected\u001b[39m\u001b[2m)\u001b[22m',
  '\u001b[0m \u001b[90m 12 |\u001b[39m   \u001b[36mconst\u001b[39m total \u001b[33m=\u001b[39m add(\u001b[35m1\u001b[39m)\u001b[33m;\u001b[39m\u001b[0m',
  '\u001b[2K\u001b[1G web-1  | listening on 8080',
].join('\n');
const PLAIN = [
  '  ● cart › adds an item',
  '',
  '    expect(received).toBe(expected)',
  '  12 |   const total = add(1);',
  ' web-1  | listening on 8080',
].join('\n');

test('log tails, fenced blocks and table cells carry the text without escapes', () => {
  expect(tail(JEST, 40)).toBe(PLAIN);
  expect(fenced(JEST)).toBe(`\`\`\`text\n${PLAIN}\n\`\`\``);
  expect(cell('\u001b[31mfailed\u001b[39m | 2')).toBe('failed \\| 2');
});

test('annotations from a coloured JUnit failure are plain', () => {
  const [annotation] = testAnnotations({
    format: 'junit',
    path: 'reports/junit.xml',
    suites: [
      {
        name: 'cart',
        timeMs: 3,
        cases: [
          {
            name: '\u001b[1madds an item\u001b[22m',
            result: 'failed',
            timeMs: 3,
            file: 'src/cart.test.ts',
            line: 12,
            message: JEST,
            details: `${JEST}\n    at Object.<anonymous>`,
          },
        ],
      },
    ],
  });
  expect(JSON.stringify(annotation)).not.toContain('\u001b');
  expect(annotation).toMatchObject({ title: expect.stringContaining('adds an item'), message: PLAIN.trim() });
});

test('what node:util alone leaves is gone too: window titles and hyperlinks (OSC), bell, backspace', () => {
  const text =
    '\u001b]0;owned title\u0007\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\ me\u0008\u0007 \u009b31mred';
  expect(plainText(text)).toBe('click me red');
  expect(tail(text, 1)).toBe('click me red');
  expect(cell(text)).toBe('click me red');
});

test('a line redrawn with carriage returns is what it says last; CRLF is a newline', () => {
  expect(plainText('pull 10%\r20%\rdone\r\nnext\r')).toBe('done\nnext');
  // A lone \r cannot make a line overwrite the one we printed before it.
  expect(plainText('✓ all passed\r✗ 3 failed')).toBe('✗ 3 failed');
});
