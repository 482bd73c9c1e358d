// 7. Reading huge reports: the 50 MB JUnit file (9,342 failures) and the 110,000-result SARIF log
// of issue 13, collected and judged as a `run` check does (collectReports + judgeReports +
// the annotation bound), each in a fresh Node process so its peak RSS is the reading's own.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigJUnit, bigSarif } from '../__tests__/support/big-reports.js';
import { fmtMs, fmtSpread, spread } from './stats.js';

const mib = (n: number): string => `${n.toFixed(0)} MiB`;

const modules = fileURLToPath(new URL('../src/reports/', import.meta.url));

/** One child: read, judge and bound the report; prints {ms, rssMb, annotations, summary}. */
function readOnce(
  root: string,
  kind: 'junit' | 'sarif',
  file: string,
): { ms: number; rssMb: number; line: string } {
  const script = `
    const { collectReports } = await import(${JSON.stringify(join(modules, 'collect.js'))});
    const { judgeReports } = await import(${JSON.stringify(join(modules, 'judge.js'))});
    const { boundAnnotations } = await import(${JSON.stringify(join(modules, 'bound.js'))});
    const start = performance.now();
    const judged = judgeReports(await collectReports(${JSON.stringify(root)}, { junit: ${kind === 'junit' ? JSON.stringify([file]) : '[]'}, sarif: ${kind === 'sarif' ? JSON.stringify([file]) : '[]'} }), 'error');
    const bounded = boundAnnotations(judged.annotations, 500);
    const ms = performance.now() - start;
    console.log(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, line: [...judged.failures, ...judged.notes].join('; ') + ' → ' + bounded.annotations.length + ' annotations sent, ' + bounded.omitted + ' not' }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number; rssMb: number; line: string };
}

export async function reports(reps = 5): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'iqa-bench-reports-'));
  try {
    mkdirSync(join(root, 'reports'));
    writeFileSync(join(root, 'reports/junit.xml'), bigJUnit());
    writeFileSync(join(root, 'reports/eslint.sarif'), bigSarif());
    const bare = spread(
      Array.from({ length: reps }, () =>
        Number(
          execFileSync(process.execPath, ['-e', 'console.log(process.resourceUsage().maxRSS / 1024)'], {
            encoding: 'utf8',
          }),
        ),
      ),
    );
    const rows: string[] = [];
    for (const [kind, file] of [
      ['junit', 'reports/junit.xml'],
      ['sarif', 'reports/eslint.sarif'],
    ] as const) {
      const runs = Array.from({ length: reps }, () => readOnce(root, kind, file));
      const mb = (statSync(join(root, file)).size / 2 ** 20).toFixed(1);
      rows.push(
        `| ${kind === 'junit' ? `JUnit, ${mb} MiB, 9,342 failures` : `SARIF, ${mb} MiB, 110,000 results`} | ${fmtSpread(spread(runs.map((r) => r.ms)), fmtMs)} | ${fmtSpread(spread(runs.map((r) => r.rssMb)), mib)} | ${runs[0]!.line} |`,
      );
    }
    return [
      '## 7. Reading huge reports',
      'The two files of issue 13 (generated: `__tests__/support/big-reports.ts`), collected, judged and bounded to',
      '`annotations-limit: 500` as a `run` check does, each run in a fresh Node process (peak RSS is',
      `\`process.resourceUsage().maxRSS\`; a bare \`node -e\` peaks at ${fmtSpread(bare, mib)}). n=${reps}.`,
      'On GitHub the bound makes each of these ⌈500/50⌉ + 3 check-run requests at most (test:',
      '`__tests__/github/bounded-annotations.test.ts`), instead of 187 and 2,196.',
      '',
      '| report | time | peak RSS | what the check says |',
      '|---|---|---|---|',
      ...rows,
    ].join('\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
