// Refusal reasons are the `reason` of `promote --json`: a closed union, every one of them used
// by the code and documented in README's table, and nothing else accepted.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REFUSAL_REASONS, RefusalError, type RefusalReason } from '../../src/model/errors.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** The reason literal of every `new RefusalError(…, 'reason')` in src/. */
function reasonsUsedInSrc(): Set<string> {
  const used = new Set<string>();
  for (const file of sources(path.join(REPO, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const at of text.matchAll(/new RefusalError\(/g)) {
      // The reason is the last argument: the last string literal before the call's closing `,\n)` / `)`.
      const rest = text.slice(at.index);
      const end = rest.search(/,?\s*\)\s*;?\s*(\n|$)/);
      const call = rest.slice(0, end + 1);
      const literals = [...call.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]!);
      const reason = literals.at(-1);
      if (reason) used.add(reason);
    }
  }
  return used;
}

describe('refusal reasons', () => {
  test('the reason is typed: an unknown reason does not compile', () => {
    // @ts-expect-error 'tag-moved' is not a RefusalReason
    const wrong = new RefusalError('moved', 'tag-moved');
    const right: RefusalReason = new RefusalError('no record', 'no-record').reason;
    expect([wrong.reason, right]).toEqual(['tag-moved', 'no-record']);
  });

  test('REFUSAL_REASONS lists every reason src/ refuses with, and no other', () => {
    expect([...reasonsUsedInSrc()].sort()).toEqual([...REFUSAL_REASONS].sort());
  });

  test('README documents every reason in its refusal-reasons table', () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\s*\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    for (const reason of REFUSAL_REASONS) expect(documented).toContain(reason);
  });
});
